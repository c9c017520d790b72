import { type Insertable, type Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { containsText, fromJson, toJson, utcDay } from '../../db/helpers.ts';
import { sql } from 'kysely';
import { keysetPage, pastRow, type KeysetCursor } from '../../db/keyset.ts';
import type { LoginAsCustomerTables } from './tables.ts';

export type LacSessionRow = Selectable<LoginAsCustomerTables['lac_sessions']>;

export interface LacLogFilters {
  id?: string;
  customerId?: string;
  customerEmail?: string;
  adminId?: string;
  adminName?: string;
  from?: string;
  to?: string;
}

/** The only SQL for assisted sessions and handoff tokens. */
export const lacRepo = {
  async insertSession(db: Db, row: Insertable<LoginAsCustomerTables['lac_sessions']>) {
    return (await db.insertInto('lac_sessions').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  async session(db: Db, id: number) {
    return db.selectFrom('lac_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  },
  /** Sessions not yet ended, by admin or by customer. */
  async openSessions(db: Db, where: { adminId?: number; customerId?: number; adminSessionHash?: string }) {
    let q = db.selectFrom('lac_sessions').selectAll().where('status', 'in', ['pending', 'active']);
    if (where.adminId !== undefined) q = q.where('admin_id', '=', where.adminId);
    if (where.customerId !== undefined) q = q.where('customer_id', '=', where.customerId);
    if (where.adminSessionHash !== undefined) q = q.where('admin_session_hash', '=', where.adminSessionHash);
    return q.execute();
  },
  /** Ends a session once; false when it had already ended. */
  async end(db: Db, id: number, reason: string, now: string) {
    const res = await db
      .updateTable('lac_sessions')
      .set({ status: 'ended', ended_at: now, end_reason: reason })
      .where('id', '=', id)
      .where('status', '!=', 'ended')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },
  async activate(db: Db, id: number, patch: { storefront_session_hash: string; logged_in_at: string; last_seen_at: string; expires_at: string }) {
    const res = await db
      .updateTable('lac_sessions')
      .set({ ...patch, status: 'active' })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },
  async touch(db: Db, id: number, now: string) {
    await db.updateTable('lac_sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  },

  async insertToken(db: Db, row: Insertable<LoginAsCustomerTables['lac_tokens']>) {
    await db.insertInto('lac_tokens').values(row).execute();
  },
  async useTokensOf(db: Db, lacSessionId: number, now: string) {
    await db.updateTable('lac_tokens').set({ used_at: now }).where('lac_session_id', '=', lacSessionId).where('used_at', 'is', null).execute();
  },
  async token(db: Db, tokenHash: string) {
    return db.selectFrom('lac_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  },
  /** Uses a token at most once: only the first caller gets the row back, and only before it expires. */
  async consumeToken(db: Db, tokenHash: string, now: string) {
    const res = await db
      .updateTable('lac_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return undefined;
    return db.selectFrom('lac_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  },

  /**
   * The active session of a storefront session, in one indexed query of this module's own table; what the check
   * needs of its admin and customer comes through their modules' services (see the service's `readLive`).
   */
  async liveCheck(db: Db, storefrontSessionHash: string) {
    return db
      .selectFrom('lac_sessions')
      .select([
        'id',
        'status',
        'admin_id',
        'customer_id',
        'store_view_id',
        'expires_at',
        'last_seen_at',
        'reason',
        'admin_session_hash',
        'view_only',
        'help_code_id',
      ])
      .where('storefront_session_hash', '=', storefrontSessionHash)
      .where('status', '=', 'active')
      .executeTakeFirst();
  },

  async insertEvent(db: Db, row: { lac_session_id: number; customer_id: number; created_at: string; kind: string; params: Record<string, unknown> }) {
    await db
      .insertInto('lac_events')
      .values({ ...row, params: toJson(row.params), description: null })
      .execute();
  },
  /** A customer's assisted sessions that reached the storefront, newest first, with their events (two queries). */
  async accessHistory(db: Db, customerId: number, limit = 50) {
    const sessions = await db
      .selectFrom('lac_sessions')
      .selectAll()
      .where('customer_id', '=', customerId)
      .where('logged_in_at', 'is not', null)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    const events = sessions.length
      ? await db
          .selectFrom('lac_events')
          .selectAll()
          .where(
            'lac_session_id',
            'in',
            sessions.map((x) => x.id),
          )
          .orderBy('id')
          .execute()
      : [];
    return sessions.map((x) => ({
      ...x,
      events: events.filter((e) => e.lac_session_id === x.id).map((e) => ({ ...e, params: fromJson<Record<string, unknown>>(e.params, {}) })),
    }));
  },

  async logPage(db: Db, f: LacLogFilters, o: { limit: number; cursor: KeysetCursor }) {
    const q = logQuery(db, f);
    const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { ...(await logKeyset(db, f, o)), total };
  },
  /** The same rows as logPage without the count: for following the cursor to the end (the CSV export). */
  logBatch: (db: Db, f: LacLogFilters, o: { limit: number; cursor: KeysetCursor }) => logKeyset(db, f, o),
};

/** The log's filtered rows (sessions that reached the storefront), not yet ordered. */
function logQuery(db: Db, f: LacLogFilters) {
  let q = db.selectFrom('lac_sessions as l').where('l.logged_in_at', 'is not', null);
  if (f.id && /^\d{1,9}$/.test(f.id)) q = q.where('l.id', '=', Number(f.id));
  if (f.customerId && /^\d{1,9}$/.test(f.customerId)) q = q.where('l.customer_id', '=', Number(f.customerId));
  if (f.adminId && /^\d{1,9}$/.test(f.adminId)) q = q.where('l.admin_id', '=', Number(f.adminId));
  if (f.customerEmail) q = q.where(containsText('l.customer_email', f.customerEmail));
  if (f.adminName) q = q.where((eb) => eb.or([containsText('l.admin_name', f.adminName!), containsText('l.admin_username', f.adminName!)]));
  if (f.from) q = q.where('l.logged_in_at', '>=', f.from);
  if (f.to) q = q.where('l.logged_in_at', '<=', f.to);
  return q;
}

/** One page of the log, newest login first, by keyset. */
function logKeyset(db: Db, f: LacLogFilters, o: { limit: number; cursor: KeysetCursor }) {
  const q = logQuery(db, f);
  return keysetPage('desc', o.cursor, o.limit, (dir, past, limit, offset) =>
    (past ? q.where(pastRow('lac_sessions', 'l', 'logged_in_at', past)) : q)
      .selectAll('l')
      .orderBy('l.logged_in_at', dir)
      .orderBy('l.id', dir)
      .limit(limit)
      .offset(offset)
      .execute(),
  );
}

/** The Dashboard's reads of assisted sessions: those that reached the storefront, by when they did. */
export const lacReportsRepo = {
  /** Sessions per UTC day from `from` on (days without any are absent), by (logged_in_at) or (store_view_id, logged_in_at). */
  async perDay(db: Db, storeViewId: number | undefined, from: string) {
    let q = db.selectFrom('lac_sessions as s').where('s.logged_in_at', '>=', from);
    if (storeViewId !== undefined) q = q.where('s.store_view_id', '=', storeViewId);
    const rows = await q
      .select((eb) => [utcDay('s.logged_in_at').as('day'), eb.fn.countAll<number>().as('n')])
      .groupBy(utcDay('s.logged_in_at'))
      .execute();
    return rows.map((r) => ({ day: String(r.day), sessions: Number(r.n) }));
  },

  /** Sessions per admin user from `from` on, most first, with the name the sessions recorded. */
  async perAgent(db: Db, storeViewId: number | undefined, from: string, limit: number) {
    let q = db.selectFrom('lac_sessions as s').where('s.logged_in_at', '>=', from);
    if (storeViewId !== undefined) q = q.where('s.store_view_id', '=', storeViewId);
    const n = sql<number>`count(*)`;
    const rows = await q
      .select((eb) => ['s.admin_id', eb.fn.max('s.admin_name').as('name'), eb.fn.max('s.admin_username').as('username'), n.as('n')])
      .groupBy('s.admin_id')
      .orderBy(n, 'desc')
      .orderBy('s.admin_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ adminId: Number(r.admin_id), name: String(r.name), username: String(r.username), sessions: Number(r.n) }));
  },
};

export type LacApprovalRow = Selectable<LoginAsCustomerTables['lac_approvals']>;
/** The approvals grid's status filter: a stored status, or "expired" (pending or approved, past expires_at). */
export type ApprovalFilter = 'pending' | 'approved' | 'denied' | 'used' | 'expired';

/** The only SQL for approvals of sessions as protected customers. */
export const lacApprovalsRepo = {
  async insert(db: Db, row: Insertable<LoginAsCustomerTables['lac_approvals']>) {
    return (await db.insertInto('lac_approvals').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  byId: (db: Db, id: number) => db.selectFrom('lac_approvals').selectAll().where('id', '=', id).executeTakeFirst(),
  /** The requester's latest request for the customer (index requester_admin_id, customer_id, status). */
  latest: (db: Db, adminId: number, customerId: number) =>
    db
      .selectFrom('lac_approvals')
      .selectAll()
      .where('requester_admin_id', '=', adminId)
      .where('customer_id', '=', customerId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  /** Decides a pending, unexpired request once; false when it was decided or expired meanwhile. */
  async decide(
    db: Db,
    id: number,
    now: string,
    d: { status: 'approved' | 'denied'; decided_by_admin_id: number; decided_by_name: string; decision_comment: string; expires_at: string },
  ) {
    const res = await db
      .updateTable('lac_approvals')
      .set({ ...d, decided_at: now })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },
  /** Uses an approval at most once, and only before it expires: only the first caller gets true. */
  async use(db: Db, id: number, now: string) {
    const res = await db
      .updateTable('lac_approvals')
      .set({ status: 'used', used_at: now })
      .where('id', '=', id)
      .where('status', '=', 'approved')
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },
  async linkSession(db: Db, id: number, lacSessionId: number) {
    await db.updateTable('lac_approvals').set({ lac_session_id: lacSessionId }).where('id', '=', id).execute();
  },
  /** One page of the approvals grid, newest first, optionally of one status (index status, id). */
  page(db: Db, f: { status?: ApprovalFilter; now: string }, o: { limit: number; cursor: KeysetCursor }) {
    let q = db.selectFrom('lac_approvals');
    if (f.status === 'expired') q = q.where('status', 'in', ['pending', 'approved']).where('expires_at', '<=', f.now);
    else if (f.status === 'pending' || f.status === 'approved') q = q.where('status', '=', f.status).where('expires_at', '>', f.now);
    else if (f.status) q = q.where('status', '=', f.status);
    return keysetPage('desc', o.cursor, o.limit, (dir, past, limit, offset) =>
      (past ? q.where('id', dir === 'desc' ? '<' : '>', past.id) : q).selectAll().orderBy('id', dir).limit(limit).offset(offset).execute(),
    );
  },
};

/** The per-agent limits' counts, over the admin's sessions (index admin_id, requested_at, customer_id). */
export const lacLimitsRepo = {
  async sessionsSince(db: Db, adminId: number, since: string) {
    const row = await db
      .selectFrom('lac_sessions')
      .where('admin_id', '=', adminId)
      .where('requested_at', '>=', since)
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
  /** Distinct customers of the admin's sessions since then, and whether this customer is among them. */
  async customersSince(db: Db, adminId: number, since: string, customerId: number) {
    const row = await db
      .selectFrom('lac_sessions')
      .where('admin_id', '=', adminId)
      .where('requested_at', '>=', since)
      .select([sql<number>`count(distinct customer_id)`.as('n'), sql<number>`max(case when customer_id = ${customerId} then 1 else 0 end)`.as('seen')])
      .executeTakeFirstOrThrow();
    return { count: Number(row.n), includes: Number(row.seen) === 1 };
  },
};

export type HelpCodeRow = Selectable<LoginAsCustomerTables['lac_help_codes']>;

/** The only SQL for help codes, their grants and the wrong-code counters. */
export const helpRepo = {
  /** Ends the customer's unused codes and grants (a new code replaces them; Cancel cancels them). */
  async endOpen(db: Db, customerId: number, status: 'cancelled' | 'replaced', now: string) {
    const res = await db
      .updateTable('lac_help_codes')
      .set({ status, ended_at: now })
      .where('customer_id', '=', customerId)
      .where('status', 'in', ['active', 'redeemed'])
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  },
  /** Whether another customer's unexpired code has this hash (a new code must not be ambiguous). */
  async hashInUse(db: Db, codeHash: string, now: string) {
    const row = await db
      .selectFrom('lac_help_codes')
      .select('id')
      .where('code_hash', '=', codeHash)
      .where('status', '=', 'active')
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return !!row;
  },
  async insert(db: Db, row: Insertable<LoginAsCustomerTables['lac_help_codes']>) {
    return (await db.insertInto('lac_help_codes').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  /** The customer's code that is still waiting to be read out, if any. */
  async activeOf(db: Db, customerId: number, now: string) {
    return db
      .selectFrom('lac_help_codes')
      .selectAll()
      .where('customer_id', '=', customerId)
      .where('status', '=', 'active')
      .where('expires_at', '>', now)
      .orderBy('id', 'desc')
      .executeTakeFirst();
  },
  /** Unexpired active codes with this hash (of one customer, when given). */
  async findActive(db: Db, codeHash: string, now: string, customerId?: number) {
    let q = db.selectFrom('lac_help_codes').selectAll().where('code_hash', '=', codeHash).where('status', '=', 'active').where('expires_at', '>', now);
    if (customerId !== undefined) q = q.where('customer_id', '=', customerId);
    return q.limit(2).execute();
  },
  /** Turns an active code into a grant for one admin, once: false when someone else was first or it expired. */
  async redeem(db: Db, id: number, admin: { id: number; name: string }, now: string, grantExpiresAt: string) {
    const res = await db
      .updateTable('lac_help_codes')
      .set({ status: 'redeemed', redeemed_by_admin_id: admin.id, redeemed_by_admin_name: admin.name, redeemed_at: now, grant_expires_at: grantExpiresAt })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },
  /** This admin's unused, unexpired grant for the customer. */
  async grant(db: Db, customerId: number, adminId: number, now: string) {
    return db
      .selectFrom('lac_help_codes')
      .selectAll()
      .where('customer_id', '=', customerId)
      .where('status', '=', 'redeemed')
      .where('redeemed_by_admin_id', '=', adminId)
      .where('grant_expires_at', '>', now)
      .orderBy('id', 'desc')
      .executeTakeFirst();
  },
  /** Uses a grant once (the start of its one session): false when it was used, cancelled or expired meanwhile. */
  async useGrant(db: Db, id: number, adminId: number, now: string) {
    const res = await db
      .updateTable('lac_help_codes')
      .set({ status: 'used', used_at: now })
      .where('id', '=', id)
      .where('status', '=', 'redeemed')
      .where('redeemed_by_admin_id', '=', adminId)
      .where('grant_expires_at', '>', now)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },
  async linkSession(db: Db, id: number, lacSessionId: number) {
    await db.updateTable('lac_help_codes').set({ lac_session_id: lacSessionId }).where('id', '=', id).execute();
  },
  /** A customer's codes, newest first (the Account access history). */
  async history(db: Db, customerId: number, limit = 50) {
    return db.selectFrom('lac_help_codes').selectAll().where('customer_id', '=', customerId).orderBy('id', 'desc').limit(limit).execute();
  },

  /**
   * Counts one attempt for each key in one statement per key (atomic on both databases, so concurrent requests in
   * any process each get their own count); a window older than `windowStart` starts again at 1. Returns the counts.
   */
  async countAttempt(db: Db, keys: string[], now: string, windowStart: string) {
    const counts: number[] = [];
    for (const key of keys) {
      const row = await sql<{ failures: number }>`
        insert into lac_help_attempts (key, failures, window_start) values (${key}, 1, ${now})
        on conflict (key) do update set
          failures = case when lac_help_attempts.window_start <= ${windowStart} then 1 else lac_help_attempts.failures + 1 end,
          window_start = case when lac_help_attempts.window_start <= ${windowStart} then ${now} else lac_help_attempts.window_start end
        returning failures`.execute(db);
      counts.push(Number(row.rows[0]?.failures ?? 0));
    }
    return counts;
  },
  /** Gives back an attempt that was not a wrong code (a right one, or one refused before it was tried). */
  async uncountAttempt(db: Db, keys: string[]) {
    await db
      .updateTable('lac_help_attempts')
      .set((eb) => ({ failures: sql<number>`case when ${eb.ref('failures')} > 0 then ${eb.ref('failures')} - 1 else 0 end` }))
      .where('key', 'in', keys)
      .execute();
  },
};

/** Customers with a live assisted session (the storefront notice), with when each session's lifetime ends. */
export async function liveAssistedCustomers(db: Db) {
  return db.selectFrom('lac_sessions').select(['customer_id', 'expires_at']).where('status', '=', 'active').execute();
}
