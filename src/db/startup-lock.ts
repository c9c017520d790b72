import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { sql } from 'kysely';
import type { DatabaseHandle } from './database.ts';

/** 64-bit key of the PostgreSQL advisory lock that serialises start-up work (migrations, first seed). */
const ADVISORY_KEY = 7_302_911_004_115_002_001n;

/**
 * Runs `work` while no other process runs start-up work on the same database, so N processes started together on
 * an empty database migrate and seed it once and all come up. PostgreSQL: a session-level advisory lock held on a
 * connection of its own. SQLite: an exclusive lock file beside the database (a lock left by a process that died is
 * taken over).
 */
export async function withStartupLock<T>(handle: DatabaseHandle, work: () => Promise<T>): Promise<T> {
  if (handle.dialect === 'postgres') {
    if (handle.embedded) return work(); // one process owns an embedded database
    return handle.db.connection().execute(async (conn) => {
      await sql`select pg_advisory_lock(${ADVISORY_KEY})`.execute(conn);
      try {
        return await work();
      } finally {
        await sql`select pg_advisory_unlock(${ADVISORY_KEY})`.execute(conn);
      }
    });
  }
  if (!handle.file || handle.file === ':memory:') return work();
  const release = await lockFile(`${resolve(handle.file)}.startup-lock`);
  try {
    return await work();
  } finally {
    release();
  }
}

async function lockFile(path: string, timeoutMs = 120_000): Promise<() => void> {
  mkdirSync(dirname(path), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (holderIsGone(path)) {
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() - started > timeoutMs)
      throw new Error(`Waited ${timeoutMs / 1000} s for the start-up lock ${path}; remove it if no Concierge process is starting.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function holderIsGone(path: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path, 'utf8'));
  } catch {
    return false; // just released, or being written: try again
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
