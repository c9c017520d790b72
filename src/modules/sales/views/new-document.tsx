import type { RequestContext } from '../../../kernel/request-context.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { CheckboxField, FormErrors, FormKey } from '../../../ui/components.tsx';
import type { Order } from '../index.ts';
import type { OrderItem } from '../pages.ts';
import { ORDERS, type FormProblems } from './admin-common.ts';
import { money } from './format.ts';

export type NewDocKind = 'invoice' | 'ship' | 'creditmemo';

/** What is left to invoice, ship or refund of an item. */
export const qtyLeft = (kind: NewDocKind, i: OrderItem) =>
  kind === 'invoice'
    ? i.qty_ordered - i.qty_invoiced - i.qty_canceled
    : kind === 'ship'
      ? i.qty_ordered - i.qty_shipped - i.qty_canceled - i.qty_refunded
      : i.qty_invoiced - i.qty_refunded;

const LABELS: Record<NewDocKind, { title: string; submit: string; qty: string }> = {
  invoice: { title: 'New Invoice', submit: 'Submit Invoice', qty: 'Qty to Invoice' },
  ship: { title: 'New Shipment', submit: 'Submit Shipment', qty: 'Qty to Ship' },
  creditmemo: { title: 'New Memo', submit: 'Refund Offline', qty: 'Qty to Refund' },
};

function QtyTable({ rc, kind, items, values }: { rc: RequestContext; kind: NewDocKind; items: OrderItem[]; values: Record<string, string> }) {
  const t = rc.t;
  const qtyLabel = t(LABELS[kind].qty);
  return (
    <table class="data-grid">
      <thead>
        <tr>
          <th safe>{t('Product')}</th>
          <th safe>{t('SKU')}</th>
          <th safe>{t('Price')}</th>
          <th safe>{qtyLabel}</th>
        </tr>
      </thead>
      <tbody>
        {items
          .filter((i) => qtyLeft(kind, i) > 0)
          .map((i) => (
            <tr data-sku={i.sku}>
              <td safe>{i.name}</td>
              <td safe>{i.sku}</td>
              <td safe>{money(rc, i.price)}</td>
              <td>
                <input
                  type="number"
                  min="0"
                  max={String(qtyLeft(kind, i))}
                  name={`qty[${i.id}]`}
                  value={values[`qty[${i.id}]`] ?? String(qtyLeft(kind, i))}
                  aria-label={t('{label} for {name}', { label: qtyLabel, name: i.name })}
                />
              </td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}

function Tracking({ rc, values }: { rc: RequestContext; values: Record<string, string> }) {
  const t = rc.t;
  return (
    <fieldset class="tracking">
      <legend safe>{t('Add Tracking Number')}</legend>
      {[0, 1].map((n) => (
        <div class="track-row">
          <span class="label" safe>
            {t('Carrier')}
          </span>
          <select name="track_carrier" aria-label={t('Carrier')}>
            <option value="custom" safe>
              {t('Custom Value')}
            </option>
            <option value="ups">UPS</option>
            <option value="usps">USPS</option>
            <option value="fedex">FedEx</option>
            <option value="dhl">DHL</option>
          </select>
          <input name="track_title" placeholder={t('Title')} aria-label={t('Title')} value={n === 0 ? (values.track_title ?? '') : ''} />
          <input
            name="track_number"
            placeholder={t('Number')}
            aria-label={n === 0 ? t('Tracking Number') : t('Second Tracking Number')}
            value={n === 0 ? (values.track_number ?? '') : ''}
          />
        </div>
      ))}
    </fieldset>
  );
}

function AmountField({ name, label, value }: { name: string; label: string; value?: string }) {
  return (
    <div class="field">
      <label for={name} safe>
        {label}
      </label>
      <input id={name} name={name} value={value ?? ''} placeholder="0.00" />
    </div>
  );
}

function RefundTotals({ rc, values }: { rc: RequestContext; values: Record<string, string> }) {
  const t = rc.t;
  return (
    <fieldset class="refund-totals">
      <legend safe>{t('Refund Totals')}</legend>
      <CheckboxField name="back_to_stock" label={t('Return to Stock')} checked={values.back_to_stock === '1'} />
      <AmountField name="shipping_amount" label={t('Refund Shipping')} value={values.shipping_amount} />
      <AmountField name="adjustment_positive" label={t('Adjustment Refund')} value={values.adjustment_positive} />
      <AmountField name="adjustment_negative" label={t('Adjustment Fee')} value={values.adjustment_negative} />
    </fieldset>
  );
}

/** The new invoice, shipment or credit memo form; `values` are the submitted ones shown again after a refusal. */
export function newDocumentPage(
  rc: RequestContext,
  order: Order,
  items: OrderItem[],
  kind: NewDocKind,
  e: FormProblems = {},
  values: Record<string, string> = {},
) {
  const t = rc.t;
  return adminPage(rc, {
    title: `${t(LABELS[kind].title)} — #${order.increment_id}`,
    active: 'sales',
    actions: (
      <a class="action-back" href={`${ORDERS}/${order.id}`} safe>
        {t('Back')}
      </a>
    ),
    content: (
      <form method="post" action={`${ORDERS}/${order.id}/${kind}/save`} class="admin-form new-document" novalidate>
        <FormKey rc={rc} />
        <FormErrors messages={(e.messages ?? []).map((m) => t(m))} />
        <QtyTable rc={rc} kind={kind} items={items} values={values} />
        {kind === 'ship' ? <Tracking rc={rc} values={values} /> : ''}
        {kind === 'creditmemo' ? <RefundTotals rc={rc} values={values} /> : ''}
        <button type="submit" class="action-primary" safe>
          {t(LABELS[kind].submit)}
        </button>
      </form>
    ),
  });
}
