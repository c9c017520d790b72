import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  PGliteDialect,
  PostgresDialect,
  SqliteDialect,
  type DatabaseConnection,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Transaction,
  type TransactionSettings,
} from 'kysely';
import type { Database } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';
/** Anything queries can run on: the database or an open transaction. */
export type Db = Kysely<Database> | Transaction<Database>;

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** The PostgreSQL schema the handle works in, when not the default (tests). */
  schema?: string;
  /** The SQLite file, when the database is one. */
  file?: string;
  /** An in-process PostgreSQL (PGlite): no other process can reach it. */
  embedded?: boolean;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… for PostgreSQL, pglite:// (memory) for embedded PostgreSQL, otherwise SQLite. */
  url?: string;
  sqliteFile?: string;
  /** PostgreSQL schema to use (tests give each file its own). */
  pgSchema?: string;
  /** PostgreSQL pool size (PG_POOL_MAX). */
  poolMax?: number;
}

/** Thrown when code inside a transaction queries the database through the outer handle. */
export class OuterHandleInTransactionError extends Error {
  constructor() {
    super('A query used the outer database handle while a transaction of that handle is open; inside the transaction use only its handle (trx.db).');
    this.name = 'OuterHandleInTransactionError';
  }
}

/** The guards of the transactions open in the current async call chain. */
const openTransactions = new AsyncLocalStorage<readonly symbol[]>();
const guardOf = new WeakMap<Kysely<Database>, symbol>();

/**
 * Wraps a dialect so that a query on the root handle, made from code running inside one of that handle's
 * transactions, fails at once instead of waiting: with a single connection (SQLite, PGlite) such a query would wait
 * for the very transaction that waits for it, freezing every request; with a pool it would silently run outside the
 * transaction. The check runs before the connection lock, which is therefore taken here rather than by Kysely.
 */
class GuardedDialect implements Dialect {
  readonly guard = Symbol('transaction guard');
  constructor(private readonly inner: Dialect) {}
  createAdapter(): DialectAdapter {
    const adapter = this.inner.createAdapter();
    return new Proxy(adapter, { get: (target, prop) => (prop === 'supportsMultipleConnections' ? true : Reflect.get(target, prop, target)) });
  }
  createDriver(): Driver {
    return new GuardedDriver(this.inner.createDriver(), this.guard, !this.inner.createAdapter().supportsMultipleConnections);
  }
  createQueryCompiler() {
    return this.inner.createQueryCompiler();
  }
  createIntrospector(db: Kysely<any>) {
    return this.inner.createIntrospector(db);
  }
}

class GuardedDriver implements Driver {
  private locked = false;
  /** Callers waiting for the single connection, first come first served: a release hands it to the next one only. */
  private readonly waiting: (() => void)[] = [];
  constructor(
    private readonly inner: Driver,
    private readonly guard: symbol,
    private readonly singleConnection: boolean,
  ) {}
  init() {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    if (openTransactions.getStore()?.includes(this.guard)) throw new OuterHandleInTransactionError();
    if (this.singleConnection) {
      // Waking every waiter on each release (and letting them race for it) cost time per waiter per query and let a
      // request lose the race again and again: under load that was the slowest percent of requests.
      if (this.locked) await new Promise<void>((resolve) => this.waiting.push(resolve));
      else this.locked = true;
    }
    try {
      return await this.inner.acquireConnection();
    } catch (e) {
      this.release();
      throw e;
    }
  }
  async releaseConnection(connection: DatabaseConnection) {
    try {
      await this.inner.releaseConnection(connection);
    } finally {
      this.release();
    }
  }
  /** Hands the connection to the longest waiter (it stays locked), or unlocks it. */
  private release() {
    if (!this.singleConnection) return;
    const next = this.waiting.shift();
    if (next) next();
    else this.locked = false;
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return this.inner.beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection) {
    return this.inner.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection) {
    return this.inner.rollbackTransaction(connection);
  }
  destroy() {
    return this.inner.destroy();
  }
}

function guardedKysely(dialect: Dialect): Kysely<Database> {
  const guarded = new GuardedDialect(dialect);
  const db = new Kysely<Database>({ dialect: guarded });
  guardOf.set(db, guarded.guard);
  return db;
}

/**
 * Runs `work` in a transaction of `db`. While it runs, `db` itself cannot be queried from `work`'s call chain
 * (OuterHandleInTransactionError): everything inside must use the transaction handle it is given.
 */
export async function transaction<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  const guard = guardOf.get(db);
  const hooks: (() => Promise<void>)[] = [];
  const result = await db.transaction().execute((trx) => {
    commitHooks.set(trx, hooks);
    return guard ? openTransactions.run([...(openTransactions.getStore() ?? []), guard], () => work(trx)) : work(trx);
  });
  // After the commit and outside the transaction's call chain, so the hooks may use the outer handle.
  for (const hook of hooks) await hook();
  return result;
}

const commitHooks = new WeakMap<Transaction<Database>, (() => Promise<void>)[]>();

/**
 * Runs `hook` once what was written through `db` is committed: after the transaction when `db` is one (never when
 * it rolls back), at once otherwise. Hooks must not throw (they run after the commit, when nothing can be undone).
 */
export async function afterCommit(db: Db, hook: () => Promise<void>): Promise<void> {
  if (!db.isTransaction) return hook();
  // A transaction opened some other way than transaction() has no hooks: its work is left to the poll.
  commitHooks.get(db as Transaction<Database>)?.push(hook);
}

/** Whether the current call chain is inside a transaction of `db` (so `db` itself must not be used). */
export function insideTransactionOf(db: Kysely<Database>): boolean {
  const guard = guardOf.get(db);
  return !!guard && !!openTransactions.getStore()?.includes(guard);
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const url = options.url ?? '';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    // Loaded only here: a store on SQLite never holds the driver in memory.
    const { default: pg } = await import('pg');
    // COUNT(*) and BIGINT come back from PostgreSQL as strings; every such value here fits a JS number.
    pg.types.setTypeParser(20, (v) => Number(v));
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolMax ?? 10,
      ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}),
    });
    const db = guardedKysely(new PostgresDialect({ pool }));
    return { db, dialect: 'postgres', schema: options.pgSchema, close: () => db.destroy() };
  }
  if (url.startsWith('pglite://')) {
    const { PGlite } = await import('@electric-sql/pglite');
    const pglite = new PGlite({ parsers: { 20: (v: string) => Number(v) } });
    const db = guardedKysely(new PGliteDialect({ pglite }));
    return { db, dialect: 'postgres', embedded: true, close: () => db.destroy() };
  }
  const file = options.sqliteFile ?? ':memory:';
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = guardedKysely(new SqliteDialect({ database: withStatementCache(sqlite) }));
  return { db, dialect: 'sqlite', file, close: () => db.destroy() };
}

/**
 * better-sqlite3 compiles SQL on every prepare(); Kysely prepares each query it runs. Reusing the compiled
 * statement for the same SQL text saves that work on every request. A statement still iterating (a stream) is
 * never handed out twice: a fresh one is prepared instead.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') {
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (source: string) => {
        const hit = cache.get(source);
        if (hit && !hit.busy) return hit;
        const stmt = prepare(source);
        if (!hit) {
          if (cache.size >= max) cache.delete(cache.keys().next().value!);
          cache.set(source, stmt);
        }
        return stmt;
      };
    },
  });
}
