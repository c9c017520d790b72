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

export function csrfTokenFor(secret: string, seed: string) {
  return hmac(secret, `csrf:${seed}`);
}

export function ensureCsrfSeed(req: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = req.cookies[CSRF_COOKIE];
  if (existing && /^[\w-]{43}$/.test(existing)) return existing;
  return rotateCsrfSeed(reply, secure);
}

export function rotateCsrfSeed(reply: FastifyReply, secure: boolean): string {
  const seed = randomToken();
  reply.setCookie(CSRF_COOKIE, seed, { path: '/', httpOnly: true, sameSite: 'lax', secure });
  return seed;
}

export function submittedToken(req: FastifyRequest): string | undefined {
  const header = req.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body = req.body as Record<string, unknown> | undefined;
  const v = body && typeof body === 'object' ? body.form_key : undefined;
  return typeof v === 'string' ? v : undefined;
}

export function csrfValid(req: FastifyRequest, secret: string): boolean {
  const seed = req.cookies[CSRF_COOKIE];
  const token = submittedToken(req);
  if (!seed || !token) return false;
  return safeEqual(token, csrfTokenFor(secret, seed));
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
