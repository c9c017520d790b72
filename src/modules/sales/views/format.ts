import { type DateStyle, formatDate } from '../../../kernel/dates.ts';
import { baseAndDisplayMoney, displayMoney, formatMoney } from '../../../kernel/money.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { type Order, orderCurrency, STATE_LABELS } from '../index.ts';

/**
 * An order amount (kept in the order's base currency). Given the order: the shopper sees it in the order's
 * currency at the rate it was placed with; the admin sees the base amount and, when different, the shopper's.
 */
export function money(rc: RequestContext, amount: number, order?: Pick<Order, 'base_currency_code' | 'order_currency_code' | 'base_to_order_rate'>) {
  if (!order) return formatMoney(amount, 'USD', rc.locale);
  const currency = orderCurrency(order);
  return rc.surface === 'admin' ? baseAndDisplayMoney(rc.locale, amount, currency) : displayMoney({ locale: rc.locale, currency }, amount);
}
export const stateLabel = (rc: RequestContext, s: string) => rc.t(STATE_LABELS[s] ?? s);
/** A stored time in the viewer's locale and zone. */
export const date = (rc: RequestContext, iso: string, style: DateStyle = 'datetime') => formatDate(iso, rc, style);
export const paymentTitle = (rc: RequestContext, code: string) => (code === 'checkmo' ? rc.t('Check / Money order') : code);
