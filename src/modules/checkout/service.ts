import type { RequestContext } from '../../kernel/request-context.ts';
import { inTransaction } from '../../kernel/request-context.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { displayMoney, parseMoney } from '../../kernel/money.ts';
import { ok, refused, type Result } from '../../kernel/result.ts';
import type { Db } from '../../db/database.ts';
import {
  CHECKMO_ACTIVE,
  CHECKMO_TITLE,
  FLATRATE_ACTIVE,
  FLATRATE_PRICE,
  FLATRATE_TITLE,
  FREESHIPPING_ACTIVE,
  FREESHIPPING_MIN,
  FREESHIPPING_TITLE,
  MAX_QTY,
  type CartChange,
  type CartChangeListener,
  type CartLine,
  type CartPage,
  type CartView,
  type PaymentMethod,
  type ShippingRate,
} from './index.ts';
import type { Order, OrderAddressInput, PlaceOrderInput } from '../sales/index.ts';
import type { CartTotals, TaxDestination } from '../tax/index.ts';
import { cartRepo } from './repo.ts';
import { adminQuotePart } from './admin-quote.ts';
import { createCheckoutSteps } from './steps.ts';

export { CHECKMO_ACTIVE, CHECKMO_TITLE, FLATRATE_ACTIVE, FLATRATE_PRICE, FLATRATE_TITLE, FREESHIPPING_ACTIVE, FREESHIPPING_MIN, FREESHIPPING_TITLE, MAX_QTY };
export type { CartLine, CartView, ShippingRate };

/** The cart id for this visitor: the customer's active cart on this website, or the guest session's cart. */
async function findCartId(rc: RequestContext, db: Db = rc.db): Promise<number | null> {
  if (rc.locals.quoteCartId !== undefined) return rc.locals.quoteCartId;
  if (rc.locals.customer) {
    return (await cartRepo.activeCustomerCart(db, rc.locals.customer.id, rc.store.website.id))?.id ?? null;
  }
  const id = rc.app.services.customers.sessionCartId(rc);
  if (id === undefined) return null;
  const row = await cartRepo.cart(db, id);
  return row && row.is_active === 1 && row.customer_id === null && row.website_id === rc.store.website.id ? row.id : null;
}

