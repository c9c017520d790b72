import type { FastifyRequest } from 'fastify';

/** Longest path accepted as a redirect target; longer ones are not something our own pages link to. */
const MAX_PATH_LENGTH = 2048;

/**
 * A redirect target taken from the request (a Referer, `?return=`, a form field) as a path on this site, or
 * `fallback`. Only a path that begins with exactly one `/` passes: `//host` and `/\host` are other sites to a
 * browser, backslashes are read as slashes, and control characters or spaces can split or reshape the header.
 */
export function safeLocalPath(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || value.length > MAX_PATH_LENGTH) return fallback;
  if (!value.startsWith('/') || value[1] === '/') return fallback;
  // Printable ASCII only, and no backslash anywhere (browsers turn it into `/`).
  if (!/^[\x21-\x7e]*$/.test(value) || value.includes('\\')) return fallback;
  return value;
}

/**
 * "Back to where the visitor came from": the path and query of a Referer on this same origin, checked like any
 * other redirect target, else `fallback`.
 */
export function backToReferer(req: FastifyRequest, fallback: string): string {
  const referer = req.headers.referer;
  if (typeof referer !== 'string' || !referer) return fallback;
  let url: URL;
  let own: URL;
  try {
    url = new URL(referer);
    own = new URL(`${req.protocol}://${req.host}`); // the same normalisation (default ports dropped)
  } catch {
    return fallback;
  }
  if (url.origin !== own.origin || url.username || url.password) return fallback;
  return safeLocalPath(`${url.pathname}${url.search}`, fallback);
}
