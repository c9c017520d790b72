/**
 * The tax arithmetic, pure: amounts in integer minor units, rates in millionths of the amount (25 % = 250_000,
 * 8.25 % = 82_500, 12.3456 % = 123_456). No database, no settings lookups: the tax service resolves which rates
 * apply and passes them in. Every rounding is half away from zero, done once, exactly (BigInt).
 *
 * Algorithms ("Tax Calculation Method Based On", as Magento offers them):
 * - `unit`: the tax of one unit is rounded, then multiplied by the quantity.
 * - `row`: the tax of each row (unit price × qty) is rounded.
 * - `total`: rows are not rounded on their own: the running exact sum of each rate's tax is rounded and each row
 *   gets the difference (delta rounding), so the total is the rounded exact total and the rows add up to it.
 */
import type { Minor } from '../../kernel/money.ts';

export type TaxAlgorithm = 'unit' | 'row' | 'total';

/** Millionths of the amount: 1_000_000 = 100 %. */
export type RatePpm = number;
export const RATE_PPM = 1_000_000;

/** One tax rate that applies to a line, as resolved from the rules. */
export interface AppliedRate {
  /** The rate's identifier ("SE-25"), kept on orders for the summary. */
  code: string;
  ppm: RatePpm;
  /** The rule's priority: rates of one priority add up, a later priority is charged on price plus earlier tax. */
  priority: number;
}

export interface TaxLineInput {
  key: string;
  /** The unit price as the catalog keeps it (gross when the catalog prices include tax). */
  price: Minor;
  qty: number;
  /** Rates at the shopper's destination. */
  rates: AppliedRate[];
  /** Rates at the store's default destination: what a tax-inclusive catalog price already contains. */
  originRates?: AppliedRate[];
}

export interface TaxSettings {
  algorithm: TaxAlgorithm;
  /** Catalog Prices: Including Tax. */
  pricesIncludeTax: boolean;
  /** Shipping Prices: Including Tax. */
  shippingIncludesTax: boolean;
}

/** Tax of one rate on a line (the per-rate split of the line's tax). */
export interface RateAmount {
  code: string;
  ppm: RatePpm;
  amount: Minor;
}

export interface TaxedLine {
  key: string;
  qty: number;
  priceExcl: Minor;
  priceIncl: Minor;
  rowExcl: Minor;
  rowIncl: Minor;
  tax: Minor;
  /** The combined rate charged on the line. */
  ppm: RatePpm;
  rates: RateAmount[];
}

export interface TaxTotals {
  lines: TaxedLine[];
  shipping: TaxedLine;
  subtotalExcl: Minor;
  subtotalIncl: Minor;
  shippingExcl: Minor;
  shippingIncl: Minor;
  tax: Minor;
  /** Tax per rate identifier, in the order the rates were met ("Display Full Tax Summary"). */
  summary: RateAmount[];
  /** Subtotal + shipping + tax, all excluding tax: what is charged. */
  grandTotal: Minor;
}

/** a / b rounded half away from zero (b > 0). */
export function divRound(a: bigint, b: bigint): bigint {
  const neg = a < 0n;
  const n = neg ? -a : a;
  const q = (n * 2n + b) / (b * 2n);
  return neg ? -q : q;
}

/** One combined rate for rates of several priorities: equal priorities add up, later ones compound on the earlier. */
export function combinedPpm(rates: AppliedRate[]): RatePpm {
  const byPriority = new Map<number, number>();
  for (const r of rates) byPriority.set(r.priority, (byPriority.get(r.priority) ?? 0) + r.ppm);
  let factor = BigInt(RATE_PPM);
  for (const p of [...byPriority.keys()].sort((a, b) => a - b)) factor = divRound(factor * BigInt(RATE_PPM + byPriority.get(p)!), BigInt(RATE_PPM));
  return Number(factor) - RATE_PPM;
}

/** Tax on a net amount at a rate: round(amount × ppm / 1e6). */
export function taxOn(amount: Minor, ppm: RatePpm): Minor {
  return Number(divRound(BigInt(amount) * BigInt(ppm), BigInt(RATE_PPM)));
}

/** The tax contained in a gross amount: round(gross × ppm / (1e6 + ppm)). */
export function taxIn(gross: Minor, ppm: RatePpm): Minor {
  return Number(divRound(BigInt(gross) * BigInt(ppm), BigInt(RATE_PPM + ppm)));
}

/** Splits a line's tax across its rates in proportion to each rate; the last rate takes what rounding leaves. */
export function splitByRate(tax: Minor, rates: AppliedRate[]): RateAmount[] {
  const total = rates.reduce((s, r) => s + r.ppm, 0);
  let left = tax;
  return rates.map((r, i) => {
    const amount = i === rates.length - 1 ? left : total ? Number(divRound(BigInt(tax) * BigInt(r.ppm), BigInt(total))) : 0;
    left -= amount;
    return { code: r.code, ppm: r.ppm, amount };
  });
}

/** Running exact sums per rate for the `total` algorithm: each row gets round(sum so far) − what earlier rows got. */
class DeltaRounding {
  private sums = new Map<string, { exact: bigint; given: bigint }>();
  take(bucket: string, numerator: bigint, denominator: bigint): Minor {
    const key = `${bucket}/${denominator}`;
    const s = this.sums.get(key) ?? { exact: 0n, given: 0n };
    s.exact += numerator;
    const rounded = divRound(s.exact, denominator);
    const row = rounded - s.given;
    s.given = rounded;
    this.sums.set(key, s);
    return Number(row);
  }
}

