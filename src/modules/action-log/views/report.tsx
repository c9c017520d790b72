import { formatDate } from '../../../kernel/dates.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { Grid, keysetPager, withQuery, type GridColumn } from '../../../ui/grid.tsx';
import { PostButton } from '../../../ui/components.tsx';
import type { ChainReport } from '../chain.ts';
import type { CheckpointStatus } from '../checkpoints.ts';
import type { ActionLogRow } from '../service.ts';

export const BASE = '/admin/system/action-logs';
export const PAGE_SIZES = ['20', '30', '50', '100', '200'] as const;

/** The chain as last checked, or undefined when it has not been (see ActionLogService.status). */
export type ChainStatus = { report: ChainReport; fullAt?: string } | undefined;

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function reportColumns(rc: RequestContext, actions: { action: string }[]): GridColumn<ActionLogRow>[] {
  const t = rc.t;
  const label = (id: string) => t(rc.app.registry.actionGroupLabel(id));
  const groups = rc.app.registry.actionGroups.map((g) => ({ value: g.id, label: t(g.label) }));
  const actionNames = actions.map((a) => ({ value: a.action, label: t(a.action) }));
  return [
    { label: t('Time'), value: (r) => formatDate(r.created_at, rc, 'seconds'), filter: { type: 'range', from: 'from', to: 'to', input: 'date' } },
    { label: t('Action Group'), value: (r) => label(r.action_group), filter: { type: 'select', name: 'group', options: groups } },
    { label: t('Action'), value: (r) => t(r.action), filter: { type: 'select', name: 'action', options: actionNames } },
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
  checkpoint: CheckpointStatus | undefined;
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
        <CheckpointIndicator rc={rc} status={d.checkpoint} />
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
    [t('Time'), formatDate(row.created_at, rc, 'seconds')],
    [t('Action Group'), t(rc.app.registry.actionGroupLabel(row.action_group))],
    [t('Action'), t(row.action)],
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

/** The newest signed checkpoint and whether it still holds, with the button that signs one now. */
function CheckpointIndicator({ rc, status }: { rc: RequestContext; status: CheckpointStatus | undefined }) {
  const t = rc.t;
  const button = <PostButton rc={rc} action={`${BASE}/checkpoint`} label={t('Sign checkpoint now')} id="sign-checkpoint" />;
  if (!status)
    return (
      <div class="chain-checkpoint" data-role="checkpoint-status">
        <span safe>{t('No checkpoint of the log chain has been signed yet.')}</span> {button}
      </div>
    );
  const c = status.checkpoint;
  const good = status.signatureValid && status.inChain;
  const warnings = [
    status.inChain ? '' : t('The log no longer holds the signed hash at entry #{id}: the chain was rewritten after this checkpoint.', { id: c.entry_id }),
    status.currentKey ? '' : t("This checkpoint was signed with a key other than the store's current signing key."),
  ].filter(Boolean);
  return (
    <div class={`chain-checkpoint${good ? '' : ' message message-error'}`} role={good ? undefined : 'alert'} data-role="checkpoint-status">
      <span safe>
        {t('Last checkpoint: {time}, entry #{id}, key {keyId}. Signature verified: {verified}.', {
          time: formatDate(c.created_at, rc, 'seconds'),
          id: c.entry_id,
          keyId: c.key_id,
          verified: status.signatureValid ? t('Yes') : t('No'),
        })}
      </span>{' '}
      {warnings.map((w) => (
        <span class="checkpoint-warning" safe>
          {w}
        </span>
      ))}{' '}
      {button}
    </div>
  );
}
