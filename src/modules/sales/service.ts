import type { RequestContext } from '../../kernel/request-context.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { isEmailAddress } from '../../kernel/email.ts';
import { invalid, ok, refused, type Result } from '../../kernel/result.ts';
import {
  comment,
  loadOrder,
  log,
  nextIncrementId,
  orderAmounts,
  refusable,
  refuse,
  queueOrderEmail,
  stateFor,
  writeOrder,
  writeTaxedItems,
} from './order-steps.ts';
import { CART_EMPTY, STATE_LABELS, TOTAL_CHANGED, type OrderPlacedListener, type PlaceOrderInput, type RefundInput } from './index.ts';
import { documentFlow } from './documents.ts';
import { salesPages } from './pages.ts';
import { salesReports } from './reports.ts';
import { adminCreatePart } from './admin-create.ts';
import { salesRepo, type DocumentKind, type OrderRow } from './repo.ts';
import { translator } from '../../kernel/i18n.ts';
import { LOCALE_CODE } from '../stores/index.ts';

export { STATE_LABELS, TOTAL_CHANGED, stateFor };
export type { PlaceOrderInput, RefundInput };

const KIND_LABEL: Record<DocumentKind, string> = { invoices: 'invoice', shipments: 'shipment', credit_memos: 'credit memo' };

