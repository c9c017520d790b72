import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { cursorOf } from '../../../db/keyset.ts';
import { paramId, redirectWith } from '../../../http/form.ts';
import { gridColumnsRoute } from '../../../http/grid-columns.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import type { RouteRegistrar } from '../../types.ts';
import { ACTION_LOG_REPORT_RESOURCE as RESOURCE } from '../public.ts';
import type { ActionLogFilter } from '../service.ts';
import { BASE, entryPage, PAGE_SIZES, reportPage, verifyPage } from '../views/report.tsx';

// U+0000 is dropped on reading, as for every form field (PostgreSQL text cannot hold it).
const text = z
  .string()
  .trim()
  .max(200)
  .optional()
  .catch(undefined)
  .transform((s) => s?.replaceAll('\u0000', '') || undefined);
const date = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

const querySchema = z.object({
  from: date,
  to: date,
  group: text,
  action: text,
  result: z.enum(['Success', 'Failure']).optional().catch(undefined),
  ip: text,
  username: text,
  full_action_name: text,
  details: text,
  before: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  after: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  limit: z.enum(PAGE_SIZES).optional().catch(undefined),
  page: z
    .string()
    .regex(/^\d{1,5}$/)
    .optional()
    .catch(undefined),
});

type ReportQuery = z.infer<typeof querySchema>;

/** A YYYY-MM-DD date as the ISO start of that UTC day, or null when it is not a real date. */
function dayStart(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const d = new Date(`${value}T00:00:00.000Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value ? null : d.toISOString();
}

/** Turns the query into a repository filter; invalid parts are reported and left out. */
export function parseReportQuery(rc: RequestContext, raw: unknown): { query: ReportQuery; filter: ActionLogFilter; problems: string[] } {
  const query = querySchema.parse(raw ?? {});
  const problems: string[] = [];
  const filter: ActionLogFilter = {};
  if (query.from) {
    const v = dayStart(query.from);
    if (v) filter.from = v;
    else problems.push(rc.t('"{value}" is not a valid date; use YYYY-MM-DD.', { value: query.from }));
  }
  if (query.to) {
    const v = dayStart(query.to);
    // The "to" day is included in full.
    if (v) filter.to = new Date(Date.parse(v) + 86_400_000).toISOString();
    else problems.push(rc.t('"{value}" is not a valid date; use YYYY-MM-DD.', { value: query.to }));
  }
  if (query.group) {
    if (rc.app.registry.actionGroups.some((g) => g.id === query.group)) filter.group = query.group;
    else problems.push(rc.t('Unknown action group.'));
  }
  if (query.action) filter.action = query.action;
  if (query.result) filter.result = query.result;
  if (query.ip) filter.ip = query.ip;
  if (query.username) filter.username = query.username;
  if (query.full_action_name) filter.fullActionName = query.full_action_name;
  if (query.details) filter.details = query.details;
  return { query, filter, problems };
}

async function report(rc: RequestContext, raw: unknown) {
  const { query, filter, problems } = parseReportQuery(rc, raw);
  const limit = Number(query.limit ?? '20');
  const log = rc.app.services.actionLog;
  const cursor = query.before || query.after ? { after: query.after, before: query.before } : cursorOf({ page: query.page });
  const { rows, ...page } = await log.page(rc, filter, { limit, cursor });
  const total = await log.count(rc, filter);
  const keep = { ...query, before: undefined, after: undefined, page: undefined } as Record<string, string | undefined>;
  const actions = await log.knownActions(rc);
  const chain = await log.status(rc.db);
  return reportPage(rc, { rows, page, total, keep, limit, problems, actions, chain, checkpoint: await log.lastCheckpoint(rc.db) });
}

/** Streams every matching row (keyset batches, never the whole log in memory). */
async function sendExport(rc: RequestContext, reply: FastifyReply, raw: unknown, format: 'csv' | 'xml') {
  const { filter } = parseReportQuery(rc, raw);
  const file = await rc.app.services.actionLog.exportReport(rc, filter, format);
  reply.header('content-disposition', `attachment; filename="${file.filename}"`);
  reply.type(file.contentType);
  return reply.send(file.body);
}

export function reportRoutes(r: RouteRegistrar) {
  const p = (actionName: string) => ({ resource: RESOURCE, actionName });
  r.adminGet('/system/action-logs/verify', p('adminhtml_logging_verify'), async (_req, _reply, rc) =>
    verifyPage(rc, await rc.app.services.actionLog.verify(rc.db)),
  );
  r.adminPost('/system/action-logs/checkpoint', p('adminhtml_logging_checkpoint'), async (_req, reply, rc) => {
    const { created, checkpoint } = await rc.app.services.actionLog.signCheckpoint(rc, 'admin');
    const text = created
      ? rc.t('You signed a checkpoint of the log chain at entry #{id}.', { id: checkpoint.entry_id })
      : rc.t('Checkpoint #{checkpoint} already covers the newest entry (#{id}).', { checkpoint: checkpoint.id, id: checkpoint.entry_id });
    return redirectWith(reply, rc, BASE, { type: created ? 'success' : 'notice', text });
  });
  r.adminGet('/system/action-logs', p('adminhtml_logging_index'), (req, _reply, rc) => report(rc, req.query));
  gridColumnsRoute(r, { path: '/system/action-logs', resource: RESOURCE, grid: 'action-log-grid', actionName: 'adminhtml_logging_columns' });
  r.adminGet('/system/action-logs/export/csv', p('adminhtml_logging_exportCsv'), (req, reply, rc) => sendExport(rc, reply, req.query, 'csv'));
  r.adminGet('/system/action-logs/export/xml', p('adminhtml_logging_exportXml'), (req, reply, rc) => sendExport(rc, reply, req.query, 'xml'));
  r.adminGet('/system/action-logs/:id', p('adminhtml_logging_details'), async (req, reply, rc) => {
    const id = paramId(req);
    const row = id ? await rc.app.services.actionLog.entry(rc, id) : undefined;
    return row ? entryPage(rc, row) : reply.callNotFound();
  });
}
