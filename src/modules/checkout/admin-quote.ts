import { isoUtc } from '../../kernel/clock.ts';
import { inTransaction, type RequestContext } from '../../kernel/request-context.ts';
import { ok, refused, type Refusal, type Result } from '../../kernel/result.ts';
import type { Customer } from '../customers/index.ts';
import type { AdminQuote, CartView, PaymentMethod, QuoteChoices, ShippingRate } from './index.ts';
import type { CartTotals, TaxDestination } from '../tax/index.ts';
import { cartRepo } from './repo.ts';

/** What the quote methods use of the cart service (the same cart code the storefront runs). */
export interface QuoteDeps {
  view(rc: RequestContext, cartId?: number | null): Promise<CartView>;
  addToCart(rc: RequestContext, cart: number, productId: number, qty: number): Promise<Result<string>>;
  update(rc: RequestContext, quantities: Map<number, number>): Promise<Result<null>>;
  shippingRates(rc: RequestContext, subtotal: number, count: number): Promise<ShippingRate[]>;
  paymentMethods(rc: RequestContext): Promise<PaymentMethod[]>;
  /** The cart's taxed totals (the same call the cart, checkout and placement make). */
  totals(
    rc: RequestContext,
    lines: CartView['lines'],
    o: { shipping: ShippingRate | null; address: TaxDestination | null; customerClassId?: number },
  ): Promise<CartTotals>;
}

/** A quote with its customer, and the context its cart code runs in: the customer, in the quote's store view. */
export interface QuoteContext {
  quote: AdminQuote;
  customer: Customer;
  /** The customer's context in the quote's store view, acted in by the admin (prices, rates, placement). */
  as: RequestContext;
}

class QuoteRefusal extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.messages[0]);
  }
}

function parseChoices(text: string | null): QuoteChoices | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as QuoteChoices;
  } catch {
    return undefined;
  }
}

/** The quote, its customer and the customer's context; undefined when there is no such quote. */
export async function quoteContext(rc: RequestContext, quoteId: number): Promise<QuoteContext | undefined> {
  const cart = await cartRepo.quote(rc.db, quoteId);
  if (!cart?.customer_id) return undefined;
  const customer = await rc.app.services.customers.byId(rc, cart.customer_id);
  const store = await rc.app.services.stores.byId(cart.store_view_id, rc.db);
  if (!customer || !store) return undefined;
  const adminId = rc.actor.type === 'admin' ? rc.actor.id : (cart.quote_admin_id ?? undefined);
  const as: RequestContext = {
    ...rc,
    store,
    url: (path) => `${store.prefix}${path}`,
    locals: {
      customer: { id: customer.id, firstName: customer.firstname, lastName: customer.lastname, email: customer.email, groupId: customer.group_id },
      assistedAdminId: adminId,
      quoteCartId: cart.id,
    },
  };
  const quote: AdminQuote = {
    id: cart.id,
    customerId: customer.id,
    storeViewId: cart.store_view_id,
    open: cart.is_active === 1,
    choices: parseChoices(cart.quote_state),
  };
  return { quote, customer, as };
}

const NO_QUOTE = () => refused('This order quote no longer exists.', 'not_found');