/** The net unit price of a gross price that contains the origin's tax (unit rounding), for another destination. */
const netOfOrigin = (gross: Minor, originPpm: RatePpm) => gross - taxIn(gross, originPpm);

function taxLine(l: TaxLineInput, includesTax: boolean, algorithm: TaxAlgorithm, delta: DeltaRounding, bucket: string): TaxedLine {
  const ppm = combinedPpm(l.rates);
  const originPpm = l.originRates ? combinedPpm(l.originRates) : ppm;
  // A gross price is taken apart at the destination's rate when it is the origin's; otherwise (another country's
  // rate) the origin's tax comes out first and the destination's is added to the net price.
  const gross = includesTax && originPpm === ppm;
  const price = includesTax && !gross ? netOfOrigin(l.price, originPpm) : l.price;
  const row = price * l.qty;
  let tax: Minor;
  if (algorithm === 'unit') tax = (gross ? taxIn(price, ppm) : taxOn(price, ppm)) * l.qty;
  else if (algorithm === 'row') tax = gross ? taxIn(row, ppm) : taxOn(row, ppm);
  else
    tax = gross
      ? delta.take(`${bucket}${ppm}`, BigInt(row) * BigInt(ppm), BigInt(RATE_PPM + ppm))
      : delta.take(`${bucket}${ppm}`, BigInt(row) * BigInt(ppm), BigInt(RATE_PPM));
  const unitTax = gross ? taxIn(price, ppm) : taxOn(price, ppm);
  return {
    key: l.key,
    qty: l.qty,
    priceExcl: gross ? price - unitTax : price,
    priceIncl: gross ? price : price + unitTax,
    rowExcl: gross ? row - tax : row,
    rowIncl: gross ? row : row + tax,
    tax,
    ppm,
    rates: splitByRate(tax, l.rates),
  };
}

/** Taxes a cart or order: each line and the shipping, the totals and the per-rate summary. */
export function calculateTax(lines: TaxLineInput[], shipping: TaxLineInput | null, s: TaxSettings): TaxTotals {
  const delta = new DeltaRounding();
  const taxed = lines.map((l) => taxLine(l, s.pricesIncludeTax, s.algorithm, delta, 'item:'));
  const ship = taxLine(shipping ?? { key: 'shipping', price: 0, qty: 1, rates: [] }, s.shippingIncludesTax, s.algorithm, delta, 'shipping:');
  const summary = new Map<string, RateAmount>();
  for (const r of [...taxed, ship].flatMap((l) => l.rates)) {
    const seen = summary.get(r.code);
    if (seen) seen.amount += r.amount;
    else summary.set(r.code, { ...r });
  }
  const subtotalExcl = taxed.reduce((a, l) => a + l.rowExcl, 0);
  const subtotalIncl = taxed.reduce((a, l) => a + l.rowIncl, 0);
  const tax = taxed.reduce((a, l) => a + l.tax, 0) + ship.tax;
  return {
    lines: taxed,
    shipping: ship,
    subtotalExcl,
    subtotalIncl,
    shippingExcl: ship.rowExcl,
    shippingIncl: ship.rowIncl,
    tax,
    summary: [...summary.values()].filter((r) => r.amount !== 0),
    grandTotal: subtotalExcl + ship.rowExcl + tax,
  };
}

/** A unit price for display, excluding and including tax (unit rounding, as a product page shows one unit). */
export function displayPrice(price: Minor, rates: AppliedRate[], pricesIncludeTax: boolean): { excl: Minor; incl: Minor } {
  const ppm = combinedPpm(rates);
  if (pricesIncludeTax) return { excl: price - taxIn(price, ppm), incl: price };
  return { excl: price, incl: price + taxOn(price, ppm) };
}

/**
 * An amount's share for `qty` of `ordered` units, when `doneQty` units and `doneAmount` were taken before: the
 * last units take exactly what is left, so the shares always add up to the amount (invoices, credit memos).
 */
export function shareFor(amount: Minor, ordered: number, qty: number, doneQty: number, doneAmount: Minor): Minor {
  if (ordered <= 0 || qty <= 0) return 0;
  if (doneQty + qty >= ordered) return amount - doneAmount;
  const share = Number(divRound(BigInt(amount) * BigInt(qty), BigInt(ordered)));
  return Math.min(share, amount - doneAmount);
}

/**
 * The tax refunded with `qty` units of a line: proportional to the refunded quantity of the invoiced ones, never
 * more than was invoiced and not yet refunded; the last invoiced unit refunds the rest.
 */
export function refundTaxFor(line: { taxInvoiced: Minor; taxRefunded: Minor; qtyInvoiced: number; qtyRefunded: number }, qty: number): Minor {
  return shareFor(line.taxInvoiced, line.qtyInvoiced, qty, line.qtyRefunded, line.taxRefunded);
}

/** Parses a rate typed as a percent with at most 4 decimals, 0 to 100; null for anything else. */
export function parsePercent(input: string): RatePpm | null {
  const s = input.trim();
  if (!/^\d{1,3}(\.\d{1,4})?$/.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  const ppm = Number(whole) * 10_000 + Number(frac.padEnd(4, '0'));
  return ppm <= RATE_PPM ? ppm : null;
}

/** A rate as its shortest percent text ("25", "8.25"). */
export function formatPercent(ppm: RatePpm): string {
  const whole = Math.floor(ppm / 10_000);
  const frac = String(ppm % 10_000)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}
