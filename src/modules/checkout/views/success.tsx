import type { RequestContext } from '../../../kernel/request-context.ts';
import { displayMoney } from '../../../kernel/money.ts';
import { type Order, orderCurrency } from '../../sales/index.ts';

/** The order success page's content (the order number links to My Orders for its own customer). */
export function SuccessContent({ rc, order }: { rc: RequestContext; order: Order }) {
  const t = rc.t;
  return (
    <div class="checkout-success">
      {rc.locals.customer && order.customer_id === rc.locals.customer.id ? (
        <p>
          <span safe>{t('Your order number is:')}</span>{' '}
          <a class="order-number" href={rc.url(`/sales/order/view/${order.id}`)}>
            <strong safe>{order.increment_id}</strong>
          </a>
          .
        </p>
      ) : (
        <p>
          <span safe>{t('Your order # is:')}</span>{' '}
          <span class="order-number" safe>
            {order.increment_id}
          </span>
          .
        </p>
      )}
      <p class="order-total" safe>
        {t('Order Total: {total}', { total: displayMoney({ locale: rc.locale, currency: orderCurrency(order) }, order.grand_total) })}
      </p>
      <p class="order-tax" safe>
        {t('Including tax: {tax}', { tax: displayMoney({ locale: rc.locale, currency: orderCurrency(order) }, order.tax_amount) })}
      </p>
      <p safe>{t("We'll email you an order confirmation with details and tracking info.")}</p>
      {rc.locals.customer ? (
        ''
      ) : (
        <div class="checkout-success-register">
          <p safe>{t('You can track your order status by creating an account.')}</p>
          <p>
            <span safe>{t('Email Address:')}</span> <span safe>{order.customer_email}</span>
          </p>
          <a class="action create-account" href={rc.url('/customer/account/create')} safe>
            {t('Create an Account')}
          </a>
        </div>
      )}
      <div class="actions-toolbar">
        <a class="action primary continue" href={rc.url('/')} safe>
          {t('Continue Shopping')}
        </a>
      </div>
    </div>
  );
}
