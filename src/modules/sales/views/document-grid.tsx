import type { RequestContext } from '../../../kernel/request-context.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { Grid, keysetPager } from '../../../ui/grid.tsx';
import type { DocumentKind } from '../index.ts';
import type { DocumentGridData } from '../pages.ts';
import { DOCS } from './admin-common.ts';
import { date, money } from './format.ts';

/** Sales > Invoices, Shipments or Credit Memos: the documents grid. */
export function documentGridPage(rc: RequestContext, kind: DocumentKind, data: DocumentGridData, q: Record<string, string | undefined>) {
  const t = rc.t;
  const cfg = DOCS[kind];
  const { rows, total, ...page } = data;
  const link = (id: number, text: string) => (
    <a href={`${cfg.path}/${id}`} safe>
      {text}
    </a>
  );
  return adminPage(rc, {
    title: t(cfg.title),
    active: 'sales',
    content: (
      <Grid
        rc={rc}
        id={`sales_${kind}_grid`}
        action={cfg.path}
        query={q}
        rows={rows}
        pager={keysetPager(rc, cfg.path, q, total, page)}
        columnsAction={`${cfg.path}/columns`}
        columns={[
          { label: t(cfg.single), cell: (r) => link(r.id, r.increment_id), filter: { type: 'text', name: 'increment_id' } },
          { label: t('Created'), value: (r) => date(rc, r.created_at), filter: { type: 'range', from: 'created_from', to: 'created_to', input: 'date' } },
          { label: t('Order #'), value: (r) => r.order_increment_id, filter: { type: 'text', name: 'order' } },
          { label: t('Order Date'), key: 'order_date', value: (r) => date(rc, r.order_created_at) },
          { label: t('Bill-to Name'), value: (r) => `${r.customer_firstname} ${r.customer_lastname}`, filter: { type: 'text', name: 'name' } },
          {
            label: kind === 'shipments' ? t('Total Quantity') : t('Amount'),
            key: 'amount',
            value: (r) => (kind === 'shipments' ? r.total_qty : money(rc, r.grand_total)),
          },
          { label: t('Action'), key: 'action', cell: (r) => link(r.id, t('View')) },
        ]}
      />
    ),
  });
}