/** Admin order creation's quotes: opened for a customer and store view, filled with the storefront's cart code. */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: the factory only lists the quote methods; each is short.
export function adminQuotePart(deps: QuoteDeps) {
  return {
    quoteContext,

    /** Opens an empty quote for a customer in a store view of the customer's website. */
    async openQuote(rc: RequestContext, customerId: number, storeViewId: number): Promise<Result<number>> {
      const customer = await rc.app.services.customers.byId(rc, customerId);
      if (!customer) return refused('This customer no longer exists.', 'not_found');
      const store = await rc.app.services.stores.byId(storeViewId, rc.db);
      if (!store || store.website.id !== customer.website_id) return refused('Please select a store.');
      if (rc.actor.type !== 'admin') return refused('This order quote no longer exists.', 'forbidden');
      const now = isoUtc(rc.app.clock.now());
      const id = await cartRepo.insertCart(rc.db, {
        customer_id: customer.id,
        website_id: store.website.id,
        store_view_id: store.view.id,
        is_active: 1,
        quote_admin_id: rc.actor.id,
        quote_state: null,
        created_at: now,
        updated_at: now,
      });
      return ok(id);
    },

    /**
     * The quote's lines (the customer's prices), the methods on offer, the customer's saved addresses and, for
     * "Add Products", up to 20 enabled products of the quote's website matching `search` (name or SKU), priced
     * for the customer as on the storefront.
     */
    async quotePage(rc: RequestContext, quoteId: number, search = '') {
      const q = await quoteContext(rc, quoteId);
      if (!q) return undefined;
      const cart = await deps.view(q.as, quoteId);
      const catalog = rc.app.services.catalog;
      const { rows } = await catalog.productGrid(rc, {
        filter: { keyword: search.trim() || undefined, status: '1', websiteId: q.as.store.website.id },
        page: { sort: 'name', dir: 'asc', limit: 20, cursor: {} },
      });
      const priced = await catalog.pricedByIds(
        q.as,
        rows.map((r) => r.id),
      );
      const found = [...priced.values()]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((p) => ({ id: p.id, name: p.name, sku: p.sku, price: p.final_price, qty: p.qty, inStock: p.is_in_stock === 1 }));
      return {
        ...q,
        found,
        baseCurrency: (await rc.app.services.currency.displayFor(q.as)).base,
        cart,
        rates: cart.lines.length ? await deps.shippingRates(q.as, cart.subtotal, cart.count) : [],
        payments: await deps.paymentMethods(q.as),
        addresses: await rc.app.services.customers.addresses(rc, q.customer.id),
        countries: rc.app.services.customers.countries(),
      };
    },

    /**
     * The quote's totals for the page's choices, taxed as placement will tax them: the chosen shipping method and the
     * chosen address (a saved one or the typed one), the customer's group tax class.
     */
    async quoteTotals(rc: RequestContext, d: { as: RequestContext; customer: Customer; cart: CartView; rates: ShippingRate[] }, c: QuoteChoices) {
      const saved =
        c.addressId === 'new' ? undefined : (await rc.app.services.customers.addresses(rc, d.customer.id)).find((a) => String(a.id) === c.addressId);
      const where = saved ? { countryId: saved.country_id, postcode: saved.postcode } : c.address;
      const address = where.countryId ? { countryId: where.countryId, postcode: where.postcode ?? '' } : null;
      const customerClassId = (await rc.app.services.customers.group(rc, d.customer.group_id))?.tax_class_id ?? 0;
      const shipping = d.rates.find((r) => r.code === c.shipping) ?? null;
      return deps.totals(d.as, d.cart.lines, { shipping, address, customerClassId });
    },

    /** "Add Selected Product(s) to Order": every product with its quantity, stock-checked; all or nothing. */
    async addToQuote(rc: RequestContext, quoteId: number, lines: { productId: number; qty: number }[]): Promise<Result<string[]>> {
      if (!lines.length) return refused('Please select products to add to the order.');
      try {
        return await inTransaction(rc, async (trx) => {
          const q = await quoteContext(trx, quoteId);
          if (!q?.quote.open) throw new QuoteRefusal(NO_QUOTE());
          const names: string[] = [];
          for (const l of lines) {
            const added = await deps.addToCart(q.as, quoteId, l.productId, l.qty);
            if (!added.ok) throw new QuoteRefusal(added);
            names.push(added.value);
          }
          return ok(names);
        });
      } catch (e) {
        if (e instanceof QuoteRefusal) return e.refusal;
        throw e;
      }
    },

    /** "Update Items and Quantities": new quantities by line id, 0 removes; refused as a whole, like the cart. */
    async updateQuote(rc: RequestContext, quoteId: number, quantities: Map<number, number>): Promise<Result<null>> {
      const q = await quoteContext(rc, quoteId);
      if (!q?.quote.open) return NO_QUOTE();
      const cart = await deps.view(q.as, quoteId);
      if (!cart.lines.length) return refused('Please add products to the order.');
      return deps.update(q.as, quantities);
    },

    /** Keeps the page's choices on the quote (each button of the page submits them). */
    async saveQuoteChoices(rc: RequestContext, quoteId: number, choices: QuoteChoices): Promise<Result<null>> {
      const q = await quoteContext(rc, quoteId);
      if (!q?.quote.open) return NO_QUOTE();
      await cartRepo.setQuoteState(rc.db, quoteId, JSON.stringify(choices), isoUtc(rc.app.clock.now()));
      return ok(null);
    },

    /** "Cancel": the quote is closed and emptied. */
    async discardQuote(rc: RequestContext, quoteId: number): Promise<Result<null>> {
      return inTransaction(rc, async (trx) => {
        const q = await quoteContext(trx, quoteId);
        if (!q?.quote.open) return NO_QUOTE();
        await cartRepo.closeCart(trx.db, quoteId);
        await cartRepo.clearItems(trx.db, quoteId);
        return ok(null);
      });
    },
  };
}
