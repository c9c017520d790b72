import type { Insertable, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { countCapped, keysetPage, pastRow, type KeysetCursor } from '../../db/keyset.ts';
import { containsText } from '../../db/helpers.ts';
import { chainHash, type ChainedFields } from './chain.ts';
import type { ActionLogTables } from './tables.ts';

export type ActionLogRow = Selectable<ActionLogTables['action_log']>;
export type NewActionLogRow = Insertable<ActionLogTables['action_log']>;
export type CheckpointRow = Selectable<ActionLogTables['log_checkpoints']>;
export type NewCheckpointRow = Insertable<ActionLogTables['log_checkpoints']>;
export type SigningKeyRow = Selectable<ActionLogTables['log_signing_keys']>;

export interface ActionLogFilter {
  from?: string; // ISO lower bound (inclusive)
  to?: string; // ISO upper bound (exclusive)
  group?: string;
  action?: string;
  ip?: string;
  username?: string;
  result?: string;
  fullActionName?: string;
  details?: string;
}

/** The only SQL for the action log. Paging is keyset on id (newest first). */
export const actionLogRepo = {
  /** The last full verification of the chain, as any process recorded it. */
  chainCheck: (db: Db) => db.selectFrom('log_chain_checks').selectAll().where('name', '=', 'action_log').executeTakeFirst(),

  async saveChainCheck(db: Db, check: Omit<ActionLogTables['log_chain_checks'], 'name'>) {
    await db
      .insertInto('log_chain_checks')
      .values({ name: 'action_log', ...check })
      .onConflict((oc) => oc.column('name').doUpdateSet(check))
      .execute();
  },

  /**
   * Appends an entry to the hash chain. Call inside a transaction: taking the chain head is an UPDATE, which
   * holds a row lock on PostgreSQL (and SQLite has one writer), so concurrent writers cannot fork the chain.
   */
  async append(db: Db, fields: ChainedFields): Promise<number> {
    const head = await db
      .updateTable('log_chain')
      .set((eb) => ({ last_id: eb.ref('last_id') }))
      .where('name', '=', 'action_log')
      .returning('last_hash')
      .executeTakeFirstOrThrow();
    const hash = chainHash(head.last_hash, fields);
    const r = await db
      .insertInto('action_log')
      .values({ ...fields, prev_hash: head.last_hash, hash })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.updateTable('log_chain').set({ last_id: r.id, last_hash: hash }).where('name', '=', 'action_log').execute();
    return r.id;
  },

  /** Newest first, by keyset on id (the report and its exports). */
  async page(db: Db, filter: ActionLogFilter, o: { limit: number; cursor: KeysetCursor }) {
    const q = filtered(db, filter);
    return keysetPage<ActionLogRow>('desc', o.cursor, o.limit, (dir, past, limit, offset) =>
      (past ? q.where(pastRow('action_log', 'action_log', 'id', past)) : q).orderBy('id', dir).limit(limit).offset(offset).execute(),
    );
  },

  /** How many entries match, counted up to `cap` (cap + 1: more than that): a million rows must not be counted per page. */
  count: (db: Db, filter: ActionLogFilter, cap: number) => countCapped(db, filtered(db, filter), cap),

  byId: (db: Db, id: number) => db.selectFrom('action_log').selectAll().where('id', '=', id).executeTakeFirst(),

  distinctActions: (db: Db) => db.selectFrom('action_log').select('action').distinct().orderBy('action').execute(),

  /** The chain head, taken with a row lock (inside a transaction) so no entry is appended until it ends. */
  lockHead: (db: Db) =>
    db
      .updateTable('log_chain')
      .set((eb) => ({ last_id: eb.ref('last_id') }))
      .where('name', '=', 'action_log')
      .returning(['last_id', 'last_hash'])
      .executeTakeFirstOrThrow(),

  latestCheckpoint: (db: Db) => db.selectFrom('log_checkpoints').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst(),

  allCheckpoints: (db: Db) => db.selectFrom('log_checkpoints').selectAll().orderBy('id').execute(),

  /** One checkpoint per entry id: a second signer of the same head inserts nothing (undefined). */
  async insertCheckpoint(db: Db, row: NewCheckpointRow): Promise<number | undefined> {
    const r = await db
      .insertInto('log_checkpoints')
      .values(row)
      .onConflict((oc) => oc.column('entry_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return r?.id;
  },

  /** Remembers a public key (a key seen again changes nothing). */
  saveKey: (db: Db, row: SigningKeyRow) =>
    db
      .insertInto('log_signing_keys')
      .values(row)
      .onConflict((oc) => oc.column('key_id').doNothing())
      .execute(),

  keys: (db: Db) => db.selectFrom('log_signing_keys').selectAll().orderBy('created_at').execute(),

  keyById: (db: Db, keyId: string) => db.selectFrom('log_signing_keys').selectAll().where('key_id', '=', keyId).executeTakeFirst(),

  /** The stored hashes of the given entries (checking that checkpoints are still in the chain). */
  hashesOf: (db: Db, ids: number[]) => (ids.length ? db.selectFrom('action_log').select(['id', 'hash']).where('id', 'in', ids).execute() : Promise.resolve([])),
};

function filtered(db: Db, filter: ActionLogFilter) {
  let q = db.selectFrom('action_log').selectAll();
  if (filter.from) q = q.where('created_at', '>=', filter.from);
  if (filter.to) q = q.where('created_at', '<', filter.to);
  if (filter.group) q = q.where('action_group', '=', filter.group);
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.result) q = q.where('result', '=', filter.result);
  if (filter.ip) q = q.where(containsText('ip', filter.ip));
  if (filter.username) q = q.where(containsText('username', filter.username));
  if (filter.fullActionName) q = q.where(containsText('full_action_name', filter.fullActionName));
  if (filter.details) q = q.where(containsText('details', filter.details));
  return q;
}
