import type { RequestContext } from '../../../kernel/request-context.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { Grid, keysetPager, withQuery, type GridColumn } from '../../../ui/grid.tsx';
import type { ChainReport } from '../chain.ts';
import type { ActionLogRow } from '../service.ts';

export const BASE = '/admin/system/action-logs';
export const PAGE_SIZES = ['20', '30', '50', '100', '200'] as const;

/** The chain as last checked, or undefined when it has not been (see ActionLogService.status). */
export type ChainStatus = { report: ChainReport; fullAt?: string } | undefined;

/** "2026-01-15 10:00:00 UTC" */
export const formatUtc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function reportColumns(rc: RequestContext, actions: { action: string }[]): GridColumn<ActionLogRow>[] {
  const t = rc.t;
  const label = (id: string) => t(rc.app.registry.actionGroupLabel(id));
  const groups = rc.app.registry.actionGroups.map((g) => ({ value: g.id, label: t(g.label) }));
  const actionNames = actions.map((a) => ({ value: a.action, label: a.action }));
  return [
    { label: t('Time'), value: (r) => formatUtc(r.created_at), filter: { type: 'range', from: 'from', to: 'to', input: 'date' } },
    { label: t('Action Group'), value: (r) => label(r.action_group), filter: { type: 'select', name: 'group', options: groups } },
    { label: t('Action'), value: (r) => r.action, filter: { type: 'select', name: 'action', options: actionNames } },
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
}

function ExportToolbar({ rc, exportQuery }: { rc: RequestContext; exportQuery: Record<string, string | undefined> }) {
  const t = rc.t;
  return (
    <div class="grid-export">
      <a class="action-secondary" href={withQuery(`${BASE}/export/csv`, exportQuery)} data-role="export-csv" safe>
        {t('Export to CSV')}
      </a>
      <a class="action-secondary" href={withQuery(`${BASE}/export/xml`, exportQuery)} data-role="export-xml" safe>
        {t('Export to Excel XML')}
      </a>
    </div>
  );
}

export interface ReportPageData {
  rows: ActionLogRow[];
  page: { prevBefore?: number; nextAfter?: number; page?: number };
  /** Matching entries, exact up to COUNT_CAP. */
  total: number;
  /** The filters and page size to keep in links (no cursor). */
  keep: Record<string, string | undefined>;
  limit: number;
  problems: string[];
  actions: { action: string }[];
  chain: ChainStatus;
}

/** System > Action Logs > Report. */
export function reportPage(rc: RequestContext, d: ReportPageData) {
  const t = rc.t;
  const { rows, page, keep, problems } = d;
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
        <ChainIndicator rc={rc} status={d.chain} />
        <Grid
          rc={rc}
          id="action-log-grid"
          action={BASE}
          columns={reportColumns(rc, d.actions)}
          rows={rows}
          query={keep}
          emptyText={t("We couldn't find any records.")}
          pager={keysetPager(rc, BASE, keep, d.total, page, rows.length)}
          columnsAction={`${BASE}/columns`}
          toolbar={<ExportToolbar rc={rc} exportQuery={{ ...keep, limit: undefined }} />}
        />
      </>
    ),
  });
}

/** One entry, with its full details pretty-printed. */
export function entryPage(rc: RequestContext, row: ActionLogRow) {
  const t = rc.t;
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

/** "Log chain intact" or the first broken entry, above the report. */
function ChainIndicator({ rc, status }: { rc: RequestContext; status: ChainStatus }) {
  const t = rc.t;
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

/** The result of walking the whole chain. */
export function verifyPage(rc: RequestContext, report: ChainReport) {
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
}
