import type { Db } from './database.ts';
import { sql } from 'kysely';

/**
 * Cross-process invalidation by version stamp: a row per cache name in `cache_versions`, bumped on change.
 * Readers keep their copy and look at the stamp at most every `checkEveryMs`; a local bump is seen at once.
 * When Redis is configured, a published bump is also pushed to other processes immediately (see app.ts).
 */
export async function bumpVersion(db: Db, name: string): Promise<number> {
  const row = await sql<{ version: number }>`
    insert into cache_versions (name, version) values (${name}, 1)
    on conflict (name) do update set version = cache_versions.version + 1
    returning version`.execute(db);
  return Number(row.rows[0]?.version ?? 0);
}

export async function readVersion(db: Db, name: string): Promise<number> {
  const row = await db.selectFrom('cache_versions').select('version').where('name', '=', name).executeTakeFirst();
  return Number(row?.version ?? 0);
}

export class VersionedCache<T> {
  private value: T | undefined;
  private version = -1;
  private checkedAt = 0;
  private loading: Promise<T> | undefined;

  constructor(
    private readonly db: () => Db,
    private readonly name: string,
    private readonly load: (db: Db) => Promise<T>,
    private readonly checkEveryMs = 1000,
  ) {}

  /**
   * Pass the caller's executor when inside a transaction: SQLite has one connection, so a query on the
   * root handle would wait for the transaction that is waiting for it.
   */
  async get(executor?: Db): Promise<T> {
    const now = Date.now();
    if (this.value !== undefined && now - this.checkedAt < this.checkEveryMs) return this.value;
    // A load already running on the root handle cannot be joined from inside a transaction: on a single
    // connection it waits for the transaction, which would wait for it. Read through the transaction instead.
    if (this.loading && executor?.isTransaction) return this.read(executor);
    if (this.loading) return this.loading;
    this.loading = (async () => {
      try {
        const db = executor ?? this.db();
        const current = await readVersion(db, this.name);
        if (this.value === undefined || current !== this.version) {
          this.value = await this.load(db);
          this.version = current;
        }
        this.checkedAt = Date.now();
        return this.value;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  private async read(db: Db): Promise<T> {
    const current = await readVersion(db, this.name);
    if (this.value !== undefined && current === this.version) return this.value;
    return this.load(db);
  }

  /** Forget the local copy (after a local change, or a pushed notice from another process). */
  invalidate() {
    this.value = undefined;
    this.checkedAt = 0;
  }

  /** The value if loaded, for synchronous paths (URL routing); may be slightly stale. */
  peek(): T | undefined {
    return this.value;
  }
}
