/** Plain values and pure helpers of the jobs module, for other modules (through index.ts) and its own files. */

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';
export const JOB_STATUSES: readonly JobStatus[] = ['failed', 'queued', 'running', 'done'];

/** The permission for System > Background Jobs. */
export const JOBS_RESOURCE = 'system.background_jobs';
/** The Action Log group of Retry and Retry all failed. */
export const JOBS_GROUP = 'background_jobs';

export const DEFAULT_MAX_ATTEMPTS = 5;
/** The delay before the second attempt; each next one doubles, up to MAX_RETRY_DELAY_MS. */
export const BASE_RETRY_DELAY_MS = 30_000;
export const MAX_RETRY_DELAY_MS = 60 * 60_000;
/** How long a claimed job belongs to its worker; past it, another worker may run it again. */
export const LEASE_MS = 5 * 60_000;

/** What a handler gets besides its payload. */
export interface JobRun {
  id: number;
  kind: string;
  /** 1 for the first attempt. */
  attempt: number;
}

/** Runs one job of a kind; a throw is a failed attempt (retried later until max_attempts). */
export type JobHandler<P = unknown> = (payload: P, run: JobRun) => Promise<void>;

export interface EnqueueOptions {
  maxAttempts?: number;
  /** Run no earlier than this many ms from now. */
  delayMs?: number;
}

/** What one drain did. */
export interface DrainReport {
  ran: number;
  done: number;
  retried: number;
  failed: number;
}

/**
 * The wait after failed attempt `attempt` (1-based): exponential, with "equal jitter" (half fixed, half random),
 * so retries of many jobs spread out while each next wait is never shorter than the one before.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const full = Math.min(MAX_RETRY_DELAY_MS, BASE_RETRY_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(full / 2 + (random() * full) / 2);
}

/**
 * An error as it may be stored and shown: first line only, no query strings (links with tokens), no long
 * token-like runs and no credentials in URLs, at most 500 characters.
 */
export function scrubError(err: unknown): string {
  const raw = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return (
    (raw.split('\n')[0] ?? '')
      .replace(/(\w+:\/\/)[^/\s@]+@/g, '$1[redacted]@')
      .replace(/\?\S*/g, '?[redacted]')
      .replace(/[A-Za-z0-9_\-+/=]{24,}/g, '[redacted]')
      .slice(0, 500) || 'Error'
  );
}
