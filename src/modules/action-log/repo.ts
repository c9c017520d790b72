import type { Insertable, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { containsText } from '../../db/helpers.ts';
import { chainHash, type ChainedFields } from './chain.ts';
import type { ActionLogTables } from './tables.ts';

export type ActionLogRow = Selectable<ActionLogTables['action_log']>;
export type NewActionLogRow = Insertable<ActionLogTables['action_log']>;

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
    const r = await db.insertInto('action_log').values({ ...fields, prev_hash: head.last_hash, hash }).returning('id').executeTakeFirstOrThrow();
    await db.updateTable('log_chain').set({ last_id: r.id, last_hash: hash }).where('name', '=', 'action_log').execute();
    return r.id;
  },

  async page(db: Db, filter: ActionLogFilter, opts: { beforeId?: number; afterId?: number; limit: number }): Promise<ActionLogRow[]> {
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
    if (opts.afterId !== undefined) {
      // Previous page: the rows just above the first one shown, fetched ascending then flipped.
      const rows = await q.where('id', '>', opts.afterId).orderBy('id', 'asc').limit(opts.limit).execute();
      return rows.reverse();
    }
    if (opts.beforeId !== undefined) q = q.where('id', '<', opts.beforeId);
    return q.orderBy('id', 'desc').limit(opts.limit).execute();
  },

  byId: (db: Db, id: number) => db.selectFrom('action_log').selectAll().where('id', '=', id).executeTakeFirst(),

  distinctActions: (db: Db) => db.selectFrom('action_log').select('action').distinct().orderBy('action').execute(),
};
