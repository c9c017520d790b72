import type { KeysetPage } from '../../../db/keyset.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { PostButton } from '../../../ui/components.tsx';
import { Grid, keysetPager, withQuery } from '../../../ui/grid.tsx';
import { JOB_STATUSES, type JobStatus } from '../public.ts';

export const JOBS_PATH = '/admin/system/jobs';

/** A listed job: never its payload. */
export interface JobListRow {
  id: number;
  kind: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_by: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

const when = (iso: string | null) => (iso ?? '').replace('T', ' ').slice(0, 19);

function statusLabel(rc: RequestContext, status: JobStatus) {
  const labels: Record<JobStatus, string> = { failed: rc.t('Failed'), queued: rc.t('Queued'), running: rc.t('Running'), done: rc.t('Done') };
  return labels[status];
}

function emptyText(rc: RequestContext, status: JobStatus) {
  const texts: Record<JobStatus, string> = {
    failed: rc.t('No failed jobs: every background job has run or is still waiting for its next attempt.'),
    queued: rc.t('No jobs are waiting.'),
    running: rc.t('No job is running right now.'),
    done: rc.t('No job has finished yet.'),
  };
  return texts[status];
}

/** Links to each status, with the count of those that are counted (done jobs only grow, so they are not). */
function StatusTabs({ rc, status, counts }: { rc: RequestContext; status: JobStatus; counts: Record<'queued' | 'running' | 'failed', number> }) {
  return (
    <nav class="grid-tabs" aria-label={rc.t('Job status')}>
      {JOB_STATUSES.map((s) => (
        <a
          href={withQuery(JOBS_PATH, { status: s })}
          class={s === status ? 'active' : undefined}
          aria-current={s === status ? 'page' : undefined}
          data-status={s}
          safe
        >
          {s === 'done' ? statusLabel(rc, s) : rc.t('{status} ({count})', { status: statusLabel(rc, s), count: counts[s] })}
        </a>
      ))}
    </nav>
  );
}

/** System > Background Jobs: one status at a time, newest first, keyset-paged; failed jobs can be retried. */
export function jobsPage(
  rc: RequestContext,
  q: { status: JobStatus; after?: number; before?: number },
  data: KeysetPage<JobListRow> & { counts: Record<'queued' | 'running' | 'failed', number> },
) {
  const t = rc.t;
  const query = { status: q.status };
  return adminPage(rc, {
    title: t('Background Jobs'),
    active: 'system',
    actions:
      data.counts.failed > 0 ? (
        <PostButton
          rc={rc}
          action={`${JOBS_PATH}/retry-failed`}
          label={t('Retry all failed')}
          class="action-primary"
          confirm={t('Queue all {count} failed jobs to run again?', { count: data.counts.failed })}
        />
      ) : (
        ''
      ),
    content: (
      <>
        {StatusTabs({ rc, status: q.status, counts: data.counts })}
        <Grid
          rc={rc}
          id="background_jobs_grid"
          action={JOBS_PATH}
          query={query}
          rows={data.rows}
          emptyText={emptyText(rc, q.status)}
          pager={keysetPager(rc, JOBS_PATH, query, undefined, data, data.rows.length)}
          columns={[
            { label: t('ID'), value: (r) => r.id },
            { label: t('Kind'), value: (r) => r.kind },
            { label: t('Attempts'), value: (r) => t('{attempts} of {max}', { attempts: r.attempts, max: r.max_attempts }) },
            { label: t('Last Error'), value: (r) => r.last_error ?? '', class: 'col-error' },
            { label: t('Created'), value: (r) => when(r.created_at) },
            { label: q.status === 'queued' ? t('Next Attempt') : t('Updated'), value: (r) => when(q.status === 'queued' ? r.run_at : r.updated_at) },
            {
              label: t('Action'),
              cell: (r) => (r.status === 'failed' ? <PostButton rc={rc} action={`${JOBS_PATH}/${r.id}/retry`} label={t('Retry')} /> : ''),
            },
          ]}
        />
      </>
    ),
  });
}
