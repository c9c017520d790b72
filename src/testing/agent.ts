import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../app.ts';
import { ADMIN_CSRF_COOKIE, CSRF_COOKIE, csrfTokenFor, type CsrfSurface } from '../http/csrf.ts';

/** Which form key a URL checks: the admin panel's or the storefront's. */
export const csrfSurfaceOf = (url: string): CsrfSurface =>
  url === '/admin' || url.startsWith('/admin/') || url.startsWith('/admin?') ? 'admin' : 'storefront';
import { ADMIN_COOKIE } from '../http/server.tsx';

/**
 * A cookie-keeping client over Fastify's inject: requests go through the real HTTP stack (hooks, guards,
 * CSRF, error mapping) without a socket. `post` adds the form key unless told not to.
 */
export class Agent {
  readonly cookies = new Map<string, string>();
  /** `headers` go with every request (e.g. X-Forwarded-For for a client address of its own). */
  constructor(
    readonly app: App,
    readonly headers: Record<string, string> = {},
  ) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  /** The form key a page of that surface rendered for this browser would carry (admin and storefront differ). */
  formKey(surface: CsrfSurface = 'storefront'): string {
    const seed = this.cookies.get(surface === 'admin' ? ADMIN_CSRF_COOKIE : CSRF_COOKIE);
    return seed ? csrfTokenFor(this.app.ctx.env.sessionSecret, seed) : '';
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.remember(await this.app.server.inject({ method: 'GET', url, headers: { ...this.headers, cookie: this.cookieHeader(), ...headers } }));
  }

  async post(url: string, form: Record<string, string | string[]> = {}, opts: { formKey?: boolean; headers?: Record<string, string> } = {}) {
    const surface = csrfSurfaceOf(url);
    if (opts.formKey !== false && !this.cookies.has(surface === 'admin' ? ADMIN_CSRF_COOKIE : CSRF_COOKIE))
      await this.get(surface === 'admin' ? '/admin/login' : '/checkout/cart'); // pages never cached, so no test's cache expectations move
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
    if (opts.formKey !== false && !('form_key' in form)) params.set('form_key', this.formKey(surface));
    return this.remember(
      await this.app.server.inject({
        method: 'POST',
        url,
        payload: params.toString(),
        headers: { ...this.headers, 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), ...(opts.headers ?? {}) },
      }),
    );
  }

  /** Signs in through the real form. */
  async signInAdmin(username: string, password: string) {
    const res = await this.post('/admin/login', { 'login[username]': username, 'login[password]': password });
    if (!this.cookies.has(ADMIN_COOKIE)) throw new Error(`Admin sign-in failed (${res.statusCode}): ${res.body.slice(0, 300)}`);
    return res;
  }
}
