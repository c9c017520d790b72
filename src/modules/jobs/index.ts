/**
 * The jobs module's public surface: what other modules may use. The queue itself is `rc.app.services.jobs`
 * (enqueue in the caller's transaction, register a handler per kind).
 */
export { DEFAULT_MAX_ATTEMPTS, JOB_STATUSES, JOBS_GROUP, JOBS_RESOURCE, LEASE_MS, retryDelayMs, scrubError } from './public.ts';
export type { DrainReport, EnqueueOptions, JobHandler, JobRun, JobStatus } from './public.ts';
