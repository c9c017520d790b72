import { formatDate } from '../../kernel/dates.ts';
import { inTransaction, type RequestContext } from '../../kernel/request-context.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { ok, refused, type FailureKind, type Refusal, type Result } from '../../kernel/result.ts';
import { BASE_DISPLAY, displayMoney, formatRate } from '../../kernel/money.ts';
import type { CartView, ShippingRate } from '../checkout/index.ts';
import type { TaxTotals } from '../tax/index.ts';
import { type DocumentKind, type OrderAddressInput, orderCurrency, type PlaceOrderInput } from './index.ts';
import { salesRepo, type OrderItemRow, type OrderRow } from './repo.ts';
import { orderAmountsOf, taxedTotalRows } from './tax-totals.ts';

/** An expected "no" found inside a transaction: thrown so the transaction rolls back, returned by `refusable`. */
class Refusing extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.messages[0]);
  }
}

/** Refuses from inside `refusable` work (a validation refusal, with field messages or a code when given). */
export const refuse = (message: string, extra: { fields?: Record<string, string>; code?: string } = {}, kind: FailureKind = 'validation'): never => {
  throw new Refusing(refused(message, kind, extra));
};

/** Runs work in a transaction; a `refuse` inside rolls it back and comes back as the Result's refusal. */
export async function refusable<T>(rc: RequestContext, work: (trx: RequestContext) => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await inTransaction(rc, work));
  } catch (e) {
    if (e instanceof Refusing) return e.refusal;
    throw e;
  }
}

/** Magento-like numbers: the default store view counts from 000000001, view 2 from 200000001, and so on. */
export async function nextIncrementId(rc: RequestContext, kind: 'orders' | DocumentKind, storeViewId: number) {
  const n = await salesRepo.nextNumber(rc.db, `${kind}-${storeViewId}`);
  return `${storeViewId === 1 ? '0' : storeViewId}${String(n).padStart(8, '0')}`;
}

/** The state an order is in after its items changed (invoiced, shipped, refunded, canceled). */
export function stateFor(
  order: Pick<OrderRow, 'state'>,
  items: Pick<OrderItemRow, 'qty_ordered' | 'qty_invoiced' | 'qty_shipped' | 'qty_refunded' | 'qty_canceled'>[],
) {
  if (order.state === 'canceled' || order.state === 'holded') return order.state;
  const open = items.filter((i) => i.qty_ordered > i.qty_canceled);
  if (!open.length) return 'canceled';
  const allInvoiced = open.every((i) => i.qty_invoiced + i.qty_canceled >= i.qty_ordered);
  const allRefunded = allInvoiced && open.every((i) => i.qty_refunded >= i.qty_invoiced);
  const allShipped = open.every((i) => i.qty_shipped + i.qty_canceled + i.qty_refunded >= i.qty_ordered);
  if (allRefunded) return 'closed';
  if (allInvoiced && allShipped) return 'complete';
  if (items.some((i) => i.qty_invoiced > 0 || i.qty_shipped > 0)) return 'processing';
  return 'pending';
}

/** The order, or a not-found refusal (inside `refusable`). */
export async function loadOrder(rc: RequestContext, orderId: number) {
  const order = await salesRepo.order(rc.db, orderId);
  if (!order) return refuse('This order no longer exists.', {}, 'not_found');
  return order;
}

/** Moves the order to the state its items now call for (with an optional patch). */
export async function settle(rc: RequestContext, order: OrderRow, patch: Partial<OrderRow> = {}) {
  const items = await salesRepo.items(rc.db, order.id);
  const state = stateFor({ state: patch.state ?? order.state }, items);
  await salesRepo.updateOrder(rc.db, order.id, { ...patch, state, status: state, updated_at: isoUtc(rc.app.clock.now()) });
  return state;
}

/** A comment in the order's history, by the admin acting (or assisting) if any. */
export async function comment(rc: RequestContext, orderId: number, text: string, status: string, flags: { notify?: boolean; visible?: boolean } = {}) {
  await salesRepo.insertComment(rc.db, {
    order_id: orderId,
    comment: text,
    status,
    is_customer_notified: flags.notify ? 1 : 0,
    is_visible_on_front: flags.visible ? 1 : 0,
    admin_id: rc.actor.type === 'admin' ? rc.actor.id : (rc.locals.assistedAdminId ?? null),
    created_at: isoUtc(rc.app.clock.now()),
  });
}

/** An action-log entry for an admin's order action. */
export async function log(rc: RequestContext, order: OrderRow, action: string, details: string, fullDetails: Record<string, unknown> = {}) {
  if (rc.actor.type !== 'admin') return;
  await rc.app.services.actionLog.record(rc, {
    group: 'sales',
    action,
    details: `${details} (order #${order.increment_id})`,
    fullDetails: { order_id: order.id, increment_id: order.increment_id, ...fullDetails },
  });
}

