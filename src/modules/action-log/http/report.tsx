import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { paramId } from '../../../http/form.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { rendered } from '../../../ui/components.tsx';
import { Grid, keysetPager, withQuery, type GridColumn } from '../../../ui/grid.tsx';
import type { RouteRegistrar } from '../../types.ts';
import { EXPORT_COLUMNS, csvLine, xmlRow, XML_HEAD, XML_TAIL } from '../export.ts';
import { actionLogRepo, type ActionLogFilter, type ActionLogRow } from '../repo.ts';

const RESOURCE = 'system.action_logs.report';
const BASE = '/admin/system/action-logs';
const PAGE_SIZES = ['20', '50', '100', '200'] as const;

const text = z.string().trim().max(200).optional().catch(undefined);
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
  before: z.coerce.number().int().positive().optional().catch(undefined),
  after: z.coerce.number().int().positive().optional().catch(undefined),
  limit: z.enum(PAGE_SIZES).optional().catch(undefined),
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

/** "2026-01-15 10:00:00 UTC" */
export const formatUtc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

async function reportPage(rc: RequestContext, raw: unknown) {
  const t = rc.t;
  const { query, filter, problems } = parseReportQuery(rc, raw);
  const limit = Number(query.limit ?? '20');
  const { rows, ...page } = await actionLogRepo.page(rc.db, filter, { limit, cursor: { after: query.after, before: query.before } });
  const actions = await knownActions(rc);
  const keep: Record<string, string | undefined> = { ...query, before: undefined, after: undefined, limit: query.limit } as Record<string, string | undefined>;
  const label = (id: string) => t(rc.app.registry.actionGroupLabel(id));

  const columns: GridColumn<ActionLogRow>[] = [
    { label: t('Time'), value: (r) => formatUtc(r.created_at), filter: { type: 'range', from: 'from', to: 'to', input: 'date' } },
    { label: t('Action Group'), value: (r) => label(r.action_group), filter: { type: 'select', name: 'group', options: rc.app.registry.actionGroups.map((g) => ({ value: g.id, label: t(g.label) })) } },
    { label: t('Action'), value: (r) => r.action, filter: { type: 'select', name: 'action', options: actions.map((a) => ({ value: a.action, label: a.action })) } },
    { label: t('IP Address'), value: (r) => r.ip, filter: { type: 'text', name: 'ip' } },
    { label: t('Username'), value: (r) => r.username, filter: { type: 'text', name: 'username' } },
    {
      label: t('Result'),
      value: (r) => t(r.result),
      filter: {
        type: 'select',
        name: 'result',
        options: [
          { value: 'Success', label: t('Success') },
          { value: 'Failure', label: t('Failure') },
        ],
      },
    },
    { label: t('Full Action Name'), value: (r) => r.full_action_name, filter: { type: 'text', name: 'full_action_name' } },
    { label: t('Details'), value: (r) => truncate(r.details, 140), filter: { type: 'text', name: 'details' } },
    {
      label: t('Action'),
      cell: (r) => (
        <a href={`${BASE}/${r.id}`} safe>
          {t('View')}
        </a>
      ),
    },
  ];
  const exportQuery = { ...keep, limit: undefined };
  return adminPage(rc, {
    title: t('Admin Actions Report'),
    active: 'system',
    content: (
      <>
        {problems.length ? (
          <div class="messages" role="alert">
            {problems.map((p) => (
              <div class="message message-error" safe>
                {p}
              </div>
            ))}
          </div>
        ) : (
          ''
        )}
        {rendered(await ChainIndicator({ rc }))}
        <Grid
          rc={rc}
          id="action-log-grid"
          action={BASE}
          columns={columns}
          rows={rows}
          query={keep}
          emptyText={t("We couldn't find any records.")}
          pager={keysetPager(rc, BASE, keep, undefined, page, rows.length)}
          toolbar={
            <div class="grid-export">
              <label for="page-size" safe>
                {t('Per page')}
              </label>
              <select id="page-size" name="limit" form="action-log-grid-filters">
                {PAGE_SIZES.map((s) => (
                  <option value={s} selected={String(limit) === s}>
                    {s}
                  </option>
                ))}
              </select>
              <a class="action-secondary" href={withQuery(`${BASE}/export/csv`, exportQuery)} data-role="export-csv" safe>
                {t('Export to CSV')}
              </a>
              <a class="action-secondary" href={withQuery(`${BASE}/export/xml`, exportQuery)} data-role="export-xml" safe>
                {t('Export to Excel XML')}
              </a>
            </div>
          }
        />
      </>
    ),
  });
}

/**
 * The Action filter's choices: every action name in the log. Reading them is a scan of the whole log, so the list
 * is kept for a minute (a new action name appears in the filter at most a minute late).
 */
let actionsCache: { at: number; rows: { action: string }[] } | undefined;
async function knownActions(rc: RequestContext) {
  if (!actionsCache || Date.now() - actionsCache.at > 60_000) actionsCache = { at: Date.now(), rows: await actionLogRepo.distinctActions(rc.db) };
  return actionsCache.rows;
}

