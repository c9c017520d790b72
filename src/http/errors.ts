import { ZodError } from 'zod';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isAppError, type ErrorKind } from '../kernel/errors.ts';
import { languageTag, SOURCE_LOCALE, translator } from '../kernel/i18n.ts';

const STATUS: Record<ErrorKind, number> = {
  not_found: 404,
  forbidden: 403,
  unauthenticated: 401,
  validation: 400,
  conflict: 409,
  rate_limited: 429,
  csrf: 403,
};

const isApi = (req: FastifyRequest) => req.url.startsWith('/rest/') || req.url.startsWith('/graphql') || req.url === '/health';

/** The one place typed errors become HTTP responses. 5xx bodies never carry internals. */
export function handleError(error: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) {
  const t = req.rc?.t ?? translator();
  let status = 500;
  let message = t('An error occurred on the server. Please try again.');
  let fields: Record<string, string> = {};
  if (isAppError(error)) {
    status = STATUS[error.kind];
    // Services raise English source text; it is shown in the reader's language.
    message = t(error.message);
    fields = Object.fromEntries(Object.entries(error.fieldErrors).map(([k, v]) => [k, t(v)]));
  } else if (error instanceof ZodError) {
    // A body whose shape no form has (an array, a nested object) fails its schema at the edge: a bad request.
    status = 400;
    message = t('The request could not be understood.');
  } else if ('statusCode' in error && typeof error.statusCode === 'number' && error.statusCode < 500) {
    status = error.statusCode;
    message =
      status === 429
        ? t('Too many requests. Please wait a moment and try again.')
        : status === 413
          ? t('The request is too large.')
          : t('The request could not be understood.');
  }
  if (status >= 500) req.log.error({ err: error }, 'request failed');
  reply.code(status);
  if (isApi(req)) return reply.type('application/json').send({ message, ...(Object.keys(fields).length ? { errors: fields } : {}) });
  return reply.type('text/html; charset=utf-8').send(errorPage(status, message, req.url.startsWith('/admin') ? '/admin' : '/', t, req.rc?.locale));
}

/** A self-contained error page; used before any layout can be trusted to render. */
export function errorPage(status: number, message: string, homeHref: string, t = translator(), locale = SOURCE_LOCALE) {
  const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="${escapeHtml(languageTag(locale))}"><head><meta charset="utf-8"><title>${status}</title><link rel="stylesheet" href="/static/${homeHref === '/admin' ? 'admin' : 'store'}.css"></head><body class="error-page"><main><h1>${status}</h1><p class="error-message">${escapeHtml(message)}</p><p><a href="${homeHref}">${escapeHtml(t('Go to the start page'))}</a></p></main></body></html>`;
}
