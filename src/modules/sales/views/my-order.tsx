import { formatDate } from '../../../kernel/dates.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { AddressBlock } from '../../../ui/address.tsx';
import { FormKey } from '../../../ui/components.tsx';
import type { MyOrderData } from '../pages.ts';
import { money, paymentTitle, stateLabel } from './format.ts';
import { orderAmountsOf, taxedTotalRows } from '../tax-totals.ts';

function ItemsTable({ rc, data }: { rc: RequestContext; data: MyOrderData }) {
  const t = rc.t;
  const { order, items, taxes, taxDisplay } = data;
  const incl = taxDisplay.price === 'incl';
  return (
    <table class="data table table-order-items">
      <thead>
        <tr>
          <th safe>{t('Product Name')}</th>
          <th safe>{t('SKU')}</th>
          <th safe>{t('Price')}</th>
          <th safe>{t('Qty')}</th>
          <th safe>{t('Subtotal')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr>
            <td safe>{i.name}</td>
            <td safe>{i.sku}</td>
            <td safe>{money(rc, incl ? i.price_incl_tax : i.price, order)}</td>
            <td safe>{t('Ordered: {n}', { n: i.qty_ordered })}</td>
            <td safe>{money(rc, incl ? i.row_total_incl_tax : i.row_total, order)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        {taxedTotalRows(t, orderAmountsOf(order, taxes), taxDisplay).map((r) => (
          <tr class={r.cls}>
            <th colspan="4" safe>
              {r.label}
            </th>
            <td safe>{money(rc, r.amount, order)}</td>
          </tr>
        ))}
      </tfoot>
    </table>
  );
}

function OrderInfo({ rc, data }: { rc: RequestContext; data: MyOrderData }) {
  const t = rc.t;
  return (
    <section class="order-info">
      <div class="box">
        <strong safe>{t('Shipping Address')}</strong>
        {data.shipping ? <AddressBlock a={data.shipping} countries={data.countries} /> : ''}
      </div>
      <div class="box">
        <strong safe>{t('Shipping Method')}</strong>
        <p safe>{data.order.shipping_description}</p>
        {data.tracks.map((tr) => (
          <p safe>{t('Tracking Number: {number}', { number: tr.number })}</p>
        ))}
      </div>
      <div class="box">
        <strong safe>{t('Payment Method')}</strong>
        <p safe>{paymentTitle(rc, data.order.payment_method)}</p>
      </div>
    </section>
  );
}

function Comments({ rc, data }: { rc: RequestContext; data: MyOrderData }) {
  if (!data.comments.length) return '';
  return (
    <section class="order-comments">
      <h2 safe>{rc.t('About Your Order')}</h2>
      <ul>
        {data.comments.map((c) => (
          <li>
            <span class="date" safe>
              {formatDate(c.created_at, rc)}
            </span>{' '}
            <span safe>{c.comment}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** My Orders > one order: status, Reorder, items and totals, addresses and methods, visible comments. */
export function MyOrder({ rc, data }: { rc: RequestContext; data: MyOrderData }) {
  const t = rc.t;
  const { order } = data;
  return (
    <div class="order-details">
      <p class="order-status" safe>
        {stateLabel(rc, order.status)}
      </p>
      <p class="order-date" safe>
        {t('Order Date: {date}', { date: formatDate(order.created_at, rc, 'date') })}
      </p>
      <form method="post" action={rc.url(`/sales/order/reorder/${order.id}`)} class="inline-form">
        <FormKey rc={rc} />
        <button type="submit" class="action order" safe>
          {t('Reorder')}
        </button>
      </form>
      <ItemsTable rc={rc} data={data} />
      <OrderInfo rc={rc} data={data} />
      <Comments rc={rc} data={data} />
    </div>
  );
}
