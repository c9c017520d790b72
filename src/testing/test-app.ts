import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { sql } from 'kysely';
import { createApp, type App } from '../app.ts';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { loadEnv } from '../env.ts';
import { ManualClock } from '../kernel/clock.ts';
import { randomToken } from '../kernel/tokens.ts';

export type TestDbKind = 'sqlite' | 'postgres';

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
  const schema = `t_${randomToken(9).toLowerCase().replace(/[^a-z0-9]/g, '')}`;
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
  dispose(): Promise<void>;
}

/** The whole application on a test database, with a clock the test controls and caches that never lag. */
export async function createTestApp(envOverrides: Record<string, string> = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  const clock = new ManualClock(new Date('2026-01-15T10:00:00.000Z'));
  const env = loadEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', VAR_DIR: join(tmpdir(), 'concierge-test-var'), LOGIN_RATE_LIMIT: '10000', REGISTRATION_RATE_LIMIT: '10000', ...envOverrides });
  const app = await createApp(env, { database, clock, cacheCheckMs: 0, logger: pino({ level: 'silent' }) });
  return {
    ...app,
    clock,
    async dispose() {
      await app.close();
      await database.drop();
    },
  };
}