async function viewPage(rc: RequestContext, id: number) {
  const t = rc.t;
  const row = await actionLogRepo.byId(rc.db, id);
  if (!row) return undefined;
  let pretty = row.full_details;
  try {
    pretty = JSON.stringify(JSON.parse(row.full_details), null, 2);
  } catch {
    // Stored as written.
  }
  const fields: [string, string][] = [
    [t('ID'), String(row.id)],
    [t('Time'), formatUtc(row.created_at)],
    [t('Action Group'), t(rc.app.registry.actionGroupLabel(row.action_group))],
    [t('Action'), row.action],
    [t('IP Address'), row.ip],
    [t('Username'), row.username],
    [t('Admin ID'), row.admin_id === null ? '' : String(row.admin_id)],
    [t('Result'), t(row.result)],
    [t('Full Action Name'), row.full_action_name],
    [t('Details'), row.details],
  ];
  return adminPage(rc, {
    title: t('Admin Action Log Entry #{id}', { id: row.id }),
    active: 'system',
    actions: (
      <a class="action-secondary" href={BASE} safe>
        {t('Back')}
      </a>
    ),
    content: (
      <>
        <dl class="details">
          {fields.map(([k, v]) => (
            <>
              <dt safe>{k}</dt>
              <dd safe>{v}</dd>
            </>
          ))}
        </dl>
        <h2 safe>{t('Full Details')}</h2>
        <pre class="json" safe>
          {pretty}
        </pre>
      </>
    ),
  });
}

const EXPORT_BATCH = 1000;

/** Streams every matching row (keyset batches, never the whole log in memory). */
async function streamExport(rc: RequestContext, reply: FastifyReply, raw: unknown, format: 'csv' | 'xml') {
  const { filter } = parseReportQuery(rc, raw);
  const label = (id: string) => rc.app.registry.actionGroupLabel(id);
  const stamp = rc.app.clock.now().toISOString().slice(0, 10);
  reply.header('content-disposition', `attachment; filename="action-log-${stamp}.${format === 'csv' ? 'csv' : 'xml'}"`);
  reply.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.ms-excel; charset=utf-8');
  await rc.app.services.actionLog.record(rc, { group: 'admin_permissions', action: 'Export', details: rc.t('Exported the action log ({format})', { format: format.toUpperCase() }), fullDetails: { filter } });
  async function* chunks() {
    yield format === 'csv' ? `\uFEFF${csvLine(EXPORT_COLUMNS.map((c) => c.header))}` : XML_HEAD + xmlRow(EXPORT_COLUMNS.map((c) => c.header));
    // Follow the pager's own "next" cursor: a cursor past the end would start over at the first page.
    let cursor: { after?: number } = {};
    for (;;) {
      const { rows: batch, nextAfter } = await actionLogRepo.page(rc.app.db, filter, { cursor, limit: EXPORT_BATCH });
      let out = '';
      for (const r of batch) {
        const cells = EXPORT_COLUMNS.map((c) => c.value(r, label));
        out += format === 'csv' ? csvLine(cells) : xmlRow(cells);
      }
      if (out) yield out;
      if (nextAfter === undefined) break;
      cursor = { after: nextAfter };
    }
    if (format === 'xml') yield XML_TAIL;
  }
  const { Readable } = await import('node:stream');
  return reply.send(Readable.from(chunks()));
}

/** "Log chain intact" or the first broken entry, above the report. */
async function ChainIndicator({ rc }: { rc: RequestContext }) {
  const t = rc.t;
  const status = await rc.app.services.actionLog.status(rc.db);
  if (!status)
    return (
      <p class="chain-status chain-unknown" data-role="chain-status">
        <span safe>{t('The log chain has not been verified since the store started.')}</span>{' '}
        <a href={`${BASE}/verify`} safe>
          {t('Verify now')}
        </a>
      </p>
    );
  const r = status.report;
  return r.intact ? (
    <p class="chain-status chain-intact" data-role="chain-status">
      <span safe>{t('Log chain intact: {count} entries verified.', { count: r.entries })}</span>{' '}
      <a href={`${BASE}/verify`} safe>
        {t('Verify now')}
      </a>
    </p>
  ) : (
    <p class="chain-status chain-broken message message-error" role="alert" data-role="chain-status">
      <span safe>{t('Log chain broken at entry #{id}: {why}.', { id: r.brokenId, why: r.why })}</span>{' '}
      <a href={`${BASE}/${r.brokenId}`} safe>
        {t('View')}
      </a>
    </p>
  );
}

export function reportRoutes(r: RouteRegistrar) {
  r.adminGet('/system/action-logs/verify', { resource: RESOURCE, actionName: 'adminhtml_logging_verify' }, async (_req, _reply, rc) => {
    const report = await rc.app.services.actionLog.verify(rc.db);
    const t = rc.t;
    return adminPage(rc, {
      title: t('Verify Log Chain'),
      active: 'system',
      content: (
        <div class="chain-verify">
          {report.intact ? (
            <p class="message message-success" data-role="chain-status" safe>
              {t('Log chain intact: {count} entries verified.', { count: report.entries })}
            </p>
          ) : (
            <p class="message message-error" role="alert" data-role="chain-status" safe>
              {t('Log chain broken at entry #{id}: {why}.', { id: report.brokenId, why: report.why })}
            </p>
          )}
          <a class="action-secondary" href={BASE} safe>
            {t('Back')}
          </a>
        </div>
      ),
    });
  });
  r.adminGet('/system/action-logs', { resource: RESOURCE, actionName: 'adminhtml_logging_index' }, (req, _reply, rc) => reportPage(rc, req.query));
  r.adminGet('/system/action-logs/export/csv', { resource: RESOURCE, actionName: 'adminhtml_logging_exportCsv' }, (req, reply, rc) => streamExport(rc, reply, req.query, 'csv'));
  r.adminGet('/system/action-logs/export/xml', { resource: RESOURCE, actionName: 'adminhtml_logging_exportXml' }, (req, reply, rc) => streamExport(rc, reply, req.query, 'xml'));
  r.adminGet('/system/action-logs/:id', { resource: RESOURCE, actionName: 'adminhtml_logging_details' }, async (req, reply, rc) => {
    const id = paramId(req);
    const page = id ? await viewPage(rc, id) : undefined;
    return page ?? reply.callNotFound();
  });
}
