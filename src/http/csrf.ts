import type { FastifyReply, FastifyRequest } from 'fastify';
import { hmac, randomToken, safeEqual } from '../kernel/tokens.ts';
import type { RequestContext } from '../kernel/request-context.ts';

/**
 * CSRF protection: a signed double-submit token. A random seed lives in an HttpOnly, SameSite=Lax cookie;
 * forms carry HMAC(secret, seed) as `form_key` (Magento's name) or the X-CSRF-Token header. A cross-site page
 * can neither read the seed nor compute the HMAC. The seed is rotated whenever who is signed in changes: admin
 * sign-in and sign-out, customer sign-in (and registration), sign-out, password reset and the start and end of
 * an assisted session (`rotateStorefrontFormKey`), so a form key read before no longer works after.
 */
export const CSRF_COOKIE = 'concierge_csrf';
/**
 * The admin panel keeps its own seed (path /admin, SameSite=Strict): a change of identity on the storefront —
 * such as an assisted session starting in a new tab of the admin's browser — must not invalidate the forms of the
 * admin pages still open, and the reverse.
 */
export const ADMIN_CSRF_COOKIE = 'concierge_admin_csrf';

export type CsrfSurface = 'admin' | 'storefront';
const seedCookie = (surface: CsrfSurface) =>
  surface === 'admin' ? { name: ADMIN_CSRF_COOKIE, path: '/admin', sameSite: 'strict' as const } : { name: CSRF_COOKIE, path: '/', sameSite: 'lax' as const };

export function csrfTokenFor(secret: string, seed: string) {
  return hmac(secret, `csrf:${seed}`);
}

export function ensureCsrfSeed(req: FastifyRequest, reply: FastifyReply, secure: boolean, surface: CsrfSurface = 'storefront'): string {
  const existing = req.cookies[seedCookie(surface).name];
  if (existing && /^[\w-]{43}$/.test(existing)) return existing;
  return rotateCsrfSeed(reply, secure, surface);
}

export function rotateCsrfSeed(reply: FastifyReply, secure: boolean, surface: CsrfSurface = 'storefront'): string {
  const seed = randomToken();
  const { name, path, sameSite } = seedCookie(surface);
  reply.setCookie(name, seed, { path, httpOnly: true, sameSite, secure });
  return seed;
}

export function submittedToken(req: FastifyRequest): string | undefined {
  const header = req.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body = req.body as Record<string, unknown> | undefined;
  const v = body && typeof body === 'object' ? body.form_key : undefined;
  return typeof v === 'string' ? v : undefined;
}

export function csrfValid(req: FastifyRequest, secret: string, surface: CsrfSurface = 'storefront'): boolean {
  const seed = req.cookies[seedCookie(surface).name];
  const token = submittedToken(req);
  if (!seed || !token) return false;
  return safeEqual(token, csrfTokenFor(secret, seed));
}

/**
 * The storefront form key of this browser, from an admin response (the Login as Customer handoff page posts to the
 * storefront): made with the storefront seed, which is set here when the browser has none yet.
 */
export function storefrontFormKey(req: FastifyRequest, reply: FastifyReply, env: { cookieSecure: boolean; sessionSecret: string }): string {
  return csrfTokenFor(env.sessionSecret, ensureCsrfSeed(req, reply, env.cookieSecure, 'storefront'));
}

/**
 * A new seed for this browser at a change of identity on the storefront. Forms rendered in this same response
 * get the new key (the page fills its form-key slots from `rc.locals.formKey`).
 */
export function rotateStorefrontFormKey(rc: RequestContext, reply: FastifyReply): string {
  const seed = rotateCsrfSeed(reply, rc.app.env.cookieSecure);
  rc.locals.formKey = csrfTokenFor(rc.app.env.sessionSecret, seed);
  return rc.locals.formKey;
}
