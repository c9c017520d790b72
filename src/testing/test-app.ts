import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { sql } from 'kysely';
import { createApp, type App } from '../app.ts';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { loadEnv } from '../env.ts';
import { ManualClock } from '../kernel/clock.ts';
import { randomToken } from '../kernel/tokens.ts';

export type TestDbKind = 'sqlite' | 'postgres';

/** Every request in the test suite must answer within this many milliseconds. */
export const WATCHDOG_MS = 5000;

/** Which database this test run uses: TEST_DB=postgres (real server when TEST_DATABASE_URL is set, else PGlite). */
export const testDbKind = (): TestDbKind => (process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite');

/** A fresh, migrated database owned by one test file: a temp SQLite file, a new PostgreSQL schema, or PGlite. */
export async function openTestDatabase(): Promise<DatabaseHandle & { drop(): Promise<void> }> {
  if (testDbKind() === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'concierge-test-'));
    const handle = await openDatabase({ sqliteFile: join(dir, 'test.sqlite') });
    return { ...handle, drop: async () => (await handle.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const handle = await openDatabase({ url: 'pglite://memory' });
    return { ...handle, drop: () => handle.close() };
  }
  const schema = `t_${randomToken(9)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')}`;
  const admin = await openDatabase({ url });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  await admin.close();
  const handle = await openDatabase({ url, pgSchema: schema });
  return {
    ...handle,
    async drop() {
      await handle.close();
      const cleanup = await openDatabase({ url });
      await sql`drop schema ${sql.id(schema)} cascade`.execute(cleanup.db);
      await cleanup.close();
    },
  };
}

export interface TestApp extends App {
  clock: ManualClock;
  /** The test database, for a second app instance on the same data (see createPeerApp). */
  database: DatabaseHandle;
  dispose(): Promise<void>;
}

/**
 * The whole application on a test database, with a clock the test controls and caches that never lag. Silent
 * unless given a logger (tests that read what the server logs).
 */
/** `cacheCheckMs` (default 0: caches never lag) above 0 lets the anonymous fast path answer, as in production. */
export async function createTestApp(
  envOverrides: Record<string, string> = {},
  options: {
    logger?: Logger;
    cacheCheckMs?: number /** false: jobs wait for drainOnce (default: each runs when its transaction commits) */;
    runJobsOnCommit?: boolean;
  } = {},
): Promise<TestApp> {
  const database = await openTestDatabase();
  const clock = new ManualClock(new Date('2026-01-15T10:00:00.000Z'));
  const env = loadEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    VAR_DIR: mkdtempSync(join(tmpdir(), 'concierge-test-var-')),
    LOGIN_RATE_LIMIT: '10000',
    REGISTRATION_RATE_LIMIT: '10000',
    REQUEST_WATCHDOG_MS: String(WATCHDOG_MS),
    JOBS_WORKER: 'off',
    ...envOverrides,
  });
  // Emails a request queues are delivered before its answer, so a test reads them at once; the queue's own tests
  // turn this off and drive the worker with drainOnce and the manual clock.
  const app = await createApp(env, {
    database,
    clock,
    cacheCheckMs: options.cacheCheckMs ?? 0,
    runJobsOnCommit: options.runJobsOnCommit ?? true,
    logger: options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  });
  return {
    ...app,
    clock,
    database,
    async dispose() {
      await app.close();
      await database.drop();
      rmSync(env.VAR_DIR, { recursive: true, force: true });
      // The watchdog: any request of the file's tests that took longer than the limit fails the file.
      if (app.slowRequests.length)
        throw new Error(
          `Requests exceeded the ${WATCHDOG_MS} ms watchdog: ${app.slowRequests.map((r) => `${r.method} ${r.route} ${r.answered ? `${r.ms} ms` : 'no answer'}`).join('; ')}`,
        );
    },
  };
}

/**
 * Another instance of the application on the same database and clock, with its own services and caches — what a
 * second process behind the load balancer has. Its caches look at version stamps only every `cacheCheckMs`, so a
 * test sees whether a rule holds without them.
 */
export async function createPeerApp(first: TestApp, opts: { cacheCheckMs?: number; runJobsOnCommit?: boolean } = {}): Promise<App> {
  return createApp(first.ctx.env, {
    database: first.database,
    clock: first.clock,
    cacheCheckMs: opts.cacheCheckMs ?? 60_000,
    runJobsOnCommit: opts.runJobsOnCommit ?? true,
    logger: pino({ level: 'silent' }),
  });
}
