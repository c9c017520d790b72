import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DialectName } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { Env } from '../env.ts';
import type { Clock } from './clock.ts';
import type { Services } from './services.ts';

/**
 * Built once at boot (src/app.ts) and passed down: the process's shared parts. The module registry is added to it by
 * src/modules/registry.ts (declaration merging), so the kernel imports no module.
 */
export interface AppContext {
  env: Env;
  db: Kysely<Database>;
  dialect: DialectName;
  clock: Clock;
  logger: Logger;
  services: Services;
  /** Tells other processes (via Redis, when configured) that a named cache changed. */
  publishInvalidation(name: string): void;
}
