import { inTransaction, type RequestContext } from '../../kernel/request-context.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { notFound, validationFailed } from '../../kernel/errors.ts';
import { formatMoney } from '../../kernel/money.ts';
import { catalogRepo } from '../catalog/repo.ts';
import { cartRepo } from '../checkout/repo.ts';
import { customersRepo } from '../customers/repo.ts';
import { validateAddress, type AddressInput } from '../customers/service.ts';
import { salesRepo, type DocumentKind, type OrderItemRow, type OrderRow } from './repo.ts';

export const STATE_LABELS: Record<string, string> = {
  pending: 'Pending',
  processing: 'Processing',
  complete: 'Complete',
  closed: 'Closed',
  canceled: 'Canceled',
  holded: 'On Hold',
};

export interface PlaceOrderInput {
  email: string;
  address: AddressInput;
  shippingMethod: string;
  paymentMethod: string;
  /** Customers: keep the typed address in the address book. */
  saveInAddressBook?: boolean;
  /** The grand total the checkout page showed (minor units): when given, the order is placed only at it. */
  shownGrandTotal?: number;
}

export const TOTAL_CHANGED = 'The order total is not the one shown when you placed the order. Please check the updated totals and place the order again.';

export interface RefundInput {
  qtys: Map<number, number>;
  backToStock: boolean;
  shipping: number;
  adjustmentPositive: number;
  adjustmentNegative: number;
}

const KIND_LABEL: Record<DocumentKind, string> = { invoices: 'invoice', shipments: 'shipment', credit_memos: 'credit memo' };

/** Magento-like numbers: the default store view counts from 000000001, view 2 from 200000001, and so on. */
async function nextIncrementId(rc: RequestContext, kind: 'orders' | DocumentKind, storeViewId: number) {
  const n = await salesRepo.nextNumber(rc.db, `${kind}-${storeViewId}`);
  return `${storeViewId === 1 ? '0' : storeViewId}${String(n).padStart(8, '0')}`;
}

