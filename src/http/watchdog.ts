import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface SlowRequest {
  method: string;
  /** The route pattern (never the raw URL: query strings may carry tokens). */
  route: string;
  ms: number;
  /** False when the limit passed and the request had still not answered. */
  answered: boolean;
}

const started = new WeakMap<FastifyRequest, { at: number; timer: NodeJS.Timeout; reported: boolean }>();

/**
 * Request watchdog for test runs: a request that takes longer than `limitMs` — or never answers — is reported to
 * `onSlow` (and, with `file`, appended to it as a JSON line), so a freeze is caught by the test suite rather than by
 * a merchant. The test app fails its run on any report; the browser journeys check the file.
 */
export function installRequestWatchdog(server: FastifyInstance, opts: { limitMs: number; file?: string; onSlow?: (slow: SlowRequest) => void }) {
  const report = (slow: SlowRequest) => {
    server.log.error({ slow }, 'request exceeded the watchdog limit');
    opts.onSlow?.(slow);
    if (opts.file) {
      mkdirSync(dirname(opts.file), { recursive: true });
      appendFileSync(opts.file, `${JSON.stringify(slow)}\n`);
    }
  };
  const routeOf = (req: FastifyRequest) => req.routeOptions.url ?? req.url.split('?')[0]!;
  server.addHook('onRequest', async (req) => {
    const at = performance.now();
    const entry = {
      at,
      reported: false,
      timer: setTimeout(() => {
        entry.reported = true;
        report({ method: req.method, route: routeOf(req), ms: Math.round(performance.now() - at), answered: false });
      }, opts.limitMs),
    };
    entry.timer.unref();
    started.set(req, entry);
  });
  server.addHook('onResponse', async (req) => {
    const s = started.get(req);
    if (!s) return;
    clearTimeout(s.timer);
    const ms = performance.now() - s.at;
    if (ms > opts.limitMs && !s.reported) report({ method: req.method, route: routeOf(req), ms: Math.round(ms), answered: true });
  });
}

/** A request that is meant to stay open (an event stream) is not slow: it leaves the watchdog's count. */
export function exemptFromWatchdog(req: FastifyRequest) {
  const s = started.get(req);
  if (!s) return;
  clearTimeout(s.timer);
  started.delete(req);
}
