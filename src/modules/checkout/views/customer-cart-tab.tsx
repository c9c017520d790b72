import type { RequestContext } from '../../../kernel/request-context.ts';
import { money } from './format.ts';

export interface CustomerCartLine {
  sku: string;
  name: string;
  qty: number;
  price: number;
  website: string;
  added_by_admin_id: number | null;
}

/** The Shopping cart tab on the admin customer page. */
export function CustomerCart({ rc, rows }: { rc: RequestContext; rows: CustomerCartLine[] }) {
  const t = rc.t;
  if (!rows.length) return <p safe>{t('There are no items in the shopping cart.')}</p>;
  return (
    <table class="data-grid customer-cart">
      <thead>
        <tr>
          <th safe>{t('Product')}</th>
          <th safe>{t('SKU')}</th>
          <th safe>{t('Qty')}</th>
          <th safe>{t('Price')}</th>
          <th safe>{t('Website')}</th>
          <th safe>{t('Added by')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr data-sku={r.sku}>
            <td safe>{r.name}</td>
            <td safe>{r.sku}</td>
            <td safe>{String(r.qty)}</td>
            <td safe>{money(rc, r.price)}</td>
            <td safe>{r.website}</td>
            <td safe>{r.added_by_admin_id ? t('Admin #{id}', { id: r.added_by_admin_id }) : t('Customer')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