/** Orders from checkout and the admin's document flow: invoice, ship, refund, cancel, hold, comments, reorder. */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: the factory only lists the service's methods; each method is short.
export function createSalesService() {
  const placedListeners: OrderPlacedListener[] = [];

  const service = {
    ...salesPages,
    ...documentFlow,
    ...salesReports,
    ...adminCreatePart((rc: RequestContext, input: PlaceOrderInput): Promise<Result<{ order: OrderRow; repeated: boolean }>> => service.placeOrder(rc, input)),

    /** Lets other modules add to a freshly placed order inside its transaction (e.g. assisted-order comments). */
    onOrderPlaced(listener: OrderPlacedListener) {
      placedListeners.push(listener);
    },

    /**
     * Places the visitor's cart as an order. Stock is taken atomically per line; the cart is closed in the same
     * transaction, so a second submit of the same cart finds the order already placed and gets it back.
     */
    async placeOrder(rc: RequestContext, input: PlaceOrderInput): Promise<Result<{ order: OrderRow; repeated: boolean }>> {
      const cart = rc.app.services.cart;
      const errors = rc.app.services.customers.validateAddress({ ...input.address, defaultBilling: false, defaultShipping: false });
      if (!rc.locals.customer && !isEmailAddress(input.email.trim())) errors.email = 'Please enter a valid email address (Ex: johndoe@domain.com).';
      if (input.billingAddress) {
        const billing = rc.app.services.customers.validateAddress({ ...input.billingAddress, defaultBilling: false, defaultShipping: false });
        for (const [field, message] of Object.entries(billing)) errors[`billing_${field}`] = message;
      }
      if (Object.keys(errors).length) return invalid('Please correct the highlighted fields.', errors);
      const result = await refusable(rc, async (trx) => {
        const cartId = await cart.findCartId(trx);
        if (!cartId) {
          const lastId = rc.locals.sessionData?.lastCartId;
          const previous = typeof lastId === 'number' ? await salesRepo.orderByCart(trx.db, lastId) : undefined;
          if (previous) return { order: previous, repeated: true };
          return refuse('Your shopping cart is empty.', { code: CART_EMPTY });
        }
        const view = await cart.view(trx, cartId);
        if (!view.lines.length) return refuse('Your shopping cart is empty.', { code: CART_EMPTY });
        const unavailable = view.lines.find((l) => !l.available);
        if (unavailable) return refuse(rc.t('The requested qty of "{name}" is not available.', { name: unavailable.name }));
        const rates = await cart.shippingRates(trx, view.subtotal, view.count);
        const rate = rates.find((r) => r.code === input.shippingMethod);
        if (!rate) return refuse('Please specify a shipping method.', { fields: { shipping_method: 'Please specify a shipping method.' } });
        const payment = (await cart.paymentMethods(trx)).find((p) => p.code === input.paymentMethod);
        if (!payment) return refuse('Please specify a payment method.', { fields: { payment_method: 'Please specify a payment method.' } });
        // What the shopper saw must be what is charged (a changed method, price or cart since the page was shown).
        const totals = await cart.totals(trx, view.lines, { shipping: rate, address: cart.destinationOf(input.address) });
        if (input.shownGrandTotal !== undefined && input.shownGrandTotal !== totals.grandTotal) return refuse(TOTAL_CHANGED);

        // Close the cart first: a concurrent or repeated submit now fails here instead of ordering twice.
        if (!(await cart.close(trx, cartId))) {
          const existing = await salesRepo.orderByCart(trx.db, cartId);
          if (existing) return { order: existing, repeated: true };
          return refuse('Your shopping cart is empty.', { code: CART_EMPTY });
        }
        const now = isoUtc(rc.app.clock.now());
        // Stock rows are locked in product id order: two checkouts taking the same products in different orders
        // would otherwise deadlock on PostgreSQL (one of them failing with a server error).
        for (const l of [...view.lines].sort((a, b) => a.productId - b.productId))
          if (!(await rc.app.services.catalog.takeStock(trx, l.productId, l.qty, now)))
            return refuse(rc.t('The requested qty of "{name}" is not available.', { name: l.name }));

        const customer = rc.locals.customer ? await rc.app.services.customers.byId(trx, rc.locals.customer.id) : undefined;
        const orderId = await writeOrder(trx, { input, view, totals, rate, paymentCode: payment.code, cartId, customer, now });
        const a = input.address;
        if (customer && input.saveInAddressBook) {
          const saved = await rc.app.services.customers.saveAddress(trx, customer.id, { ...a, defaultBilling: false, defaultShipping: false });
          if (!saved.ok) refuse(saved.messages[0]!, { fields: saved.fields });
        }
        const order = (await salesRepo.order(trx.db, orderId))!;
        for (const listener of placedListeners) await listener(trx, order);
        if (input.sendConfirmation !== false) await queueOrderEmail(trx, order);
        return { order, repeated: false };
      });
      return result;
    },

    async cancel(rc: RequestContext, orderId: number) {
      return refusable(rc, async (trx) => {
        const order = await loadOrder(trx, orderId);
        const items = await salesRepo.items(trx.db, order.id);
        if (order.state !== 'pending' || items.some((i) => i.qty_invoiced > 0 || i.qty_shipped > 0)) return refuse('You cannot cancel the order.');
        const now = isoUtc(rc.app.clock.now());
        for (const i of items) {
          await salesRepo.updateItem(trx.db, i.id, { qty_canceled: i.qty_ordered });
          if (i.product_id) await rc.app.services.catalog.returnStock(trx, i.product_id, i.qty_ordered, now);
        }
        await salesRepo.updateOrder(trx.db, order.id, { state: 'canceled', status: 'canceled', updated_at: now });
        await comment(trx, order.id, 'The order was canceled.', 'canceled');
        await log(trx, order, 'Cancel', 'Order canceled', { state: { old: order.state, new: 'canceled' } });
      });
    },

    async hold(rc: RequestContext, orderId: number) {
      return refusable(rc, async (trx) => {
        const order = await loadOrder(trx, orderId);
        if (!['pending', 'processing'].includes(order.state)) return refuse('You have not put the order on hold.');
        await salesRepo.updateOrder(trx.db, order.id, {
          state: 'holded',
          status: 'holded',
          hold_before_state: order.state,
          hold_before_status: order.status,
          updated_at: isoUtc(rc.app.clock.now()),
        });
        await log(trx, order, 'Hold', 'Order put on hold', { state: { old: order.state, new: 'holded' } });
      });
    },

    async unhold(rc: RequestContext, orderId: number) {
      return refusable(rc, async (trx) => {
        const order = await loadOrder(trx, orderId);
        if (order.state !== 'holded') return refuse('The order was not on hold.');
        const state = order.hold_before_state ?? 'pending';
        await salesRepo.updateOrder(trx.db, order.id, {
          state,
          status: order.hold_before_status ?? state,
          hold_before_state: null,
          hold_before_status: null,
          updated_at: isoUtc(rc.app.clock.now()),
        });
        await log(trx, order, 'Unhold', 'Order released from hold', { state: { old: 'holded', new: state } });
      });
    },

    async addComment(rc: RequestContext, orderId: number, text: string, flags: { notify: boolean; visible: boolean }): Promise<Result<void>> {
      const body = text.trim();
      return refusable(rc, async (trx) => {
        const order = await loadOrder(trx, orderId);
        if (!body) refuse('Please enter a comment.', { fields: { comment: 'Please enter a comment.' } });
        if (body.length > 5000)
          refuse('Please enter less or equal than 5000 symbols.', { fields: { comment: 'Please enter less or equal than 5000 symbols.' } });
        await comment(trx, order.id, body, order.status, flags);
        await log(trx, order, 'Comment', 'Comment added', { notify: flags.notify, visible_on_front: flags.visible });
        if (flags.notify) {
          // The customer reads it in the language of the store view the order was placed in, not the admin's.
          const t = translator(await rc.app.services.config.get(LOCALE_CODE, { storeViewId: order.store_view_id }, trx.db));
          const status = t(STATE_LABELS[order.status] ?? order.status);
          await rc.app.services.mail.queue(trx, {
            to: order.customer_email,
            subject: t('Update to your order #{number}', { number: order.increment_id }),
            text: `${t('Your order #{number} has been updated: {status}.', { number: order.increment_id, status })}\n\n${body}`,
          });
        }
      });
    },

    /**
     * Admin Reorder: a new order with the same items (current prices for the customer's group), addresses,
     * shipping and payment, stock taken as at checkout.
     */
    async adminReorder(rc: RequestContext, orderId: number): Promise<Result<number>> {
      return refusable(rc, async (trx) => {
        const old = await loadOrder(trx, orderId);
        const items = await salesRepo.items(trx.db, old.id);
        const ids = items.map((i) => i.product_id).filter((x): x is number => x !== null);
        const priced = await rc.app.services.catalog.pricedByIds(trx, ids, {
          websiteId: old.website_id,
          groupId: old.customer_group_id,
          storeViewId: old.store_view_id,
        });
        const now = isoUtc(rc.app.clock.now());
        const lines = items.map((i) => {
          const p = i.product_id ? priced.get(i.product_id) : undefined;
          if (!p || p.status !== 1 || p.on_website !== 1)
            return refuse(rc.t('"{name}" is no longer available, so the order cannot be repeated.', { name: i.name }));
          return { p, qty: i.qty_ordered };
        });
        for (const l of lines)
          if (!(await rc.app.services.catalog.takeStock(trx, l.p.id, l.qty, now)))
            return refuse(rc.t('The requested qty of "{name}" is not available.', { name: l.p.name }));
        const subtotal = lines.reduce((s, l) => s + l.p.final_price * l.qty, 0);
        const count = lines.reduce((s, l) => s + l.qty, 0);
        const view = (await rc.app.services.stores.byId(old.store_view_id, trx.db)) ?? rc.store;
        const rates = await rc.app.services.cart.shippingRates({ ...trx, store: view }, subtotal, count);
        const rate = rates.find((r) => r.code === old.shipping_method) ?? rates[0];
        if (!rate) return refuse('No shipping method is available for this order.');
        const addresses = await salesRepo.addresses(trx.db, old.id);
        const shipTo = addresses.find((a) => a.address_type === 'shipping');
        const totals = await rc.app.services.cart.totals(
          trx,
          lines.map((l, i) => ({ itemId: i, price: l.p.final_price, qty: l.qty, taxClassId: l.p.tax_class_id })),
          {
            shipping: rate,
            address: shipTo ? { countryId: shipTo.country_id, postcode: shipTo.postcode } : null,
            who: { storeViewId: old.store_view_id, groupId: old.customer_group_id },
          },
        );
        const id = await salesRepo.insertOrder(trx.db, {
          increment_id: await nextIncrementId(trx, 'orders', old.store_view_id),
          store_view_id: old.store_view_id,
          website_id: old.website_id,
          customer_id: old.customer_id,
          customer_email: old.customer_email,
          customer_firstname: old.customer_firstname,
          customer_lastname: old.customer_lastname,
          customer_group_id: old.customer_group_id,
          state: 'pending',
          status: 'pending',
          hold_before_state: null,
          hold_before_status: null,
          ...orderAmounts(totals),
          shipping_method: rate.code,
          shipping_description: `${rate.carrierTitle} - ${rate.methodTitle}`,
          payment_method: old.payment_method,
          cart_id: null,
          placed_by_admin_id: null,
          created_at: now,
          updated_at: now,
        });
        await writeTaxedItems(
          trx,
          id,
          lines.map((l, i) => ({ key: String(i), productId: l.p.id, sku: l.p.sku, name: l.p.name })),
          totals,
        );
        for (const a of addresses) {
          const { id: _id, order_id: _order, ...rest } = a;
          await salesRepo.insertAddress(trx.db, { ...rest, order_id: id });
        }
        await comment(trx, id, `Reorder of order #${old.increment_id}.`, 'pending');
        const created = (await salesRepo.order(trx.db, id))!;
        await log(trx, created, 'Reorder', `Reordered order #${old.increment_id}`, { source_order_id: old.id });
        return id;
      });
    },

    /** Storefront Reorder: puts the order's items back into the customer's cart; unavailable ones are reported. */
    async reorderToCart(rc: RequestContext, customerId: number, orderId: number): Promise<Result<string[]>> {
      const order = await salesRepo.order(rc.db, orderId);
      // Another customer's order is "not found", not "forbidden": ids reveal nothing.
      if (!order || order.customer_id !== customerId) return refused('This order no longer exists.', 'not_found');
      const problems: string[] = [];
      for (const i of await salesRepo.items(rc.db, order.id)) {
        if (!i.product_id) {
          problems.push(`"${i.name}" is no longer available.`);
          continue;
        }
        const added = await rc.app.services.cart.add(rc, i.product_id, i.qty_ordered);
        if (!added.ok) problems.push(`"${i.name}": ${added.messages.join(' ')}`);
      }
      return ok(problems);
    },

    /**
     * Adds a comment to an order without a log entry: another module's note (e.g. Login as Customer's on an
     * assisted order), by the admin acting or assisting, with the order's current status.
     */
    noteOrder: (rc: RequestContext, order: Pick<OrderRow, 'id' | 'status'>, text: string, flags: { visible?: boolean; notify?: boolean } = {}) =>
      comment(rc, order.id, text, order.status, flags),
  };
  return service;
}

export type SalesService = ReturnType<typeof createSalesService>;
export { KIND_LABEL };

declare module '../../kernel/services.ts' {
  interface Services {
    sales: SalesService;
  }
}
