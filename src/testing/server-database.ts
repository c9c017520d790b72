import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../db/database.ts';
import { randomToken } from '../kernel/tokens.ts';
import { testDbKind } from './test-app.ts';

/** Where a server process started by a test keeps its data: a SQLite file, or a PostgreSQL database URL. */
export type ServerDatabase = { sqliteFile: string } | { url: string };

/**
 * A fresh, empty database that server processes can share, for this run's database kind: a SQLite file under
 * `dir`, or a new database on the TEST_DATABASE_URL server (a whole database, not a schema: the servers
 * connect with a plain URL). `drop` removes it, even while connections are open.
 */
export async function createServerDatabase(dir: string, prefix: string): Promise<{ database: ServerDatabase; drop: () => Promise<void> }> {
  if (testDbKind() === 'sqlite') return { database: { sqliteFile: join(dir, `${prefix}.sqlite`) }, drop: async () => {} };
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('A PostgreSQL database for server processes needs TEST_DATABASE_URL.');
  const name = `concierge_${prefix}_${randomToken(9)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { database: { url: url.toString() }, drop: () => run(`drop database if exists ${name} with (force)`) };
}

/** A direct connection to that database (to prepare data or check what the servers wrote). */
export const openServerDatabase = (d: ServerDatabase) => openDatabase('url' in d ? { url: d.url } : { sqliteFile: d.sqliteFile });
