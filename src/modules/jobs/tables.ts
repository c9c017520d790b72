import type { Generated } from 'kysely';
import type { JobStatus } from './public.ts';

export interface JobsTables {
  jobs: {
    id: Generated<number>;
    kind: string;
    /** JSON text; server-side only, never shown or logged (a mail job holds the rendered message). */
    payload: string;
    status: JobStatus;
    attempts: Generated<number>;
    max_attempts: number;
    run_at: string;
    locked_by: string | null;
    locked_until: string | null;
    /** Scrubbed error text of the last failed attempt (see scrubError). */
    last_error: string | null;
    created_at: string;
    updated_at: string;
  };
}
