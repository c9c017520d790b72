import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './db/database.ts';
import { verifyPassword } from './kernel/passwords.ts';
import { testDbKind } from './testing/test-app.ts';

// The server process as operators start it (`npm start`), on its own empty SQLite database.
const dir = mkdtempSync(join(tmpdir(), 'concierge-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts src/main.ts, waits until it listens, stops it with SIGTERM and returns its exit status. */
function startAndStop(env: Record<string, string>): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start: ${output}`));
    }, 60_000);
    const collect = (d: Buffer) => {
      output += d.toString();
      if (output.includes('Concierge is running')) child.kill('SIGTERM');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

const count = async (db: Awaited<ReturnType<typeof openDatabase>>['db'], table: 'customers' | 'admin_users' | 'products' | 'orders') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe.runIf(testDbKind() === 'sqlite')('first start', () => {
  it('in production creates the first administrator and no demo data (no customers with a published password)', { timeout: 120_000 }, async () => {
    const varDir = join(dir, 'production');
    const sqliteFile = join(dir, 'production.sqlite');
    const run = await startAndStop({
      NODE_ENV: 'production',
      SESSION_SECRET: 'a-real-production-secret-0123456789abcdef',
      SQLITE_FILE: sqliteFile,
      VAR_DIR: varDir,
    });
    expect(run.status, run.output).toBe(0);

    const { db, close } = await openDatabase({ sqliteFile });
    try {
      expect(await count(db, 'customers')).toBe(0);
      expect(await count(db, 'products')).toBe(0);
      expect(await count(db, 'orders')).toBe(0);
      const admins = await db
        .selectFrom('admin_users as u')
        .innerJoin('admin_roles as r', 'r.id', 'u.role_id')
        .select(['u.username', 'u.password_hash', 'r.name', 'r.all_resources'])
        .execute();
      expect(admins.map((a) => [a.username, a.name, a.all_resources])).toEqual([['admin', 'Administrators', 1]]);
      // The password in initial-admin.txt (readable by the owner only) signs that administrator in.
      const file = join(varDir, 'initial-admin.txt');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const password = /password: (\S+)/.exec(readFileSync(file, 'utf8'))![1]!;
      expect(await verifyPassword(admins[0]!.password_hash, password)).toBe(true);
    } finally {
      await close();
    }

    // A second start finds its administrator and adds nothing.
    const again = await startAndStop({
      NODE_ENV: 'production',
      SESSION_SECRET: 'a-real-production-secret-0123456789abcdef',
      SQLITE_FILE: sqliteFile,
      VAR_DIR: varDir,
    });
    expect(again.status, again.output).toBe(0);
    const reopened = await openDatabase({ sqliteFile });
    expect(await count(reopened.db, 'admin_users')).toBe(1);
    await reopened.close();
  });

  it('in production seeds the demo store when SEED_DEMO=true is set', { timeout: 90_000 }, async () => {
    const sqliteFile = join(dir, 'asked.sqlite');
    const run = await startAndStop({
      NODE_ENV: 'production',
      SESSION_SECRET: 'a-real-production-secret-0123456789abcdef',
      SQLITE_FILE: sqliteFile,
      VAR_DIR: join(dir, 'asked'),
      SEED_DEMO: 'true',
      // Caches that read their version stamp on every use: a seed step that reads through the outer handle
      // inside the seed's transaction fails loudly here (the transaction guard), not only in the browser tests.
      CACHE_CHECK_MS: '0',
    });
    expect(run.status, run.output).toBe(0);
    const { db, close } = await openDatabase({ sqliteFile });
    expect(await count(db, 'customers')).toBeGreaterThan(0);
    await close();
  });
});

/** The process ids whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe.runIf(testDbKind() === 'sqlite' && existsSync('/proc/self/stat'))('every core', () => {
  it('in production runs WEB_CONCURRENCY workers on one port, and stops them all on SIGTERM', { timeout: 120_000 }, async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => resolve(p));
      });
    });
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: '',
        REDIS_URL: '',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        WEB_CONCURRENCY: '2',
        SESSION_SECRET: 'a-real-production-secret-0123456789abcdef',
        SQLITE_FILE: join(dir, 'cluster.sqlite'),
        VAR_DIR: join(dir, 'cluster'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 90_000;
    while ((output.match(/Concierge is running/g) ?? []).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect((output.match(/Concierge is running/g) ?? []).length, output).toBe(2);
    const workers = childrenOf(child.pid!);
    expect(workers).toHaveLength(2);
    for (let i = 0; i < 10; i++) expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(workers.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]);
  });
});
