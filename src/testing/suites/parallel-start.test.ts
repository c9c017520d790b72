import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startServer, type ServerProcess } from '../server-process.ts';
import { createServerDatabase, openServerDatabase } from '../server-database.ts';
import { testDbKind } from '../test-app.ts';

// Two real server processes started at the same moment on one empty database: one migrates and seeds, the other
// waits for the start-up lock and finds the work done. Both come up; the demo data exists once.
const kind = testDbKind();
const serverUrl = process.env.TEST_DATABASE_URL;
const runnable = kind === 'sqlite' || !!serverUrl;
const title =
  kind === 'postgres' && !serverUrl
    ? 'two processes on one empty PostgreSQL database — skipped: needs TEST_DATABASE_URL (processes cannot share the embedded PGlite)'
    : `two processes started together on one empty ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} database`;

describe.skipIf(!runnable)(title, () => {
  const varDir = runnable ? mkdtempSync(join(tmpdir(), 'concierge-start-')) : '';
  const servers: ServerProcess[] = [];
  let drop = async () => {};
  afterAll(async () => {
    for (const s of servers) await s.stop().catch(() => s.kill());
    await drop();
    if (varDir) rmSync(varDir, { recursive: true, force: true });
  });

  it('both come up, the database is migrated and seeded once, and both are ready', { timeout: 180_000 }, async () => {
    const created = await createServerDatabase(varDir, 'start');
    const database = created.database;
    drop = created.drop;
    const ports = [await freePort(), await freePort()];
    const started = await Promise.allSettled(
      ports.map((port, i) => startServer({ port, varDir: join(varDir, `p${i}`), database, env: { SEED_DEMO: 'true' } })),
    );
    for (const s of started) if (s.status === 'fulfilled') servers.push(s.value);
    expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'up'))).toEqual(['up', 'up']);

    for (const s of servers) {
      const live = await fetch(`${s.baseUrl}/health/live`);
      expect(live.status).toBe(200);
      const ready = await fetch(`${s.baseUrl}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ok', database: 'ok', redis: 'not configured' });
    }

    const check = await openServerDatabase(database);
    try {
      const admins = await check.db.selectFrom('admin_users').select('username').where('username', '=', 'admin').execute();
      expect(admins).toHaveLength(1);
      const websites = await check.db.selectFrom('websites').select('code').execute();
      expect(new Set(websites.map((w) => w.code)).size).toBe(websites.length);
      const products = await check.db
        .selectFrom('products')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const skus = await check.db
        .selectFrom('products')
        .select(({ fn }) => fn.count<number>('sku').distinct().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(products.n)).toBeGreaterThan(0);
      expect(Number(skus.n)).toBe(Number(products.n));
    } finally {
      await check.close();
    }
  });
});
