/** Which rates apply to a line: pure matching of rules and rates against classes and a destination. */
import type { AppliedRate } from './calculate.ts';
import type { TaxDestination } from './index.ts';
import type { TaxRateRow, TaxRuleLink, TaxRuleRow } from './repo.ts';

/** Rates, rules and their links as one cached snapshot. */
export interface TaxData {
  rates: TaxRateRow[];
  rules: (TaxRuleRow & { customer: Set<number>; product: Set<number>; rates: TaxRateRow[] })[];
}

export function buildTaxData(rates: TaxRateRow[], rules: TaxRuleRow[], links: TaxRuleLink[]): TaxData {
  const byId = new Map(rates.map((r) => [r.id, r]));
  return {
    rates,
    rules: rules.map((rule) => {
      const own = links.filter((l) => l.rule_id === rule.id);
      const ids = (type: TaxRuleLink['link_type']) => new Set(own.filter((l) => l.link_type === type).map((l) => l.link_id));
      return {
        ...rule,
        customer: ids('customer'),
        product: ids('product'),
        rates: [...ids('rate')].map((id) => byId.get(id)).filter((r): r is TaxRateRow => !!r),
      };
    }),
  };
}

/** Postcodes compared without spaces or dashes, in capitals ("114 55" = "11455"). */
export const normalizePostcode = (p: string) => p.replace(/[\s-]/g, '').toUpperCase();

/**
 * How well a rate matches a destination: 0 = not at all, 1 = every postcode of the country ("*"), 2 = a postcode,
 * prefix ("9*") or range that contains the destination's. An unknown postcode matches only "*" rates. Ranges
 * compare as numbers when both ends and the postcode are digits, otherwise as text.
 */
export function matchRate(rate: Pick<TaxRateRow, 'tax_country_id' | 'tax_postcode' | 'zip_is_range' | 'zip_from' | 'zip_to'>, d: TaxDestination): number {
  if (rate.tax_country_id !== d.countryId) return 0;
  const postcode = normalizePostcode(d.postcode);
  if (rate.zip_is_range === 1) {
    if (!postcode) return 0;
    const from = normalizePostcode(rate.zip_from);
    const to = normalizePostcode(rate.zip_to);
    const digits = /^\d+$/;
    if (digits.test(from) && digits.test(to) && digits.test(postcode)) return Number(postcode) >= Number(from) && Number(postcode) <= Number(to) ? 2 : 0;
    return postcode >= from && postcode <= to ? 2 : 0;
  }
  const pattern = normalizePostcode(rate.tax_postcode || '*');
  if (pattern === '*') return 1;
  if (!postcode) return 0;
  if (pattern.endsWith('*')) return postcode.startsWith(pattern.slice(0, -1)) ? 2 : 0;
  return postcode === pattern ? 2 : 0;
}

/**
 * The rates charged for a customer class, product class and destination: from every rule naming both classes,
 * the rule's best-matching rate (a postcode match over a country-wide one, then the lowest id), once per rate.
 */
export function ratesFor(data: TaxData, customerClass: number, productClass: number, d: TaxDestination): AppliedRate[] {
  const applied: AppliedRate[] = [];
  for (const rule of data.rules) {
    if (!rule.customer.has(customerClass) || !rule.product.has(productClass)) continue;
    let best: TaxRateRow | undefined;
    let bestScore = 0;
    for (const rate of rule.rates) {
      const score = matchRate(rate, d);
      if (score > bestScore || (score === bestScore && score > 0 && best && rate.id < best.id)) {
        best = rate;
        bestScore = score;
      }
    }
    if (best && !applied.some((a) => a.code === best.code)) applied.push({ code: best.code, ppm: best.rate, priority: rule.priority });
  }
  return applied;
}
