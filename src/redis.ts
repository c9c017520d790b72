import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

// Required on first use: a store without REDIS_URL never loads the client (about 2 MB of heap per process).
const require = createRequire(import.meta.url);

/** A Redis client whose connection errors are logged (once per outage) instead of thrown at the process. */
export function watchedRedis(url: string, logger: Logger, role: string, opts: { queueWhileOffline?: boolean } = {}): Redis {
  // Commands fail at once while Redis is unreachable (no queue, a second at most each), so a request never waits
  // on it; only the subscriber queues its subscription until the first connection.
  const { Redis: Client } = require('ioredis') as typeof import('ioredis');
  const client = new Client(url, { maxRetriesPerRequest: 1, enableOfflineQueue: opts.queueWhileOffline ?? false, commandTimeout: 1000, connectTimeout: 2000 });
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
