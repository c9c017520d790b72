import { z } from 'zod';
import { paramId, queryOf, redirectWith } from '../../../http/form.ts';
import type { RouteRegistrar } from '../../types.ts';
import { JOB_STATUSES, JOBS_RESOURCE } from '../public.ts';
import { JOBS_PATH, jobsPage } from '../views/admin.tsx';

const PAGE_SIZE = 20;
const rowId = z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined);
/** The grid's query: an unknown status shows the failed jobs; a cursor out of range starts at the first page. */
const querySchema = z.object({ status: z.enum(JOB_STATUSES).catch('failed').default('failed'), after: rowId, before: rowId });

export function jobsAdminRoutes(r: RouteRegistrar) {
  r.adminGet('/system/jobs', { resource: JOBS_RESOURCE, actionName: 'adminhtml_jobs_index' }, async (req, _reply, rc) => {
    const q = querySchema.parse(queryOf(req));
    const cursor = q.before !== undefined ? { before: q.before } : { after: q.after };
    const [page, counts] = await Promise.all([rc.app.services.jobs.page(rc, q.status, cursor, PAGE_SIZE), rc.app.services.jobs.counts(rc)]);
    return jobsPage(rc, q, { ...page, counts });
  });

  r.adminPost('/system/jobs/:id/retry', { resource: JOBS_RESOURCE, actionName: 'adminhtml_jobs_retry' }, async (req, reply, rc) => {
    const id = paramId(req);
    const result = id ? await rc.app.services.jobs.retry(rc, id) : undefined;
    const back = `${JOBS_PATH}?status=failed`;
    if (!result) return redirectWith(reply, rc, back, { type: 'error', text: rc.t('This job no longer exists.') });
    if (!result.ok) return redirectWith(reply, rc, back, { type: 'error', text: result.messages[0]! });
    return redirectWith(reply, rc, back, { type: 'success', text: rc.t('Job #{id} is queued to run again.', { id: id! }) });
  });

  r.adminPost('/system/jobs/retry-failed', { resource: JOBS_RESOURCE, actionName: 'adminhtml_jobs_retryFailed' }, async (_req, reply, rc) => {
    const result = await rc.app.services.jobs.retryAllFailed(rc);
    const back = `${JOBS_PATH}?status=failed`;
    if (!result.ok) return redirectWith(reply, rc, back, { type: 'notice', text: result.messages[0]! });
    return redirectWith(reply, rc, back, { type: 'success', text: rc.t('{count} failed jobs are queued to run again.', { count: result.value }) });
  });
}
