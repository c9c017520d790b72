import type { RequestContext } from '../../../kernel/request-context.ts';
import type { OrderItem } from '../pages.ts';
import { money } from './format.ts';
import { formatPercent } from '../../tax/index.ts';

/** The order's items with what was ordered, invoiced, shipped, refunded and canceled. */
export function ItemsTable({ rc, items }: { rc: RequestContext; items: OrderItem[] }) {
  const t = rc.t;
  return (
    <table class="data-grid order-items">
      <thead>
        <tr>
          <th safe>{t('Product')}</th>
          <th safe>{t('SKU')}</th>
          <th safe>{t('Price')}</th>
          <th safe>{t('Qty')}</th>
          <th safe>{t('Tax Amount')}</th>
          <th safe>{t('Tax Percent')}</th>
          <th safe>{t('Row Total')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr data-sku={i.sku}>
            <td safe>{i.name}</td>
            <td safe>{i.sku}</td>
            <td safe>{money(rc, i.price)}</td>
            <td class="qty-summary">
              <span safe>{t('Ordered {n}', { n: i.qty_ordered })}</span>
              {i.qty_invoiced ? <span safe>{t('Invoiced {n}', { n: i.qty_invoiced })}</span> : ''}
              {i.qty_shipped ? <span safe>{t('Shipped {n}', { n: i.qty_shipped })}</span> : ''}
              {i.qty_refunded ? <span safe>{t('Refunded {n}', { n: i.qty_refunded })}</span> : ''}
              {i.qty_canceled ? <span safe>{t('Canceled {n}', { n: i.qty_canceled })}</span> : ''}
            </td>
            <td class="tax-amount" safe>
              {money(rc, i.tax_amount)}
            </td>
            <td safe>{`${formatPercent(i.tax_percent)}%`}</td>
            <td safe>{money(rc, i.row_total)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
