import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** A Redis client whose connection errors are logged (once per outage) instead of thrown at the process. */
export function watchedRedis(url: string, logger: Logger, role: string, opts: { queueWhileOffline?: boolean } = {}): Redis {
  // Commands fail at once while Redis is unreachable (no queue, a second at most each), so a request never waits
  // on it; only the subscriber queues its subscription until the first connection.
  const client = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: opts.queueWhileOffline ?? false, commandTimeout: 1000, connectTimeout: 2000 });
  let down = false;
  client.on('error', (err) => {
    if (!down) logger.warn({ err, role }, 'Redis unavailable; carrying on without it');
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.info({ role }, 'Redis is back');
    down = false;
  });
  return client;
}
