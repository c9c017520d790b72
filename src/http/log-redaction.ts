import pino, { type Logger } from 'pino';

/**
 * What the server log may say about a request. A URL can carry a secret in its query (a password-reset link's
 * `token`, a `form_key`, a signed `key` …), so only the path and the names of query parameters are kept as
 * given; the values of parameters whose names look secret are replaced. Headers (cookies, authorization),
 * bodies and the values of forms are never logged.
 */
const SECRET_NAME = /token|key|pass|secret|binding|session|signature|auth|hash|code/i;
export const REDACTED = '[REDACTED]';

/** The URL with the value of every secret-looking query parameter replaced by `[REDACTED]`. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at === -1) return url;
  const params = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq === -1 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // A malformed escape: judge the name as written.
      }
      return eq !== -1 && SECRET_NAME.test(name) ? `${rawName}=${REDACTED}` : pair;
    });
  return `${url.slice(0, at)}?${params.join('&')}`;
}

/** Any URL-looking query text inside free text (an error message, a stack) with its secret values replaced. */
export function redactText(text: string): string {
  return text.replace(/([?&;]([^=&\s"'<>?;]+)=)([^&\s"'<>;]*)/g, (whole, prefix: string, name: string) =>
    SECRET_NAME.test(name) ? `${prefix}${REDACTED}` : whole,
  );
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Serializers for Fastify's `req`, `res` and `err` log fields: see the rules above. */
export const safeSerializers = {
  req(req: LoggedRequest) {
    return {
      method: req.method,
      url: typeof req.url === 'string' ? redactUrl(req.url) : undefined,
      host: req.host,
      remoteAddress: req.ip,
      remotePort: req.socket?.remotePort,
    };
  },
  res(reply: { statusCode?: number }) {
    return { statusCode: reply.statusCode };
  },
  err(err: Error) {
    const out = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
    for (const field of ['message', 'stack'] as const) if (typeof out[field] === 'string') out[field] = redactText(out[field] as string);
    return out;
  },
};

/** The logger the application writes through: the given one, with the safe serializers taking precedence. */
export function withSafeSerializers(logger: Logger): Logger {
  return logger.child({}, { serializers: safeSerializers });
}
