import type { RequestContext } from '../../../kernel/request-context.ts';
import { orderAmountsOf, taxedTotalRows } from '../tax-totals.ts';
import { AddressBlock } from '../../../ui/address.tsx';
import type { OrderViewData } from '../pages.ts';
import { date, money, paymentTitle, stateLabel } from './format.ts';
import { ItemsTable } from './order-items.tsx';

type Data = { rc: RequestContext; data: OrderViewData };

function AccountInformation({ rc, data }: Data) {
  const t = rc.t;
  const { order } = data;
  const name = `${order.customer_firstname} ${order.customer_lastname}`;
  return (
    <section class="order-information">
      <h2 safe>{t('Order & Account Information')}</h2>
      <table class="admin-table">
        <tr>
          <th safe>{t('Order Date')}</th>
          <td safe>{date(rc, order.created_at)}</td>
        </tr>
        <tr>
          <th safe>{t('Order Status')}</th>
          <td class="order-status" safe>
            {stateLabel(rc, order.status)}
          </td>
        </tr>
        <tr>
          <th safe>{t('Purchased From')}</th>
          <td safe>{data.purchasedFrom}</td>
        </tr>
        <tr>
          <th safe>{t('Customer Name')}</th>
          <td>
            {order.customer_id ? (
              <a href={`/admin/customers/${order.customer_id}/edit`} safe>
                {name}
              </a>
            ) : (
              <span safe>{name}</span>
            )}
          </td>
        </tr>
        <tr>
          <th safe>{t('Email')}</th>
          <td safe>{order.customer_email}</td>
        </tr>
        <tr>
          <th safe>{t('Customer Group')}</th>
          <td safe>{data.customerGroup || (order.customer_id ? '' : t('NOT LOGGED IN'))}</td>
        </tr>
      </table>
    </section>
  );
}

function Addresses({ rc, data }: Data) {
  const t = rc.t;
  const billing = data.addresses.find((a) => a.address_type === 'billing');
  const shipping = data.addresses.find((a) => a.address_type === 'shipping');
  return (
    <section class="order-addresses">
      <h2 safe>{t('Address Information')}</h2>
      <div class="box">
        <strong safe>{t('Billing Address')}</strong>
        {billing ? <AddressBlock a={billing} countries={data.countries} /> : ''}
      </div>
      <div class="box">
        <strong safe>{t('Shipping Address')}</strong>
        {shipping ? <AddressBlock a={shipping} countries={data.countries} /> : ''}
      </div>
    </section>
  );
}

function Totals({ rc, data }: Data) {
  const t = rc.t;
  const { order } = data;
  const row = (label: string, amount: number, cls?: string) => (
    <tr>
      <th safe>{label}</th>
      <td class={cls} safe>
        {money(rc, amount, order)}
      </td>
    </tr>
  );
  return (
    <section class="order-totals">
      <h2 safe>{t('Order Totals')}</h2>
      <table class="admin-table totals">
        {taxedTotalRows(t, orderAmountsOf(order, data.taxes), data.taxDisplay).map((r) => row(r.label, r.amount, r.cls))}
        {row(t('Total Paid'), order.total_invoiced, 'total-paid')}
        {row(t('Total Refunded'), order.total_refunded, 'total-refunded')}
        {row(t('Total Due'), Math.max(0, order.grand_total - order.total_invoiced))}
      </table>
    </section>
  );
}

/** The order view's Information tab (the comments history follows it, added by the caller). */
export function InfoTab({ rc, data }: Data) {
  const t = rc.t;
  const { order } = data;
  return (
    <>
      <AccountInformation rc={rc} data={data} />
      <Addresses rc={rc} data={data} />
      <section class="order-payment-shipping">
        <h2 safe>{t('Payment & Shipping Method')}</h2>
        <p safe>{paymentTitle(rc, order.payment_method)}</p>
        <p safe>{`${order.shipping_description} ${money(rc, order.shipping_amount, order)}`}</p>
      </section>
      <section class="order-items">
        <h2 safe>{t('Items Ordered')}</h2>
        <ItemsTable rc={rc} items={data.items} />
      </section>
      <Totals rc={rc} data={data} />
    </>
  );
}
