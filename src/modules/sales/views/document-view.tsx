import type { RequestContext } from '../../../kernel/request-context.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { rendered } from '../../../ui/components.tsx';
import type { DocumentKind } from '../index.ts';
import type { DocumentViewData } from '../pages.ts';
import { DOCS, documentButtons, ORDERS } from './admin-common.ts';
import { date, money, stateLabel } from './format.ts';
import { documentAmountsOf, taxedTotalRows } from '../tax-totals.ts';

type Props = { rc: RequestContext; kind: DocumentKind; data: DocumentViewData };

function DocumentItems({ rc, kind, data }: Props) {
  const t = rc.t;
  return (
    <table class="data-grid document-items">
      <thead>
        <tr>
          <th safe>{t('Product')}</th>
          <th safe>{t('SKU')}</th>
          <th safe>{t('Qty')}</th>
          {kind === 'shipments' ? '' : <th safe>{t('Tax Amount')}</th>}
          {kind === 'shipments' ? '' : <th safe>{t('Row Total')}</th>}
          {kind === 'credit_memos' ? <th safe>{t('Return to Stock')}</th> : ''}
        </tr>
      </thead>
      <tbody>
        {data.items.map((i) => (
          <tr>
            <td safe>{i.name}</td>
            <td safe>{i.sku}</td>
            <td safe>{String(i.qty)}</td>
            {kind === 'shipments' ? '' : <td safe>{money(rc, i.tax_amount)}</td>}
            {kind === 'shipments' ? '' : <td safe>{money(rc, i.row_total)}</td>}
            {kind === 'credit_memos' ? <td safe>{i.back_to_stock ? t('Yes') : t('No')}</td> : ''}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Tracking({ rc, data }: Omit<Props, 'kind'>) {
  const t = rc.t;
  return (
    <section class="tracking">
      <h2 safe>{t('Shipping and Tracking Information')}</h2>
      {data.tracks.length ? (
        <ul>
          {data.tracks.map((tr) => (
            <li safe>{`${tr.title} (${tr.carrier}): ${tr.number}`}</li>
          ))}
        </ul>
      ) : (
        <p safe>{t('No tracking numbers.')}</p>
      )}
    </section>
  );
}

function Totals({ rc, kind, data }: Props) {
  const t = rc.t;
  const row = (label: string, amount: number) => (
    <tr>
      <th safe>{label}</th>
      <td safe>{money(rc, amount)}</td>
    </tr>
  );
  const { doc } = data;
  const adjustments =
    kind === 'credit_memos'
      ? [
          { label: t('Adjustment Refund'), amount: doc.adjustment_positive },
          { label: t('Adjustment Fee'), amount: doc.adjustment_negative },
        ]
      : [];
  return <table class="admin-table totals">{taxedTotalRows(t, documentAmountsOf(doc), data.taxDisplay, adjustments).map((r) => row(r.label, r.amount))}</table>;
}

/** An invoice, shipment or credit memo: its order, items, and tracking or totals. */
export async function documentViewPage(rc: RequestContext, kind: DocumentKind, data: DocumentViewData) {
  const t = rc.t;
  const { doc, order } = data;
  const cfg = DOCS[kind];
  return adminPage(rc, {
    title: t('{kind} #{number}', { kind: t(cfg.single), number: doc.increment_id }),
    active: 'sales',
    actions: (
      <div class="page-actions-buttons" data-role="document-actions">
        <a class="action-back" href={`${ORDERS}/${order.id}`} safe>
          {t('Back')}
        </a>
        {rendered(await documentButtons(rc, order, cfg.type))}
      </div>
    ),
    content: (
      <>
        <section class="order-information">
          <h2 safe>{t('Order & Account Information')}</h2>
          <p>
            <a href={`${ORDERS}/${order.id}`} safe>
              {t('Order # {number}', { number: order.increment_id })}
            </a>{' '}
            <span safe>{`(${stateLabel(rc, order.status)})`}</span>
          </p>
          <p safe>{`${order.customer_firstname} ${order.customer_lastname} <${order.customer_email}>`}</p>
          <p safe>{t('Created: {date}', { date: date(rc, doc.created_at) })}</p>
        </section>
        <DocumentItems rc={rc} kind={kind} data={data} />
        {kind === 'shipments' ? <Tracking rc={rc} data={data} /> : <Totals rc={rc} kind={kind} data={data} />}
      </>
    ),
  });
}
