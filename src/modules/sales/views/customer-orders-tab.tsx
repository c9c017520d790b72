import type { RequestContext } from '../../../kernel/request-context.ts';
import type { Order } from '../index.ts';
import { ORDERS } from './admin-common.ts';
import { date, money, stateLabel } from './format.ts';

/** The Orders tab on the customer edit page. */
export function CustomerOrders({ rc, rows, total }: { rc: RequestContext; rows: Order[]; total: number }) {
  const t = rc.t;
  if (!rows.length) return <p safe>{t("We couldn't find any records.")}</p>;
  return (
    <>
      <p safe>{t('{count} records found', { count: total })}</p>
      <table class="data-grid customer-orders">
        <thead>
          <tr>
            <th safe>{t('Order #')}</th>
            <th safe>{t('Purchased')}</th>
            <th safe>{t('Bill-to Name')}</th>
            <th safe>{t('Order Total')}</th>
            <th safe>{t('Status')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((o) => (
            <tr>
              <td>
                <a href={`${ORDERS}/${o.id}`} safe>
                  {o.increment_id}
                </a>
              </td>
              <td safe>{date(rc, o.created_at)}</td>
              <td safe>{`${o.customer_firstname} ${o.customer_lastname}`}</td>
              <td safe>{money(rc, o.grand_total)}</td>
              <td safe>{stateLabel(rc, o.status)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
