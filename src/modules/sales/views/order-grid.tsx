import type { RequestContext } from '../../../kernel/request-context.ts';
import { Grid, keysetPager, withQuery } from '../../../ui/grid.tsx';
import { STATE_LABELS } from '../index.ts';
import type { OrderGridData, OrderSort } from '../pages.ts';
import { ORDERS } from './admin-common.ts';
import { date, money, stateLabel } from './format.ts';

/** Sales > Orders: the filterable, sortable orders grid. */
export function OrderGrid(p: {
  rc: RequestContext;
  data: OrderGridData;
  q: Record<string, string | undefined>;
  sort: OrderSort;
  dir: 'asc' | 'desc';
  base?: string;
}) {
  const { rc, data, q } = p;
  const t = rc.t;
  const base = p.base ?? ORDERS;
  const { rows, total, views, ...page } = data;
  const link = (id: number, text: string) => (
    <a href={`${ORDERS}/${id}`} safe>
      {text}
    </a>
  );
  return (
    <Grid
      rc={rc}
      id="sales_order_grid"
      action={base}
      query={q}
      rows={rows}
      sort={{ key: p.sort, dir: p.dir }}
      pager={keysetPager(rc, base, q, total, page)}
      columnsAction={base === ORDERS ? `${ORDERS}/columns` : undefined}
      toolbar={
        base === ORDERS ? (
          <a class="action-secondary" href={withQuery(`${ORDERS}/export/csv`, { ...q, page: undefined, after: undefined, before: undefined })} safe>
            {t('Export to CSV')}
          </a>
        ) : undefined
      }
      columns={[
        { label: t('ID'), cell: (r) => link(r.id, r.increment_id), filter: { type: 'text', name: 'increment_id' }, sort: 'increment_id' },
        {
          label: t('Purchase Point'),
          value: (r) => views.find((v) => v.id === r.store_view_id)?.name ?? '',
          filter: { type: 'select', name: 'store', options: views.map((v) => ({ value: String(v.id), label: v.name })) },
        },
        {
          label: t('Purchase Date'),
          value: (r) => date(rc, r.created_at),
          filter: { type: 'range', from: 'created_from', to: 'created_to', input: 'date' },
          sort: 'created_at',
        },
        { label: t('Bill-to Name'), value: (r) => `${r.customer_firstname} ${r.customer_lastname}`, filter: { type: 'text', name: 'name' } },
        { label: t('Customer Email'), value: (r) => r.customer_email, filter: { type: 'text', name: 'email' } },
        {
          label: t('Grand Total (Purchased)'),
          value: (r) => money(rc, r.grand_total),
          filter: { type: 'range', from: 'total_from', to: 'total_to', input: 'number' },
          sort: 'grand_total',
        },
        {
          label: t('Status'),
          value: (r) => stateLabel(rc, r.status),
          filter: { type: 'select', name: 'status', options: Object.entries(STATE_LABELS).map(([value, label]) => ({ value, label: t(label) })) },
        },
        { label: t('Action'), key: 'action', cell: (r) => link(r.id, t('View')) },
      ]}
    />
  );
}