/** Queues the order confirmation email in the order's transaction: it is sent only if the order commits. */
export async function queueOrderEmail(rc: RequestContext, order: OrderRow) {
  const t = rc.t;
  const items = await salesRepo.items(rc.db, order.id);
  // In the currency the shopper saw, at the rate the order was placed with.
  const money = (n: number) => displayMoney({ locale: rc.locale, currency: orderCurrency(order) }, n);
  const display = await rc.app.services.tax.display(rc, 'sales', order.store_view_id);
  const incl = display.price === 'incl';
  await rc.app.services.mail.queue(rc, {
    to: order.customer_email,
    subject: t('Your {store} order confirmation #{number}', { store: rc.store.website.name, number: order.increment_id }),
    text: [
      t('Hello {name},', { name: `${order.customer_firstname} ${order.customer_lastname}` }),
      '',
      t('Thank you for your order from {store}. Your order #{number} was placed on {date}.', {
        store: rc.store.website.name,
        number: order.increment_id,
        date: formatDate(order.created_at, rc, 'date'),
      }),
      '',
      ...items.map((i) => `${i.qty_ordered} × ${i.name} (${i.sku}) — ${money(incl ? i.row_total_incl_tax : i.row_total)}`),
      '',
      ...taxedTotalRows(t, orderAmountsOf(order, await salesRepo.orderTax(rc.db, order.id)), display).map((r) => `${r.label}: ${money(r.amount)}`),
      '',
      `${t('Shipping Method')}: ${order.shipping_description}`,
    ].join('\n'),
  });
}

/** What a placed order is made of: the checkout input, the cart, the chosen method and the customer if any. */
export interface OrderDraft {
  input: PlaceOrderInput;
  view: CartView;
  /** The cart's taxed totals with the chosen method at the order's address. */
  totals: TaxTotals;
  rate: ShippingRate;
  paymentCode: string;
  cartId: number;
  customer?: { id: number; email: string; firstname: string; lastname: string; group_id: number };
  now: string;
}

/** The order row's amounts from taxed totals: excluding tax, with the tax and the amounts including it beside them. */
export const orderAmounts = (t: TaxTotals) => ({
  subtotal: t.subtotalExcl,
  subtotal_incl_tax: t.subtotalIncl,
  shipping_amount: t.shippingExcl,
  shipping_tax_amount: t.shipping.tax,
  shipping_incl_tax: t.shippingIncl,
  tax_amount: t.tax,
  grand_total: t.grandTotal,
});

/**
 * Writes an order's items and the tax of each rate from taxed totals (keyed by the line keys given), so the order
 * keeps what it was charged whatever rates change later.
 */
export async function writeTaxedItems(
  trx: RequestContext,
  orderId: number,
  lines: { key: string; productId: number; sku: string; name: string }[],
  totals: TaxTotals,
) {
  const taxed = new Map(totals.lines.map((l) => [l.key, l]));
  for (const l of lines) {
    const t = taxed.get(l.key)!;
    await salesRepo.insertItem(trx.db, {
      order_id: orderId,
      product_id: l.productId,
      sku: l.sku,
      name: l.name,
      price: t.priceExcl,
      price_incl_tax: t.priceIncl,
      qty_ordered: t.qty,
      row_total: t.rowExcl,
      row_total_incl_tax: t.rowIncl,
      tax_amount: t.tax,
      tax_percent: t.ppm,
    });
  }
  await salesRepo.insertOrderTax(
    trx.db,
    totals.summary.map((r) => ({ order_id: orderId, code: r.code, percent: r.ppm, amount: r.amount })),
  );
}

/** Writes a placed order: the order row, its items and its shipping and billing addresses; returns its id. */
export async function writeOrder(trx: RequestContext, o: OrderDraft) {
  const orderId = await salesRepo.insertOrder(trx.db, {
    increment_id: await nextIncrementId(trx, 'orders', trx.store.view.id),
    store_view_id: trx.store.view.id,
    website_id: trx.store.website.id,
    customer_id: o.customer?.id ?? null,
    customer_email: o.customer?.email ?? o.input.email.trim().toLowerCase(),
    customer_firstname: o.customer?.firstname ?? o.input.address.firstname.trim(),
    customer_lastname: o.customer?.lastname ?? o.input.address.lastname.trim(),
    customer_group_id: o.customer?.group_id ?? 0,
    state: 'pending',
    status: 'pending',
    hold_before_state: null,
    hold_before_status: null,
    ...orderAmounts(o.totals),
    shipping_method: o.rate.code,
    shipping_description: `${o.rate.carrierTitle} - ${o.rate.methodTitle}`,
    payment_method: o.paymentCode,
    cart_id: o.cartId,
    placed_by_admin_id: trx.locals.assistedAdminId ?? null,
    // Totals stay in the base currency (what is charged); the currency shown and its rate are kept beside them.
    base_currency_code: (trx.currency ?? BASE_DISPLAY).base,
    order_currency_code: (trx.currency ?? BASE_DISPLAY).code,
    base_to_order_rate: formatRate((trx.currency ?? BASE_DISPLAY).rate),
    created_at: o.now,
    updated_at: o.now,
  });
  await writeTaxedItems(
    trx,
    orderId,
    o.view.lines.map((l) => ({ key: String(l.itemId), productId: l.productId, sku: l.sku, name: l.name })),
    o.totals,
  );
  const addressRow = (a: OrderAddressInput) => ({
    firstname: a.firstname.trim(),
    lastname: a.lastname.trim(),
    company: a.company.trim(),
    street: a.street.trim(),
    city: a.city.trim(),
    region: a.region.trim(),
    postcode: a.postcode.trim(),
    country_id: a.countryId,
    telephone: a.telephone.trim(),
  });
  await salesRepo.insertAddress(trx.db, { order_id: orderId, address_type: 'shipping', ...addressRow(o.input.address) });
  await salesRepo.insertAddress(trx.db, { order_id: orderId, address_type: 'billing', ...addressRow(o.input.billingAddress ?? o.input.address) });
  return orderId;
}
