import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { exemptFromWatchdog } from './watchdog.ts';

/** Open event streams per server, so closing the server ends them at once instead of waiting for their lifetime. */
const open = new WeakMap<FastifyInstance, Set<() => void>>();

/** Ends every event stream the server holds open (its preClose hook). */
export function closeEventStreams(server: FastifyInstance) {
  for (const end of [...(open.get(server) ?? [])]) end();
}

export interface EventStreamOptions {
  /** How often `read` is asked for the current state (ms). */
  everyMs: number;
  /** The stream ends after this long (ms); the browser's EventSource connects again after `retryMs`. */
  maxMs: number;
  retryMs: number;
  /** A comment line keeps proxies from closing a quiet stream (ms). */
  heartbeatMs: number;
  /** The state to send: a new value (compared as text) goes out as one event of `event`. */
  read: () => Promise<unknown>;
  event: string;
}

/**
 * Serves a server-sent event stream on the raw response: never cached, not buffered by proxies, one event whenever
 * the state `read` answers changes (and once at the start), closed after `maxMs`, when the browser goes away or
 * when the server closes. `read` must be cheap: it runs every `everyMs` for each open stream.
 */
export function sendEventStream(req: FastifyRequest, reply: FastifyReply, o: EventStreamOptions) {
  exemptFromWatchdog(req);
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'private, no-store',
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
  });
  res.write(`retry: ${o.retryMs}\n\n`);
  let last: string | undefined;
  let ended = false;
  let timer: NodeJS.Timeout | undefined;
  const streams = open.get(req.server) ?? new Set<() => void>();
  open.set(req.server, streams);
  const end = () => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    clearTimeout(lifetime);
    clearInterval(heartbeat);
    streams.delete(end);
    res.end();
  };
  streams.add(end);
  const lifetime = setTimeout(end, o.maxMs);
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), o.heartbeatMs);
  lifetime.unref();
  heartbeat.unref();
  req.raw.on('close', end);
  const tick = async () => {
    if (ended) return;
    try {
      const value = JSON.stringify(await o.read());
      if (!ended && value !== last) {
        last = value;
        res.write(`event: ${o.event}\ndata: ${value}\n\n`);
      }
    } catch (e) {
      req.log.warn({ err: e }, 'event stream read failed');
      return end();
    }
    if (!ended) timer = setTimeout(tick, o.everyMs);
  };
  void tick();
  return reply;
}