/** Guest and customer carts: stock-checked changes, prices by customer group, totals and shipping rates. */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: the factory only lists the service's methods; each method is short.
export function createCartService() {
  const changeListeners: CartChangeListener[] = [];
  /** Tells listeners of a cart change, on the handle that made it. */
  async function changed(rc: RequestContext, change: CartChange) {
    for (const listener of changeListeners) await listener(rc, change);
  }

  async function createCart(rc: RequestContext): Promise<number> {
    const now = isoUtc(rc.app.clock.now());
    const id = await cartRepo.insertCart(rc.db, {
      customer_id: rc.locals.customer?.id ?? null,
      website_id: rc.store.website.id,
      store_view_id: rc.store.view.id,
      is_active: 1,
      created_at: now,
      updated_at: now,
    });
    if (!rc.locals.customer) await rc.app.services.customers.saveSessionData(rc, { cartId: id });
    return id;
  }

  async function view(rc: RequestContext, cartId?: number | null): Promise<CartView> {
    const id = cartId === undefined ? await findCartId(rc) : cartId;
    if (!id) return { cartId: null, lines: [], subtotal: 0, count: 0 };
    const items = await cartRepo.items(rc.db, id);
    const products = await rc.app.services.catalog.pricedByIds(
      rc,
      items.map((i) => i.product_id),
    );
    const lines: CartLine[] = [];
    for (const i of items) {
      const p = products.get(i.product_id);
      if (!p) continue;
      lines.push({
        itemId: i.id,
        productId: p.id,
        sku: p.sku,
        name: p.name,
        urlKey: p.url_key,
        qty: i.qty,
        price: p.final_price,
        rowTotal: p.final_price * i.qty,
        available: p.status === 1 && p.is_in_stock === 1 && p.on_website === 1 && p.qty >= i.qty,
        stockQty: p.qty,
        addedByAdminId: i.added_by_admin_id,
        taxClassId: p.tax_class_id,
      });
    }
    return { cartId: id, lines, subtotal: lines.reduce((s, l) => s + l.rowTotal, 0), count: lines.reduce((s, l) => s + l.qty, 0) };
  }

  /**
   * Puts `qty` more of a product into a cart, checking the product and the stock for the new total. Given a way to
   * open a cart instead of one, it opens it only once every check passed (a refused add leaves nothing behind).
   */
  async function addToCart(rc: RequestContext, cart: number | (() => Promise<number>), productId: number, qty: number): Promise<Result<string>> {
    if (!Number.isInteger(qty) || qty < 1 || qty > MAX_QTY) return refused('Please enter a quantity greater than 0.');
    const p = (await rc.app.services.catalog.pricedByIds(rc, [productId])).get(productId);
    if (!p || p.status !== 1 || p.on_website !== 1) return refused('This product is no longer available.');
    const existing = typeof cart === 'number' ? await cartRepo.item(rc.db, cart, productId) : undefined;
    const total = (existing?.qty ?? 0) + qty;
    if (p.is_in_stock !== 1 || p.qty < 1) return refused('Product that you are trying to add is not available.');
    if (total > p.qty) return refused('The requested qty is not available');
    const cartId = typeof cart === 'number' ? cart : await cart();
    const now = isoUtc(rc.app.clock.now());
    if (existing) await cartRepo.setItemQty(rc.db, existing.id, total, now, rc.locals.assistedAdminId ?? existing.added_by_admin_id);
    else
      await cartRepo.insertItem(rc.db, {
        cart_id: cartId,
        product_id: productId,
        qty,
        added_by_admin_id: rc.locals.assistedAdminId ?? null,
        created_at: now,
        updated_at: now,
      });
    await cartRepo.touchCart(rc.db, cartId, now);
    return ok(p.name);
  }

  /**
   * Taxed totals of cart lines: the customer group's tax class, the products' classes, the shipping amount when a
   * method is chosen and the address when one is known (otherwise the default tax destination). `who` names
   * another store view and group (an admin's reorder); by default they are the visitor's.
   */
  async function totals(
    rc: RequestContext,
    lines: Pick<CartLine, 'itemId' | 'price' | 'qty' | 'taxClassId'>[],
    o: { shipping: ShippingRate | null; address: TaxDestination | null; who?: { storeViewId: number; groupId: number }; customerClassId?: number },
  ): Promise<CartTotals> {
    const storeViewId = o.who?.storeViewId ?? rc.store.view.id;
    const tax = rc.app.services.tax;
    const quoted = await tax.quote(rc, {
      storeViewId,
      customerClassId: o.customerClassId ?? (await customerClassOf(rc, o.who?.groupId)),
      lines: lines.map((l) => ({ key: String(l.itemId), price: l.price, qty: l.qty, taxClassId: l.taxClassId })),
      shipping: o.shipping ? o.shipping.amount : null,
      address: o.address,
    });
    return { ...quoted, display: await tax.display(rc, 'cart', storeViewId) };
  }

  /** The customer tax class of a group (by default the visitor's; NOT LOGGED IN for a guest). */
  async function customerClassOf(rc: RequestContext, groupId = rc.locals.customer?.groupId ?? 0): Promise<number> {
    return (await rc.app.services.customers.group(rc, groupId))?.tax_class_id ?? 0;
  }

  /** Where an address typed at checkout is taxed (its country and postcode). */
  const destinationOf = (a: Pick<OrderAddressInput, 'countryId' | 'postcode'> | undefined): TaxDestination | null =>
    a?.countryId ? { countryId: a.countryId, postcode: a.postcode ?? '' } : null;

  const steps = createCheckoutSteps({
    findCartId,
    view,
    shippingRates: (rc, s, c) => service.shippingRates(rc, s, c),
    paymentMethods: (rc) => service.paymentMethods(rc),
    taxedTotals: totals,
    destinationOf,
  });
  const service = {
    findCartId,
    view,
    totals,
    destinationOf,

    /** The cart page: lines and totals before shipping, taxed at the default destination. */
    async cartPage(rc: RequestContext): Promise<CartPage> {
      const cart = await view(rc);
      return { view: cart, totals: await totals(rc, cart.lines, { shipping: null, address: null }) };
    },

    /** Lets other modules hear of cart changes (e.g. the history of an assisted session). */
    onCartChanged(listener: CartChangeListener) {
      changeListeners.push(listener);
    },

    /** Number of items for the mini-cart (one query). */
    async count(rc: RequestContext): Promise<number> {
      const id = await findCartId(rc);
      if (!id) return 0;
      return cartRepo.count(rc.db, id);
    },

    async add(rc: RequestContext, productId: number, qty: number): Promise<Result<string>> {
      return inTransaction(rc, async (trx) => {
        const added = await addToCart(trx, (await findCartId(trx)) ?? (() => createCart(trx)), productId, qty);
        if (added.ok) await changed(trx, { kind: 'cart.add', params: { qty, product: added.value } });
        return added;
      });
    },

    /** New quantities by item id; 0 removes the line. All or nothing. */
    async update(rc: RequestContext, quantities: Map<number, number>): Promise<Result<null>> {
      return inTransaction(rc, async (trx) => {
        const cartId = await findCartId(trx);
        if (!cartId) return refused('Your shopping cart is empty.');
        const current = await view(trx, cartId);
        const now = isoUtc(rc.app.clock.now());
        for (const [itemId, qty] of quantities) {
          const line = current.lines.find((l) => l.itemId === itemId);
          if (!line) continue;
          if (!Number.isInteger(qty) || qty < 0 || qty > MAX_QTY) return refused('Please enter a quantity greater than 0.');
          if (qty === line.qty) continue;
          if (qty === 0) await cartRepo.deleteItem(trx.db, itemId);
          else if (qty > line.stockQty) return refused(`The requested qty is not available`);
          else await cartRepo.setItemQty(trx.db, itemId, qty, now);
          await changed(
            trx,
            qty === 0
              ? { kind: 'cart.remove', params: { product: line.name } }
              : { kind: 'cart.update', params: { product: line.name, from: line.qty, to: qty } },
          );
        }
        return ok(null);
      });
    },

    async remove(rc: RequestContext, itemId: number): Promise<boolean> {
      const cartId = await findCartId(rc);
      if (!cartId) return false;
      const line = (await view(rc, cartId)).lines.find((l) => l.itemId === itemId);
      const removed = await cartRepo.deleteItem(rc.db, itemId, cartId);
      if (removed && line) await changed(rc, { kind: 'cart.remove', params: { product: line.name } });
      return removed;
    },

    /**
     * After a normal sign-in: the guest cart's items move into the customer's cart (quantities capped by
     * stock), and the guest cart is closed. Assisted sessions never come here (they empty the guest cart).
     */
    async afterSignIn(rc: RequestContext, customerId: number, guestCartId?: number) {
      if (!guestCartId) return;
      await inTransaction(rc, async (trx) => {
        const guest = await cartRepo.cart(trx.db, guestCartId);
        if (!guest || guest.customer_id !== null || guest.is_active !== 1 || guest.website_id !== rc.store.website.id) return;
        const items = await cartRepo.items(trx.db, guest.id);
        await cartRepo.closeCart(trx.db, guest.id);
        if (!items.length) return;
        const cartId = (await findCartId(trx)) ?? (await createCart(trx));
        for (const i of items) {
          const result = await addToCart(trx, cartId, i.product_id, i.qty);
          if (!result.ok) {
            // Keep what fits: fill up to the available stock.
            const p = (await trx.app.services.catalog.pricedByIds(trx, [i.product_id])).get(i.product_id);
            const inCart = await cartRepo.item(trx.db, cartId, i.product_id);
            const room = (p?.qty ?? 0) - (inCart?.qty ?? 0);
            if (room > 0) await addToCart(trx, cartId, i.product_id, Math.min(room, i.qty));
          }
        }
      });
      rc.locals.sessionData = { ...(rc.locals.sessionData ?? {}), cartId: undefined };
    },

    /** Empties this browser's guest cart (used when an assisted session starts: never merged). */
    async discardGuestCart(rc: RequestContext, guestCartId?: number) {
      if (!guestCartId) return;
      if (await cartRepo.closeCart(rc.db, guestCartId, true)) await cartRepo.clearItems(rc.db, guestCartId);
    },

    /** Formatted final prices for a list of products (wishlist). */
    async prices(rc: RequestContext, productIds: number[]): Promise<Map<number, string>> {
      const rows = await rc.app.services.catalog.pricedByIds(rc, productIds);
      return new Map([...rows].map(([id, p]) => [id, displayMoney(rc, p.final_price)]));
    },

    /** Shipping methods on offer for a subtotal and item count (Flat Rate per item, Free Shipping over a minimum). */
    async shippingRates(rc: RequestContext, subtotal: number, count: number): Promise<ShippingRate[]> {
      const c = rc.app.services.config;
      const scope = { storeViewId: rc.store.view.id };
      const rates: ShippingRate[] = [];
      if (await c.getBool(FREESHIPPING_ACTIVE, scope, rc.db)) {
        const min = parseMoney(await c.get(FREESHIPPING_MIN, scope, rc.db)) ?? 0;
        if (subtotal >= min)
          rates.push({
            code: 'freeshipping_freeshipping',
            carrierTitle: rc.t(await c.get(FREESHIPPING_TITLE, scope, rc.db)),
            methodTitle: rc.t('Free'),
            amount: 0,
          });
      }
      if (await c.getBool(FLATRATE_ACTIVE, scope, rc.db)) {
        const per = parseMoney(await c.get(FLATRATE_PRICE, scope, rc.db)) ?? 0;
        rates.push({
          code: 'flatrate_flatrate',
          carrierTitle: rc.t(await c.get(FLATRATE_TITLE, scope, rc.db)),
          methodTitle: rc.t('Fixed'),
          amount: per * count,
        });
      }
      return rates;
    },

    async paymentMethods(rc: RequestContext): Promise<PaymentMethod[]> {
      const scope = { storeViewId: rc.store.view.id };
      return (await rc.app.services.config.getBool(CHECKMO_ACTIVE, scope, rc.db))
        ? [{ code: 'checkmo', title: rc.t(await rc.app.services.config.get(CHECKMO_TITLE, scope, rc.db)) }]
        : [];
    },

    /** The checkout steps' data: the totals, methods on offer, and for a customer their name and saved addresses. */
    async checkoutPage(rc: RequestContext, shippingMethod?: string) {
      const totals = await steps.checkoutTotals(rc, shippingMethod);
      const customers = rc.app.services.customers;
      const customer = rc.locals.customer ? await customers.byId(rc, rc.locals.customer.id) : undefined;
      return {
        ...totals,
        payments: await service.paymentMethods(rc),
        customer: customer ? { firstname: customer.firstname, lastname: customer.lastname, defaultShippingId: customer.default_shipping_id } : undefined,
        saved: customer ? await customers.addresses(rc, customer.id) : [],
        countries: customers.countries(),
      };
    },

    ...steps,

    /** The order this browser placed last (the success page), or undefined. */
    async lastOrder(rc: RequestContext): Promise<Order | undefined> {
      const orderId = rc.locals.sessionData?.lastOrderId;
      return typeof orderId === 'number' ? rc.app.services.sales.order(rc, orderId) : undefined;
    },

    /** Closes an active cart when its order is placed; false when it was closed already (a repeated submit). */
    close: (rc: RequestContext, cartId: number) => cartRepo.closeCart(rc.db, cartId),

    /** A customer's lines in active carts, for the admin's Shopping cart tab. */
    customerLines: (rc: RequestContext, customerId: number) => cartRepo.customerLines(rc.db, customerId),
  };
  // Admin order creation's quotes run the same cart code in the customer's context (see admin-quote.ts).
  return {
    ...service,
    ...adminQuotePart({ view, addToCart, update: service.update, shippingRates: service.shippingRates, paymentMethods: service.paymentMethods, totals }),
  };
}

export type CartService = ReturnType<typeof createCartService>;

declare module '../../kernel/services.ts' {
  interface Services {
    cart: CartService;
  }
}
