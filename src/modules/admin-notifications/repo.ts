import { sql, type Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { fromJson } from '../../db/helpers.ts';
import { keysetPage, type KeysetCursor } from '../../db/keyset.ts';
import type { AdminNotificationsTables } from './tables.ts';

type Row = Selectable<AdminNotificationsTables['admin_notifications']>;

/** Whose inbox: the admin and what their role grants (all, or these resources). */
export interface Reader {
  adminId: number;
  all: boolean;
  resources: string[];
}

/** The notifications a reader may see that they have not removed, with their read mark (one query, no per-row reads). */
function inbox(db: Db, r: Reader) {
  let q = db
    .selectFrom('admin_notifications as n')
    .leftJoin('admin_notification_marks as m', (j) => j.onRef('m.notification_id', '=', 'n.id').on('m.admin_id', '=', r.adminId))
    .where('m.removed_at', 'is', null)
    .where((eb) => eb.or([eb('n.admin_id', 'is', null), eb('n.admin_id', '=', r.adminId)]));
  if (!r.all)
    q = q.where((eb) => (r.resources.length ? eb.or([eb('n.resource', 'is', null), eb('n.resource', 'in', r.resources)]) : eb('n.resource', 'is', null)));
  return q;
}

const parsed = (row: Row & { read_at: string | null }) => ({ ...row, params: fromJson<Record<string, string | number>>(row.params, {}) });

/** The only SQL for admin notifications and their marks. */
export const notificationsRepo = {
  async insert(db: Db, row: Omit<Row, 'id'>) {
    return (await db.insertInto('admin_notifications').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },

  async unreadCount(db: Db, r: Reader) {
    const row = await inbox(db, r).where('m.read_at', 'is', null).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** One page of the inbox, newest first. */
  async page(db: Db, r: Reader, o: { limit: number; cursor: KeysetCursor }) {
    const q = inbox(db, r).selectAll('n').select('m.read_at');
    const page = await keysetPage('desc', o.cursor, o.limit, (dir, past, limit, offset) =>
      (past ? q.where('n.id', dir === 'desc' ? '<' : '>', past.id) : q).orderBy('n.id', dir).limit(limit).offset(offset).execute(),
    );
    return { ...page, rows: page.rows.map(parsed) };
  },

  /** Those of `ids` the reader may see and has not removed. */
  async visible(db: Db, r: Reader, ids: number[]) {
    if (!ids.length) return [];
    return (await inbox(db, r).where('n.id', 'in', ids).selectAll('n').select('m.read_at').execute()).map(parsed);
  },

  /** Sets a mark on each notification for the admin (a row per notification and admin, made on first mark). */
  async mark(db: Db, adminId: number, ids: number[], mark: 'read_at' | 'removed_at', now: string) {
    for (const id of ids) {
      await db
        .insertInto('admin_notification_marks')
        .values({ notification_id: id, admin_id: adminId, read_at: now, removed_at: mark === 'removed_at' ? now : null })
        .onConflict((oc) => oc.columns(['notification_id', 'admin_id']).doUpdateSet(mark === 'read_at' ? { read_at: now } : { removed_at: now }))
        .execute();
    }
  },
};
