import { formatDate } from '../../../kernel/dates.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { FormKey } from '../../../ui/components.tsx';
import type { Order } from '../index.ts';
import { money, stateLabel } from './format.ts';

export interface MyOrdersData {
  rows: Order[];
  page: number;
  pages: number;
}

function Pages({ rc, page, pages }: { rc: RequestContext; page: number; pages: number }) {
  const t = rc.t;
  if (pages <= 1) return '';
  return (
    <nav class="pages">
      {page > 1 ? (
        <a href={rc.url(`/sales/order/history?p=${page - 1}`)} safe>
          {t('Previous')}
        </a>
      ) : (
        ''
      )}{' '}
      <span safe>{t('Page {page} of {pages}', { page, pages })}</span>{' '}
      {page < pages ? (
        <a href={rc.url(`/sales/order/history?p=${page + 1}`)} safe>
          {t('Next')}
        </a>
      ) : (
        ''
      )}
    </nav>
  );
}

function OrderRowView({ rc, o }: { rc: RequestContext; o: Order }) {
  const t = rc.t;
  return (
    <tr>
      <td safe>{o.increment_id}</td>
      <td safe>{formatDate(o.created_at, rc, 'date')}</td>
      <td safe>{`${o.customer_firstname} ${o.customer_lastname}`}</td>
      <td safe>{money(rc, o.grand_total, o)}</td>
      <td safe>{stateLabel(rc, o.status)}</td>
      <td>
        <a href={rc.url(`/sales/order/view/${o.id}`)} safe>
          {t('View Order')}
        </a>{' '}
        <form method="post" action={rc.url(`/sales/order/reorder/${o.id}`)} class="inline-form">
          <FormKey rc={rc} />
          <button type="submit" class="action-link order" safe>
            {t('Reorder')}
          </button>
        </form>
      </td>
    </tr>
  );
}

/** My Orders: the customer's orders (one page of them) or the empty message. */
export function MyOrders({ rc, data }: { rc: RequestContext; data: MyOrdersData }) {
  const t = rc.t;
  if (!data.rows.length)
    return (
      <div class="message info empty" safe>
        {t('You have placed no orders.')}
      </div>
    );
  return (
    <>
      <table class="data table table-order-items history" id="my-orders-table">
        <thead>
          <tr>
            <th safe>{t('Order #')}</th>
            <th safe>{t('Date')}</th>
            <th safe>{t('Ship To')}</th>
            <th safe>{t('Order Total')}</th>
            <th safe>{t('Status')}</th>
            <th safe>{t('Action')}</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((o) => (
            <OrderRowView rc={rc} o={o} />
          ))}
        </tbody>
      </table>
      <Pages rc={rc} page={data.page} pages={data.pages} />
    </>
  );
}
