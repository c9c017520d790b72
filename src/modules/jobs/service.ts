import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { afterCommit, type DialectName } from '../../db/database.ts';
import type { KeysetCursor } from '../../db/keyset.ts';
import type { Database } from '../../db/schema.ts';
import { isoUtc, type Clock } from '../../kernel/clock.ts';
import { inTransaction, type RequestContext } from '../../kernel/request-context.ts';
import { ok, refused, type Result } from '../../kernel/result.ts';
import { randomToken } from '../../kernel/tokens.ts';
import {
  DEFAULT_MAX_ATTEMPTS,
  JOBS_GROUP,
  LEASE_MS,
  retryDelayMs,
  scrubError,
  type DrainReport,
  type EnqueueOptions,
  type JobHandler,
  type JobStatus,
} from './public.ts';
import { jobsRepo, type JobRow } from './repo.ts';
import { createWorker, type WorkerOptions } from './worker.ts';

export interface JobsDeps {
  db: () => Kysely<Database>;
  dialect: DialectName;
  clock: Clock;
  logger: Logger;
  /** Run each job right after the transaction that queued it commits, before the caller goes on (tests). */
  runOnCommit?: boolean;
}

export const LEASE_EXPIRED = 'The worker running this job stopped before it finished (lease expired).';

/** A name for this process's workers, shown in locked_by. */
export const workerName = (label = 'worker') => `${hostname()}:${process.pid}:${label}:${randomToken(4).replace(/[^\w]/g, '')}`;

/**
 * The durable queue: jobs are rows written in the caller's transaction (so they exist only if it commits), claimed
 * one at a time by workers with a lease, retried with exponential backoff, failed after their last attempt.
 * Payloads never reach a log line: logs carry the job's id, kind, attempt and scrubbed error only.
 */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: the factory only lists the service's methods; each method is short.
