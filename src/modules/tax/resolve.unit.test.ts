import { describe, expect, it } from 'vitest';
import { calculateTax } from './calculate.ts';
import { buildTaxData, matchRate, normalizePostcode, ratesFor } from './resolve.ts';

const rate = (
  id: number,
  code: string,
  country: string,
  ppm: number,
  postcode: Partial<{ tax_postcode: string; zip_is_range: number; zip_from: string; zip_to: string }> = {},
) => ({
  id,
  code,
  tax_country_id: country,
  tax_postcode: '*',
  zip_is_range: 0,
  zip_from: '',
  zip_to: '',
  rate: ppm,
  updated_at: '2026-01-01T00:00:00.000Z',
  ...postcode,
});

const rates = [
  rate(1, 'SE-25', 'SE', 250_000),
  rate(2, 'SE-12', 'SE', 120_000),
  rate(3, 'US-CA', 'US', 82_500, { zip_is_range: 1, zip_from: '90000', zip_to: '96199' }),
  rate(4, 'US-NY-100', 'US', 88_750, { tax_postcode: '100*' }),
  rate(5, 'US-10001', 'US', 90_000, { tax_postcode: '10001' }),
  rate(6, 'GB-EC', 'GB', 200_000, { zip_is_range: 1, zip_from: 'EC1A', zip_to: 'EC4Z' }),
];
const rule = (id: number, priority: number) => ({ id, code: `Rule ${id}`, priority, position: id, updated_at: '' });
const links = [
  // Rule 1: Retail (2) × Taxable (1) → SE-25, US-CA, US-NY-100, US-10001, GB-EC.
  ...[1, 3, 4, 5, 6].map((link_id) => ({ rule_id: 1, link_type: 'rate' as const, link_id })),
  { rule_id: 1, link_type: 'customer' as const, link_id: 2 },
  { rule_id: 1, link_type: 'product' as const, link_id: 1 },
  // Rule 2: Retail × Reduced (3) → SE-12.
  { rule_id: 2, link_type: 'rate' as const, link_id: 2 },
  { rule_id: 2, link_type: 'customer' as const, link_id: 2 },
  { rule_id: 2, link_type: 'product' as const, link_id: 3 },
];
const data = buildTaxData(rates, [rule(1, 0), rule(2, 0)], links);

describe('which rates apply', () => {
  it('matches postcodes without spaces, prefixes and numeric and text ranges', () => {
    expect(normalizePostcode('114 55')).toBe('11455');
    expect(matchRate(rates[2]!, { countryId: 'US', postcode: '94103' })).toBe(2);
    expect(matchRate(rates[2]!, { countryId: 'US', postcode: '96200' })).toBe(0);
    expect(matchRate(rates[2]!, { countryId: 'US', postcode: '9000' })).toBe(0); // 9000 < 90000 as numbers
    expect(matchRate(rates[2]!, { countryId: 'US', postcode: '' })).toBe(0);
    expect(matchRate(rates[3]!, { countryId: 'US', postcode: '10027' })).toBe(2);
    expect(matchRate(rates[3]!, { countryId: 'US', postcode: '11027' })).toBe(0);
    expect(matchRate(rates[5]!, { countryId: 'GB', postcode: 'EC2A 4NE' })).toBe(2);
    expect(matchRate(rates[5]!, { countryId: 'GB', postcode: 'SW1A 1AA' })).toBe(0);
    expect(matchRate(rates[0]!, { countryId: 'SE', postcode: '' })).toBe(1);
    expect(matchRate(rates[0]!, { countryId: 'NO', postcode: '0150' })).toBe(0);
  });

  it('takes from each rule the best-matching rate for the classes and destination', () => {
    const codes = (customer: number, product: number, countryId: string, postcode: string) =>
      ratesFor(data, customer, product, { countryId, postcode }).map((r) => r.code);
    expect(codes(2, 1, 'SE', '114 55')).toEqual(['SE-25']);
    expect(codes(2, 3, 'SE', '114 55')).toEqual(['SE-12']);
    expect(codes(2, 1, 'US', '94103')).toEqual(['US-CA']);
    expect(codes(2, 1, 'US', '10001')).toEqual(['US-NY-100']); // two postcode matches: the lower id
    expect(codes(2, 1, 'US', '73301')).toEqual([]);
    expect(codes(2, 4, 'SE', '114 55')).toEqual([]); // no rule names Books here
    expect(codes(0, 1, 'SE', '114 55')).toEqual([]); // nor the customer class None
  });

  it('adds rates of two rules of one priority on the same line', () => {
    const both = buildTaxData(rates, [rule(1, 0), rule(2, 0)], [...links, { rule_id: 2, link_type: 'product', link_id: 1 }]);
    const applied = ratesFor(both, 2, 1, { countryId: 'SE', postcode: '' });
    expect(applied.map((r) => r.code)).toEqual(['SE-25', 'SE-12']);
    const t = calculateTax([{ key: 'a', price: 10_000, qty: 1, rates: applied }], null, {
      algorithm: 'row',
      pricesIncludeTax: false,
      shippingIncludesTax: false,
    });
    expect(t.tax).toBe(3700);
    expect(t.summary.map((r) => [r.code, r.amount])).toEqual([
      ['SE-25', 2500],
      ['SE-12', 1200],
    ]);
  });
});
