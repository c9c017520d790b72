import type { FastifyReply, FastifyRequest } from 'fastify';
import { isAppError } from '../kernel/errors.ts';
import { flashNext } from './flash.ts';
import type { FlashMessage, RequestContext } from '../kernel/request-context.ts';

/** Reading submitted forms and query strings: every value arrives as a string, an array, or not at all. */
export type Fields = Record<string, unknown>;

export const bodyOf = (req: FastifyRequest): Fields => (req.body && typeof req.body === 'object' ? (req.body as Fields) : {});
/** The query string with one string per name: a repeated name (`?a=1&a=2`, which parses as an array) gives its first value. */
export function queryOf(req: FastifyRequest): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries((req.query ?? {}) as Record<string, unknown>)) out[k] = str(v);
  return out;
}
/** U+0000 never comes from a form field, and PostgreSQL text cannot hold it: it is dropped on reading. */
const text = (s: string) => (s.includes('\u0000') ? s.replaceAll('\u0000', '') : s);
export const str = (v: unknown): string => (typeof v === 'string' ? text(v) : Array.isArray(v) && typeof v[0] === 'string' ? text(v[0]) : '');
export const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map(text) : typeof v === 'string' ? [text(v)] : [];
export const checked = (v: unknown) => str(v) === '1' || str(v) === 'on';

/** A positive integer id, or undefined. */
export function idOf(v: unknown): number | undefined {
  const s = str(v);
  if (!/^\d{1,9}$/.test(s)) return undefined;
  const n = Number(s);
  return n > 0 ? n : undefined;
}
/** A filter's id from the query string (0 included: the admin store view, NOT LOGGED IN), or undefined to not filter. */
export function filterId(v: unknown): number | undefined {
  const s = str(v);
  return /^\d{1,9}$/.test(s) ? Number(s) : undefined;
}
export const ids = (v: unknown): number[] =>
  strs(v)
    .map(idOf)
    .filter((n): n is number => n !== undefined);
export const paramId = (req: FastifyRequest, name = 'id') => idOf((req.params as Record<string, string>)[name]);

/** A flash message for the next page, then a 303 to it. */
export function redirectWith(reply: FastifyReply, rc: RequestContext, to: string, ...messages: FlashMessage[]) {
  if (messages.length) flashNext(reply, rc.app.env.cookieSecure, ...messages);
  return reply.redirect(to, 303);
}

/**
 * Runs a service call for a form: validation failures come back as messages and field errors for the form to
 * show again (status 400); anything else propagates to the error handler.
 */
export async function attempt<T>(
  work: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; message: string; fields: Record<string, string>; status: number }> {
  try {
    return { ok: true, value: await work() };
  } catch (e) {
    if (isAppError(e) && (e.kind === 'validation' || e.kind === 'conflict'))
      return { ok: false, message: e.message, fields: e.fieldErrors, status: e.kind === 'conflict' ? 409 : 400 };
    throw e;
  }
}
