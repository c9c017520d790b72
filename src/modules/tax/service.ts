import type { Db } from '../../db/database.ts';
import { VersionedCache } from '../../db/versioned-cache.ts';
import type { RequestContext } from '../../kernel/request-context.ts';
import type { Minor } from '../../kernel/money.ts';
import { type AppliedRate, calculateTax, displayPrice, type TaxAlgorithm, type TaxSettings, type TaxTotals } from './calculate.ts';
import { displayOf, type PriceDisplay, type ShownPrice, TAX_CACHE, TAX_PATHS, type TaxDestination, type TaxDisplay } from './index.ts';
import { taxAdminPart } from './admin.ts';
import { taxRepo } from './repo.ts';
import { buildTaxData, ratesFor, type TaxData } from './resolve.ts';

const ALGORITHMS: Record<string, TaxAlgorithm> = { UNIT_BASE_CALCULATION: 'unit', ROW_BASE_CALCULATION: 'row', TOTAL_BASE_CALCULATION: 'total' };

/** The calculation settings of a store view. */
export interface TaxConfig extends TaxSettings {
  basedOn: 'shipping' | 'billing' | 'origin';
  origin: TaxDestination;
  shippingClass: number;
  defaultCustomerClass: number;
  defaultProductClass: number;
}

/** One line to tax: its key, unit price as the catalog keeps it, quantity and product tax class. */
export interface QuoteLine {
  key: string;
  price: Minor;
  qty: number;
  taxClassId: number;
}

export interface QuoteInput {
  storeViewId: number;
  customerClassId: number;
  lines: QuoteLine[];
  /** The shipping amount as configured (gross when Shipping Prices include tax); null = no shipping chosen. */
  shipping: Minor | null;
  /** The shipping (= billing) address; null before one is known: the default tax destination is used. */
  address: TaxDestination | null;
}

/**
 * VAT: classes, rates and rules cached per process behind a version stamp; the settings of a store view; taxed
 * totals for a cart or order (one pure calculation, calculate.ts) and shown prices for catalog lists.
 */
export function createTaxService(deps: { db: () => Db; checkEveryMs?: number; onChange?: (db: Db) => Promise<void> }) {
  const cache = new VersionedCache<TaxData>(
    deps.db,
    TAX_CACHE,
    async (db) => buildTaxData(await taxRepo.rates(db), await taxRepo.rules(db), await taxRepo.links(db)),
    deps.checkEveryMs,
  );

  async function settings(rc: RequestContext, storeViewId: number, db: Db = rc.db): Promise<TaxConfig> {
    const c = rc.app.services.config;
    const scope = { storeViewId };
    const basedOn = await c.get(TAX_PATHS.basedOn, scope, db);
    return {
      algorithm: ALGORITHMS[await c.get(TAX_PATHS.algorithm, scope, db)] ?? 'total',
      pricesIncludeTax: await c.getBool(TAX_PATHS.priceIncludesTax, scope, db),
      shippingIncludesTax: await c.getBool(TAX_PATHS.shippingIncludesTax, scope, db),
      basedOn: basedOn === 'billing' || basedOn === 'origin' ? basedOn : 'shipping',
      origin: { countryId: await c.get(TAX_PATHS.defaultCountry, scope, db), postcode: await c.get(TAX_PATHS.defaultPostcode, scope, db) },
      shippingClass: await c.getInt(TAX_PATHS.shippingClass, scope, db),
      defaultCustomerClass: await c.getInt(TAX_PATHS.defaultCustomerClass, scope, db),
      defaultProductClass: await c.getInt(TAX_PATHS.defaultProductClass, scope, db),
    };
  }

  async function display(rc: RequestContext, place: 'cart' | 'sales', storeViewId: number, db: Db = rc.db): Promise<TaxDisplay> {
    const c = rc.app.services.config;
    const scope = { storeViewId };
    const p =
      place === 'cart'
        ? ([TAX_PATHS.cartPrice, TAX_PATHS.cartSubtotal, TAX_PATHS.cartShipping] as const)
        : ([TAX_PATHS.salesPrice, TAX_PATHS.salesSubtotal, TAX_PATHS.salesShipping] as const);
    const [grand, summary] = place === 'cart' ? [TAX_PATHS.cartGrandTotal, TAX_PATHS.cartFullSummary] : [TAX_PATHS.salesGrandTotal, TAX_PATHS.salesFullSummary];
    return {
      price: displayOf(await c.get(p[0], scope, db)),
      subtotal: displayOf(await c.get(p[1], scope, db)),
      shipping: displayOf(await c.get(p[2], scope, db)),
      grandTotalBoth: await c.getBool(grand, scope, db),
      fullSummary: await c.getBool(summary, scope, db),
      shippingPrice: displayOf(await c.get(TAX_PATHS.displayShipping, scope, db)),
    };
  }

  /** Taxed totals of lines and shipping for a customer class and address (or the default destination). */
  async function quote(rc: RequestContext, q: QuoteInput, db: Db = rc.db): Promise<TaxTotals> {
    const s = await settings(rc, q.storeViewId, db);
    const data = await cache.get(db);
    const destination = s.basedOn === 'origin' || !q.address ? s.origin : q.address;
    const memo = new Map<string, { rates: AppliedRate[]; origin: AppliedRate[] }>();
    const ratesOf = (productClass: number) => {
      const key = String(productClass);
      let r = memo.get(key);
      if (!r) {
        r = { rates: ratesFor(data, q.customerClassId, productClass, destination), origin: ratesFor(data, q.customerClassId, productClass, s.origin) };
        memo.set(key, r);
      }
      return r;
    };
    const lines = q.lines.map((l) => ({
      key: l.key,
      price: l.price,
      qty: l.qty,
      rates: ratesOf(l.taxClassId).rates,
      originRates: ratesOf(l.taxClassId).origin,
    }));
    const ship = ratesOf(s.shippingClass);
    const shipping = q.shipping === null ? null : { key: 'shipping', price: q.shipping, qty: 1, rates: ship.rates, originRates: ship.origin };
    return calculateTax(lines, shipping, s);
  }

  /**
   * Catalog lists and product pages: how prices are shown and each product's unit price excluding and including
   * tax, at the default destination for the default customer class (the same for every visitor, so cached pages
   * stay right). Reads only cached settings and rates.
   */
  async function catalogPrices(rc: RequestContext, products: { id: number; price: number; final_price: number; tax_class_id: number }[]) {
    const s = await settings(rc, rc.store.view.id);
    const shown: PriceDisplay = displayOf(await rc.app.services.config.get(TAX_PATHS.displayPrice, { storeViewId: rc.store.view.id }));
    const data = await cache.get(rc.db);
    const byClass = new Map<number, AppliedRate[]>();
    const prices = new Map<number, { final: ShownPrice; regular: ShownPrice }>();
    for (const p of products) {
      let rates = byClass.get(p.tax_class_id);
      if (!rates) {
        rates = ratesFor(data, s.defaultCustomerClass, p.tax_class_id, s.origin);
        byClass.set(p.tax_class_id, rates);
      }
      prices.set(p.id, { final: displayPrice(p.final_price, rates, s.pricesIncludeTax), regular: displayPrice(p.price, rates, s.pricesIncludeTax) });
    }
    return { display: shown, prices };
  }

  return {
    settings,
    display,
    quote,
    catalogPrices,
    invalidate: () => cache.invalidate(),
    ...taxAdminPart({ cache, onChange: deps.onChange }),
  };
}

export type TaxService = ReturnType<typeof createTaxService>;

declare module '../../kernel/services.ts' {
  interface Services {
    tax: TaxService;
  }
}