/** The state an order is in after its items changed (invoiced, shipped, refunded, canceled). */
export function stateFor(order: Pick<OrderRow, 'state'>, items: Pick<OrderItemRow, 'qty_ordered' | 'qty_invoiced' | 'qty_shipped' | 'qty_refunded' | 'qty_canceled'>[]) {
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

/** Orders from checkout and the admin's document flow: invoice, ship, refund, cancel, hold, comments, reorder. */
export function createSalesService() {
  async function loadOrder(rc: RequestContext, orderId: number) {
    const order = await salesRepo.order(rc.db, orderId);
    if (!order) throw notFound('This order no longer exists.');
    return order;
  }

  async function settle(rc: RequestContext, order: OrderRow, patch: Partial<OrderRow> = {}) {
    const items = await salesRepo.items(rc.db, order.id);
    const state = stateFor({ state: patch.state ?? order.state }, items);
    await salesRepo.updateOrder(rc.db, order.id, { ...patch, state, status: state, updated_at: isoUtc(rc.app.clock.now()) });
    return state;
  }

  async function comment(rc: RequestContext, orderId: number, text: string, status: string, flags: { notify?: boolean; visible?: boolean } = {}) {
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

  async function log(rc: RequestContext, order: OrderRow, action: string, details: string, fullDetails: Record<string, unknown> = {}) {
    if (rc.actor.type !== 'admin') return;
    await rc.app.services.actionLog.record(rc, { group: 'sales', action, details: `${details} (order #${order.increment_id})`, fullDetails: { order_id: order.id, increment_id: order.increment_id, ...fullDetails } });
  }

  const placedListeners: ((rc: RequestContext, order: OrderRow) => Promise<void>)[] = [];

  async function sendOrderEmail(rc: RequestContext, order: OrderRow) {
    const t = rc.t;
    const items = await salesRepo.items(rc.db, order.id);
    const money = (n: number) => formatMoney(n, 'USD', rc.locale);
    await rc.app.services.mail.send({
      to: order.customer_email,
      subject: t('Your {store} order confirmation #{number}', { store: rc.store.website.name, number: order.increment_id }),
      text: [
        t('Hello {name},', { name: `${order.customer_firstname} ${order.customer_lastname}` }),
        '',
        t('Thank you for your order from {store}. Your order #{number} was placed on {date}.', { store: rc.store.website.name, number: order.increment_id, date: order.created_at.slice(0, 10) }),
        '',
        ...items.map((i) => `${i.qty_ordered} × ${i.name} (${i.sku}) — ${money(i.row_total)}`),
        '',
        `${t('Subtotal')}: ${money(order.subtotal)}`,
        `${t('Shipping & Handling')}: ${money(order.shipping_amount)}`,
        `${t('Grand Total')}: ${money(order.grand_total)}`,
        '',
        `${t('Shipping Method')}: ${order.shipping_description}`,
      ].join('\n'),
    });
  }

  const service = {
    /** Lets other modules add to a freshly placed order inside its transaction (e.g. assisted-order comments). */
    onOrderPlaced(listener: (rc: RequestContext, order: OrderRow) => Promise<void>) {
      placedListeners.push(listener);
    },

    /**
     * Places the visitor's cart as an order. Stock is taken atomically per line; the cart is closed in the same
     * transaction, so a second submit of the same cart finds the order already placed and gets it back.
     */
    async placeOrder(rc: RequestContext, input: PlaceOrderInput): Promise<{ order: OrderRow; repeated: boolean }> {
      const cart = rc.app.services.cart;
      const errors = validateAddress(input.address);
      if (!rc.locals.customer && !/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(input.email.trim())) errors.email = 'Please enter a valid email address (Ex: johndoe@domain.com).';
      if (Object.keys(errors).length) throw validationFailed('Please correct the highlighted fields.', errors);
      const result = await inTransaction(rc, async (trx) => {
        const cartId = await cart.findCartId(trx);
        if (!cartId) {
          const lastId = rc.locals.sessionData?.lastCartId;
          const previous = typeof lastId === 'number' ? await salesRepo.orderByCart(trx.db, lastId) : undefined;
          if (previous) return { order: previous, repeated: true };
          throw validationFailed('Your shopping cart is empty.');
        }
        const view = await cart.view(trx, cartId);
        if (!view.lines.length) throw validationFailed('Your shopping cart is empty.');
        const unavailable = view.lines.find((l) => !l.available);
        if (unavailable) throw validationFailed(`The requested qty of "${unavailable.name}" is not available.`);
        const rates = await cart.shippingRates(trx, view.subtotal, view.count);
        const rate = rates.find((r) => r.code === input.shippingMethod);
        if (!rate) throw validationFailed('Please specify a shipping method.', { shipping_method: 'Please specify a shipping method.' });
        const payment = (await cart.paymentMethods(trx)).find((p) => p.code === input.paymentMethod);
        if (!payment) throw validationFailed('Please specify a payment method.', { payment_method: 'Please specify a payment method.' });
        // What the shopper saw must be what is charged (a changed method, price or cart since the page was shown).
        if (input.shownGrandTotal !== undefined && input.shownGrandTotal !== view.subtotal + rate.amount) throw validationFailed(TOTAL_CHANGED);

        // Close the cart first: a concurrent or repeated submit now fails here instead of ordering twice.
        if (!(await cartRepo.closeCart(trx.db, cartId))) {
          const existing = await salesRepo.orderByCart(trx.db, cartId);
          if (existing) return { order: existing, repeated: true };
          throw validationFailed('Your shopping cart is empty.');
        }
        const now = isoUtc(rc.app.clock.now());
        // Stock rows are locked in product id order: two checkouts taking the same products in different orders
        // would otherwise deadlock on PostgreSQL (one of them failing with a server error).
        for (const l of [...view.lines].sort((a, b) => a.productId - b.productId))
          if (!(await catalogRepo.takeStock(trx.db, l.productId, l.qty, now))) throw validationFailed(`The requested qty of "${l.name}" is not available.`);

        const customer = rc.locals.customer ? await customersRepo.byId(trx.db, rc.locals.customer.id) : undefined;
        const orderId = await salesRepo.insertOrder(trx.db, {
          increment_id: await nextIncrementId(trx, 'orders', rc.store.view.id),
          store_view_id: rc.store.view.id,
          website_id: rc.store.website.id,
          customer_id: customer?.id ?? null,
          customer_email: customer?.email ?? input.email.trim().toLowerCase(),
          customer_firstname: customer?.firstname ?? input.address.firstname.trim(),
          customer_lastname: customer?.lastname ?? input.address.lastname.trim(),
          customer_group_id: customer?.group_id ?? 0,
          state: 'pending',
          status: 'pending',
          hold_before_state: null,
          hold_before_status: null,
          subtotal: view.subtotal,
          shipping_amount: rate.amount,
          grand_total: view.subtotal + rate.amount,
          shipping_method: rate.code,
          shipping_description: `${rate.carrierTitle} - ${rate.methodTitle}`,
          payment_method: payment.code,
          cart_id: cartId,
          placed_by_admin_id: rc.locals.assistedAdminId ?? null,
          created_at: now,
          updated_at: now,
        });
        for (const l of view.lines)
          await salesRepo.insertItem(trx.db, { order_id: orderId, product_id: l.productId, sku: l.sku, name: l.name, price: l.price, qty_ordered: l.qty, row_total: l.rowTotal });
        const a = input.address;
        const addressRow = { firstname: a.firstname.trim(), lastname: a.lastname.trim(), company: a.company.trim(), street: a.street.trim(), city: a.city.trim(), region: a.region.trim(), postcode: a.postcode.trim(), country_id: a.countryId, telephone: a.telephone.trim() };
        await salesRepo.insertAddress(trx.db, { order_id: orderId, address_type: 'shipping', ...addressRow });
        await salesRepo.insertAddress(trx.db, { order_id: orderId, address_type: 'billing', ...addressRow });
        if (customer && input.saveInAddressBook) await rc.app.services.customers.saveAddress(trx, customer.id, { ...a, defaultBilling: false, defaultShipping: false });
        const order = (await salesRepo.order(trx.db, orderId))!;
        for (const listener of placedListeners) await listener(trx, order);
        return { order, repeated: false };
      });
      if (!result.repeated) await sendOrderEmail(rc, result.order).catch((err) => rc.app.logger.warn({ err, order: result.order.increment_id }, 'order email failed'));
      return result;
    },

    /** Invoice with offline capture; `qtys` by order item id (missing = the rest). */
    async invoice(rc: RequestContext, orderId: number, qtys: Map<number, number> | null) {
      return inTransaction(rc, async (trx) => {
        const order = await loadOrder(trx, orderId);
        if (!['pending', 'processing'].includes(order.state)) throw validationFailed('The order does not allow an invoice to be created.');
        const items = await salesRepo.items(trx.db, order.id);
        const lines = items
          .map((i) => {
            const left = i.qty_ordered - i.qty_invoiced - i.qty_canceled;
            return { item: i, left, qty: qtys ? (qtys.get(i.id) ?? 0) : left };
          })
          .filter((l) => l.left > 0 || l.qty > 0);
        for (const l of lines) if (!Number.isInteger(l.qty) || l.qty < 0 || l.qty > l.left) throw validationFailed(`Please enter a quantity from 0 to ${l.left} for "${l.item.name}".`);
        const invoiced = lines.filter((l) => l.qty > 0);
        if (!invoiced.length) throw validationFailed("The invoice can't be created without products. Add products and try again.");
        const firstInvoice = (await salesRepo.documentsOf(trx.db, 'invoices', order.id)).length === 0;
        const subtotal = invoiced.reduce((s, l) => s + l.item.price * l.qty, 0);
        const shipping = firstInvoice ? order.shipping_amount : 0;
        const now = isoUtc(rc.app.clock.now());
        const id = await salesRepo.insertDocument(trx.db, 'invoices', {
          increment_id: await nextIncrementId(trx, 'invoices', order.store_view_id),
          order_id: order.id,
          store_view_id: order.store_view_id,
          state: 'paid',
          subtotal,
          shipping_amount: shipping,
          grand_total: subtotal + shipping,
          total_qty: invoiced.reduce((s, l) => s + l.qty, 0),
          admin_id: rc.actor.type === 'admin' ? rc.actor.id : null,
          created_at: now,
        });
        await salesRepo.insertDocumentItems(trx.db, 'invoices', invoiced.map((l) => ({ parent_id: id, order_item_id: l.item.id, qty: l.qty, row_total: l.item.price * l.qty })));
        for (const l of invoiced) await salesRepo.updateItem(trx.db, l.item.id, { qty_invoiced: l.item.qty_invoiced + l.qty });
        const state = await settle(trx, order, { total_invoiced: order.total_invoiced + subtotal + shipping });
        await comment(trx, order.id, `Captured amount of ${formatMoney(subtotal + shipping)} offline.`, state);
        await log(trx, order, 'Invoice', `Invoice created for ${formatMoney(subtotal + shipping)}`, { invoice_id: id, items: Object.fromEntries(invoiced.map((l) => [l.item.sku, l.qty])), state: { old: order.state, new: state } });
        return id;
      });
    },

    async ship(rc: RequestContext, orderId: number, qtys: Map<number, number> | null, tracks: { carrier: string; title: string; number: string }[]) {
      return inTransaction(rc, async (trx) => {
        const order = await loadOrder(trx, orderId);
        if (!['pending', 'processing'].includes(order.state)) throw validationFailed('The order does not allow a shipment to be created.');
        const items = await salesRepo.items(trx.db, order.id);
        const lines = items.map((i) => {
          const left = i.qty_ordered - i.qty_shipped - i.qty_canceled - i.qty_refunded;
          return { item: i, left, qty: qtys ? (qtys.get(i.id) ?? 0) : left };
        });
        for (const l of lines) if (!Number.isInteger(l.qty) || l.qty < 0 || l.qty > Math.max(0, l.left)) throw validationFailed(`Please enter a quantity from 0 to ${Math.max(0, l.left)} for "${l.item.name}".`);
        const shipped = lines.filter((l) => l.qty > 0);
        if (!shipped.length) throw validationFailed("We can't save the shipment right now: no items were selected.");
        const cleanTracks = tracks.filter((t) => t.number.trim());
        for (const t of cleanTracks) if (t.number.length > 100 || t.title.length > 100) throw validationFailed('Please enter a tracking number and title of at most 100 characters.');
        const now = isoUtc(rc.app.clock.now());
        const id = await salesRepo.insertDocument(trx.db, 'shipments', {
          increment_id: await nextIncrementId(trx, 'shipments', order.store_view_id),
          order_id: order.id,
          store_view_id: order.store_view_id,
          state: 'shipped',
          total_qty: shipped.reduce((s, l) => s + l.qty, 0),
          admin_id: rc.actor.type === 'admin' ? rc.actor.id : null,
          created_at: now,
        });
        await salesRepo.insertDocumentItems(trx.db, 'shipments', shipped.map((l) => ({ parent_id: id, order_item_id: l.item.id, qty: l.qty })));
        await salesRepo.insertTracks(trx.db, cleanTracks.map((t) => ({ shipment_id: id, carrier: t.carrier.trim() || 'custom', title: t.title.trim() || 'Custom Value', number: t.number.trim() })));
        for (const l of shipped) await salesRepo.updateItem(trx.db, l.item.id, { qty_shipped: l.item.qty_shipped + l.qty });
        const state = await settle(trx, order);
        await log(trx, order, 'Ship', `Shipment created (${shipped.reduce((s, l) => s + l.qty, 0)} item(s))`, { shipment_id: id, tracks: cleanTracks, state: { old: order.state, new: state } });
        return id;
      });
    },

    /** Credit memo with offline refund; optional return to stock and adjustments. */
    async refund(rc: RequestContext, orderId: number, input: RefundInput) {
      return inTransaction(rc, async (trx) => {
        const order = await loadOrder(trx, orderId);
        if (!['processing', 'complete'].includes(order.state) || order.total_invoiced <= order.total_refunded) throw validationFailed('The order does not allow a credit memo to be created.');
        const items = await salesRepo.items(trx.db, order.id);
        const lines = items.map((i) => ({ item: i, left: i.qty_invoiced - i.qty_refunded, qty: input.qtys.get(i.id) ?? 0 }));
        for (const l of lines) if (!Number.isInteger(l.qty) || l.qty < 0 || l.qty > l.left) throw validationFailed(`Please enter a quantity from 0 to ${l.left} for "${l.item.name}".`);
        const refunded = lines.filter((l) => l.qty > 0);
        const memos = await salesRepo.documentsOf(trx.db, 'credit_memos', order.id);
        const invoices = await salesRepo.documentsOf(trx.db, 'invoices', order.id);
        const shippingLeft = invoices.reduce((s, d) => s + d.shipping_amount, 0) - memos.reduce((s, d) => s + d.shipping_amount, 0);
        if (input.shipping < 0 || input.shipping > shippingLeft) throw validationFailed(`Maximum shipping amount allowed to refund is: ${formatMoney(shippingLeft)}`);
        if (input.adjustmentPositive < 0 || input.adjustmentNegative < 0) throw validationFailed('Adjustments cannot be negative.');
        const subtotal = refunded.reduce((s, l) => s + l.item.price * l.qty, 0);
        const total = subtotal + input.shipping + input.adjustmentPositive - input.adjustmentNegative;
        if (total <= 0) throw validationFailed('The credit memo\'s total must be positive.');
        if (total > order.total_invoiced - order.total_refunded) throw validationFailed(`The most money available to refund is ${formatMoney(order.total_invoiced - order.total_refunded)}.`);
        const now = isoUtc(rc.app.clock.now());
        const id = await salesRepo.insertDocument(trx.db, 'credit_memos', {
          increment_id: await nextIncrementId(trx, 'credit_memos', order.store_view_id),
          order_id: order.id,
          store_view_id: order.store_view_id,
          state: 'refunded',
          subtotal,
          shipping_amount: input.shipping,
          adjustment_positive: input.adjustmentPositive,
          adjustment_negative: input.adjustmentNegative,
          grand_total: total,
          total_qty: refunded.reduce((s, l) => s + l.qty, 0),
          admin_id: rc.actor.type === 'admin' ? rc.actor.id : null,
          created_at: now,
        });
        await salesRepo.insertDocumentItems(trx.db, 'credit_memos', refunded.map((l) => ({ parent_id: id, order_item_id: l.item.id, qty: l.qty, row_total: l.item.price * l.qty, back_to_stock: input.backToStock ? 1 : 0 })));
        for (const l of refunded) {
          await salesRepo.updateItem(trx.db, l.item.id, { qty_refunded: l.item.qty_refunded + l.qty });
          if (input.backToStock && l.item.product_id) await catalogRepo.returnStock(trx.db, l.item.product_id, l.qty, now);
        }
        // Fully refunded money closes the order even when only an adjustment made up the rest.
        const totalRefunded = order.total_refunded + total;
        let state = await settle(trx, order, { total_refunded: totalRefunded });
        if (totalRefunded >= order.total_invoiced && order.total_invoiced >= order.grand_total && state !== 'closed') {
          await salesRepo.updateOrder(trx.db, order.id, { state: 'closed', status: 'closed' });
          state = 'closed';
        }
        await comment(trx, order.id, `We refunded ${formatMoney(total)} offline.`, state);
        await log(trx, order, 'Credit Memo', `Credit memo created for ${formatMoney(total)}`, { credit_memo_id: id, back_to_stock: input.backToStock, items: Object.fromEntries(refunded.map((l) => [l.item.sku, l.qty])), state: { old: order.state, new: state } });
        if (input.backToStock) await rc.app.services.pageCache.flush(trx.db);
        return id;
      });
    },

    async cancel(rc: RequestContext, orderId: number) {
      await inTransaction(rc, async (trx) => {
        const order = await loadOrder(trx, orderId);
        const items = await salesRepo.items(trx.db, order.id);
        if (order.state !== 'pending' || items.some((i) => i.qty_invoiced > 0 || i.qty_shipped > 0)) throw validationFailed('You cannot cancel the order.');
        const now = isoUtc(rc.app.clock.now());
        for (const i of items) {
          await salesRepo.updateItem(trx.db, i.id, { qty_canceled: i.qty_ordered });
          if (i.product_id) await catalogRepo.returnStock(trx.db, i.product_id, i.qty_ordered, now);
        }
        await salesRepo.updateOrder(trx.db, order.id, { state: 'canceled', status: 'canceled', updated_at: now });
        await comment(trx, order.id, 'The order was canceled.', 'canceled');
        await log(trx, order, 'Cancel', 'Order canceled', { state: { old: order.state, new: 'canceled' } });
      });
    },

    async hold(rc: RequestContext, orderId: number) {
      await inTransaction(rc, async (trx) => {
        const order = await loadOrder(trx, orderId);
        if (!['pending', 'processing'].includes(order.state)) throw validationFailed('You have not put the order on hold.');
        await salesRepo.updateOrder(trx.db, order.id, { state: 'holded', status: 'holded', hold_before_state: order.state, hold_before_status: order.status, updated_at: isoUtc(rc.app.clock.now()) });
        await log(trx, order, 'Hold', 'Order put on hold', { state: { old: order.state, new: 'holded' } });
      });
    },

    async unhold(rc: RequestContext, orderId: number) {
      await inTransaction(rc, async (trx) => {
        const order = await loadOrder(trx, orderId);
        if (order.state !== 'holded') throw validationFailed('The order was not on hold.');
        const state = order.hold_before_state ?? 'pending';
        await salesRepo.updateOrder(trx.db, order.id, { state, status: order.hold_before_status ?? state, hold_before_state: null, hold_before_status: null, updated_at: isoUtc(rc.app.clock.now()) });
        await log(trx, order, 'Unhold', 'Order released from hold', { state: { old: 'holded', new: state } });
      });
    },

    async addComment(rc: RequestContext, orderId: number, text: string, flags: { notify: boolean; visible: boolean }) {
      const body = text.trim();
      if (!body) throw validationFailed('Please enter a comment.', { comment: 'Please enter a comment.' });
      if (body.length > 5000) throw validationFailed('Please enter less or equal than 5000 symbols.', { comment: 'Please enter less or equal than 5000 symbols.' });
      await inTransaction(rc, async (trx) => {
        const order = await loadOrder(trx, orderId);
        await comment(trx, order.id, body, order.status, flags);
        await log(trx, order, 'Comment', 'Comment added', { notify: flags.notify, visible_on_front: flags.visible });
      });
      if (flags.notify) {
        const order = (await salesRepo.order(rc.db, orderId))!;
        await rc.app.services.mail.send({
          to: order.customer_email,
          subject: rc.t('Update to your order #{number}', { number: order.increment_id }),
          text: `${rc.t('Your order #{number} has been updated: {status}.', { number: order.increment_id, status: STATE_LABELS[order.status] ?? order.status })}\n\n${body}`,
        });
      }
    },

    /**
     * Admin Reorder: a new order with the same items (current prices for the customer's group), addresses,
     * shipping and payment, stock taken as at checkout.
     */
    async adminReorder(rc: RequestContext, orderId: number): Promise<number> {
      return inTransaction(rc, async (trx) => {
        const old = await loadOrder(trx, orderId);
        const items = await salesRepo.items(trx.db, old.id);
        const priced = await catalogRepo.pricedByIds(trx.db, { websiteId: old.website_id, groupId: old.customer_group_id }, items.map((i) => i.product_id).filter((x): x is number => x !== null));
        const now = isoUtc(rc.app.clock.now());
        const lines = items.map((i) => {
          const p = i.product_id ? priced.get(i.product_id) : undefined;
          if (!p || p.status !== 1 || p.on_website !== 1) throw validationFailed(`"${i.name}" is no longer available, so the order cannot be repeated.`);
          return { p, qty: i.qty_ordered };
        });
        for (const l of lines) if (!(await catalogRepo.takeStock(trx.db, l.p.id, l.qty, now))) throw validationFailed(`The requested qty of "${l.p.name}" is not available.`);
        const subtotal = lines.reduce((s, l) => s + l.p.final_price * l.qty, 0);
        const count = lines.reduce((s, l) => s + l.qty, 0);
        const view = (await rc.app.services.stores.byId(old.store_view_id, trx.db)) ?? rc.store;
        const rates = await rc.app.services.cart.shippingRates({ ...trx, store: view }, subtotal, count);
        const rate = rates.find((r) => r.code === old.shipping_method) ?? rates[0];
        if (!rate) throw validationFailed('No shipping method is available for this order.');
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
          subtotal,
          shipping_amount: rate.amount,
          grand_total: subtotal + rate.amount,
          shipping_method: rate.code,
          shipping_description: `${rate.carrierTitle} - ${rate.methodTitle}`,
          payment_method: old.payment_method,
          cart_id: null,
          placed_by_admin_id: null,
          created_at: now,
          updated_at: now,
        });
        for (const l of lines) await salesRepo.insertItem(trx.db, { order_id: id, product_id: l.p.id, sku: l.p.sku, name: l.p.name, price: l.p.final_price, qty_ordered: l.qty, row_total: l.p.final_price * l.qty });
        for (const a of await salesRepo.addresses(trx.db, old.id)) {
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
    async reorderToCart(rc: RequestContext, orderId: number): Promise<string[]> {
      const order = await loadOrder(rc, orderId);
      const problems: string[] = [];
      for (const i of await salesRepo.items(rc.db, order.id)) {
        if (!i.product_id) {
          problems.push(`"${i.name}" is no longer available.`);
          continue;
        }
        const added = await rc.app.services.cart.add(rc, i.product_id, i.qty_ordered);
        if (!added.ok) problems.push(`"${i.name}": ${added.messages.join(' ')}`);
      }
      return problems;
    },

    /** Adds a comment to an order without a log entry (another module's note, e.g. Login as Customer's). */
    noteOrder: (rc: RequestContext, orderId: number, text: string, status: string, flags: { visible?: boolean } = {}) => comment(rc, orderId, text, status, flags),
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
