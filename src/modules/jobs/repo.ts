import { sql, type Insertable, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { DialectName, Db } from '../../db/database.ts';
import { keysetPage, pastRow, type KeysetCursor } from '../../db/keyset.ts';
import type { JobStatus } from './public.ts';
import type { JobsTables } from './tables.ts';

export type JobRow = Selectable<JobsTables['jobs']>;

/** Who claims, until when, at what time. */
export interface Claim {
  worker: string;
  now: string;
  leaseUntil: string;
}

/** The grid's columns: never the payload. */
const LISTED = ['id', 'kind', 'status', 'attempts', 'max_attempts', 'run_at', 'locked_by', 'last_error', 'created_at', 'updated_at'] as const;
export type ListedJob = Pick<JobRow, (typeof LISTED)[number]>;

/** A job is claimable when queued and due, or running on a lease that ran out with attempts left. */
const claimable = (now: string) =>
  sql<boolean>`((status = 'queued' and run_at <= ${now}) or (status = 'running' and locked_until < ${now} and attempts < max_attempts))`;

/** The only SQL for the jobs table. */
export const jobsRepo = {
  async insert(db: Db, row: Insertable<JobsTables['jobs']>) {
    return (await db.insertInto('jobs').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },

  /**
   * Takes the next claimable job for `claim.worker`, or nothing. PostgreSQL: one statement whose subquery skips
   * rows another worker is taking (FOR UPDATE SKIP LOCKED). SQLite: the candidate, then the conditional update.
   * On both, the update re-checks the condition, so a job goes to one worker only.
   */
  async claimNext(db: Db, dialect: DialectName, claim: Claim): Promise<JobRow | undefined> {
    const candidate = () => db.selectFrom('jobs').select('id').where(claimable(claim.now)).orderBy('run_at').orderBy('id').limit(1);
    if (dialect === 'postgres') return jobsRepo.claimWhere(db, claim, candidate().forUpdate().skipLocked());
    for (let tries = 0; tries < 5; tries++) {
      const row = await candidate().executeTakeFirst();
      if (!row) return undefined;
      const claimed = await jobsRepo.claimById(db, row.id, claim);
      if (claimed) return claimed;
    }
    return undefined;
  },

  /** Takes one job by id if it is claimable: the conditional update is what makes a claim exclusive. */
  async claimById(db: Db, id: number, claim: Claim): Promise<JobRow | undefined> {
    return jobsRepo.claimWhere(db, claim, id);
  },

  async claimWhere(db: Db, claim: Claim, id: number | SelectQueryBuilder<Database, 'jobs', { id: number }>): Promise<JobRow | undefined> {
    return db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        attempts: eb('attempts', '+', 1),
        locked_by: claim.worker,
        locked_until: claim.leaseUntil,
        updated_at: claim.now,
      }))
      .where('id', '=', id)
      .where(claimable(claim.now))
      .returningAll()
      .executeTakeFirst();
  },

  /** Ends a run; only the worker holding the job may (a worker whose lease was taken over changes nothing). */
  async finish(db: Db, id: number, worker: string, change: { status: JobStatus; run_at?: string; last_error: string | null; now: string }) {
    const res = await db
      .updateTable('jobs')
      .set({
        status: change.status,
        ...(change.run_at ? { run_at: change.run_at } : {}),
        // A sent message (it may hold a live link) is kept no longer than needed: only unfinished jobs keep theirs.
        ...(change.status === 'done' ? { payload: '{}' } : {}),
        last_error: change.last_error,
        locked_by: null,
        locked_until: null,
        updated_at: change.now,
      })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('locked_by', '=', worker)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },

  /** Running jobs whose lease ran out on their last attempt: failed, since no attempt is left. */
  async failExhaustedLeases(db: Db, now: string, message: string) {
    const res = await db
      .updateTable('jobs')
      .set({ status: 'failed', last_error: message, locked_by: null, locked_until: null, updated_at: now })
      .where('status', '=', 'running')
      .where('locked_until', '<', now)
      .whereRef('attempts', '>=', 'max_attempts')
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  },

  async byId(db: Db, id: number) {
    return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** A failed job back in the queue, due now, with its attempts counted afresh. */
  async retry(db: Db, id: number, now: string) {
    const res = await db
      .updateTable('jobs')
      .set({ status: 'queued', attempts: 0, run_at: now, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'failed')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },

  async retryAllFailed(db: Db, now: string) {
    const res = await db
      .updateTable('jobs')
      .set({ status: 'queued', attempts: 0, run_at: now, updated_at: now })
      .where('status', '=', 'failed')
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  },

  /** One page of jobs in a status, newest first, by keyset on id. */
  async page(db: Db, status: JobStatus, cursor: KeysetCursor, limit: number) {
    return keysetPage<ListedJob>('desc', cursor, limit, (dir, past, n) => {
      let q = db
        .selectFrom('jobs as j')
        .select(LISTED.map((c) => `j.${c}` as const))
        .where('j.status', '=', status);
      if (past) q = q.where(pastRow('jobs', 'j', 'id', past));
      return q.orderBy('j.id', dir).limit(n).execute();
    });
  },

  /** How many jobs wait, run and failed (done jobs are not counted: they only grow). */
  async counts(db: Db): Promise<Record<Exclude<JobStatus, 'done'>, number>> {
    const rows = await db
      .selectFrom('jobs')
      .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
      .where('status', 'in', ['queued', 'running', 'failed'])
      .groupBy('status')
      .execute();
    const out = { queued: 0, running: 0, failed: 0 };
    for (const r of rows) if (r.status !== 'done') out[r.status] = Number(r.n);
    return out;
  },
};