export function createJobsService(deps: JobsDeps) {
  const handlers = new Map<string, JobHandler<never>>();
  const wakers = new Set<() => void>();
  const now = () => deps.clock.now();
  const ownName = workerName('inline');

  /** Runs a job this worker holds and records the outcome. */
  async function run(job: JobRow, worker: string): Promise<'done' | 'retried' | 'failed'> {
    const log = { jobId: job.id, kind: job.kind, attempt: job.attempts };
    const handler = handlers.get(job.kind);
    let error: string | undefined;
    try {
      if (!handler) throw new Error(`No handler is registered for jobs of kind "${job.kind}".`);
      await handler(JSON.parse(job.payload) as never, { id: job.id, kind: job.kind, attempt: job.attempts });
    } catch (err) {
      error = scrubError(err);
    }
    const at = now();
    if (error === undefined) {
      await jobsRepo.finish(deps.db(), job.id, worker, { status: 'done', last_error: null, now: isoUtc(at) });
      deps.logger.debug(log, 'job done');
      return 'done';
    }
    const last = job.attempts >= job.max_attempts;
    const runAt = last ? undefined : isoUtc(new Date(at.getTime() + retryDelayMs(job.attempts)));
    await jobsRepo.finish(deps.db(), job.id, worker, { status: last ? 'failed' : 'queued', run_at: runAt, last_error: error, now: isoUtc(at) });
    deps.logger.warn({ ...log, error, retryAt: runAt }, last ? 'job failed for good' : 'job failed; will retry');
    return last ? 'failed' : 'retried';
  }

  const claim = (worker: string) => {
    const at = now();
    return { worker, now: isoUtc(at), leaseUntil: isoUtc(new Date(at.getTime() + LEASE_MS)) };
  };
  const tally = (report: DrainReport, outcome: 'done' | 'retried' | 'failed') => {
    report.ran++;
    report[outcome]++;
  };

  /** After a commit that queued work: run it now (tests) or wake this process's worker. */
  async function committed(ids: number[]) {
    if (!deps.runOnCommit) {
      for (const wake of wakers) wake();
      return;
    }
    for (const id of ids) {
      try {
        const job = await jobsRepo.claimById(deps.db(), id, claim(ownName));
        if (job) await run(job, ownName);
      } catch (err) {
        deps.logger.warn({ jobId: id, error: scrubError(err) }, 'job could not be run after commit');
      }
    }
  }

  const service = {
    /** Lets a module run jobs of a kind (e.g. mail registers mail.send). One handler per kind. */
    register<P>(kind: string, handler: JobHandler<P>) {
      if (handlers.has(kind)) throw new Error(`A handler for jobs of kind "${kind}" is already registered.`);
      handlers.set(kind, handler as JobHandler<never>);
    },

    /** Queues a job on rc.db: inside a transaction it exists only if that transaction commits. */
    async enqueue(rc: Pick<RequestContext, 'db'>, kind: string, payload: unknown, options: EnqueueOptions = {}): Promise<number> {
      const at = now();
      const id = await jobsRepo.insert(rc.db, {
        kind,
        payload: JSON.stringify(payload ?? null),
        status: 'queued',
        attempts: 0,
        max_attempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        run_at: isoUtc(new Date(at.getTime() + (options.delayMs ?? 0))),
        locked_by: null,
        locked_until: null,
        last_error: null,
        created_at: isoUtc(at),
        updated_at: isoUtc(at),
      });
      await afterCommit(rc.db, () => committed([id]));
      return id;
    },

    /** Runs every job due now, one at a time, as worker `worker`; stops early when `shouldStop` says so. */
    async drainOnce(options: { worker?: string; limit?: number; shouldStop?: () => boolean } = {}): Promise<DrainReport> {
      const worker = options.worker ?? ownName;
      const report: DrainReport = { ran: 0, done: 0, retried: 0, failed: 0 };
      report.failed += await jobsRepo.failExhaustedLeases(deps.db(), isoUtc(now()), LEASE_EXPIRED);
      while (report.ran < (options.limit ?? 100) && !options.shouldStop?.()) {
        const job = await jobsRepo.claimNext(deps.db(), deps.dialect, claim(worker));
        if (!job) break;
        tally(report, await run(job, worker));
      }
      return report;
    },

    /** A worker loop for this process (`npm start` with JOBS_WORKER=inline, or `concierge worker`). */
    worker(options: Omit<WorkerOptions, 'drain' | 'onWake'> = {}) {
      return createWorker({
        ...options,
        drain: (o) => service.drainOnce(o),
        onWake: (wake) => {
          wakers.add(wake);
          return () => wakers.delete(wake);
        },
      });
    },

    async page(rc: RequestContext, status: JobStatus, cursor: KeysetCursor, limit: number) {
      return jobsRepo.page(rc.db, status, cursor, limit);
    },
    async counts(rc: RequestContext) {
      return jobsRepo.counts(rc.db);
    },

    /** Admin Retry: a failed job queued again with fresh attempts, logged in the Action Log. */
    async retry(rc: RequestContext, id: number): Promise<Result<void>> {
      return inTransaction(rc, async (trx) => {
        const job = await jobsRepo.byId(trx.db, id);
        if (!job) return refused(rc.t('This job no longer exists.'), 'not_found');
        if (!(await jobsRepo.retry(trx.db, id, isoUtc(now())))) return refused(rc.t('Only failed jobs can be retried.'), 'conflict');
        await rc.app.services.actionLog.record(trx, {
          group: JOBS_GROUP,
          action: 'Retry',
          details: `Retried job #${job.id} (${job.kind})`,
          fullDetails: { job_id: job.id, kind: job.kind, attempts: job.attempts },
        });
        await afterCommit(trx.db, () => committed([id]));
        return ok(undefined);
      });
    },

    /** Admin Retry all failed: every failed job queued again, one Action Log entry with the count. */
    async retryAllFailed(rc: RequestContext): Promise<Result<number>> {
      return inTransaction(rc, async (trx) => {
        const ids = (await jobsRepo.page(trx.db, 'failed', {}, 1000)).rows.map((r) => r.id);
        const count = await jobsRepo.retryAllFailed(trx.db, isoUtc(now()));
        if (!count) return refused(rc.t('There are no failed jobs to retry.'), 'conflict');
        await rc.app.services.actionLog.record(trx, {
          group: JOBS_GROUP,
          action: 'Retry all',
          details: `Retried ${count} failed jobs`,
          fullDetails: { count },
        });
        await afterCommit(trx.db, () => committed(ids));
        return ok(count);
      });
    },
  };
  return service;
}

export type JobsService = ReturnType<typeof createJobsService>;

declare module '../../kernel/services.ts' {
  interface Services {
    jobs: JobsService;
  }
}
