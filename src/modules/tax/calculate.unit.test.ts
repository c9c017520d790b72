import { describe, expect, it } from 'vitest';
import { convertMinor, toDisplay } from '../../kernel/money.ts';
import {
  type AppliedRate,
  calculateTax,
  combinedPpm,
  displayPrice,
  formatPercent,
  parsePercent,
  refundTaxFor,
  shareFor,
  splitByRate,
  taxIn,
  taxOn,
  type TaxSettings,
} from './calculate.ts';

const se25: AppliedRate = { code: 'SE-25', ppm: 250_000, priority: 0 };
const se12: AppliedRate = { code: 'SE-12', ppm: 120_000, priority: 0 };
const se6: AppliedRate = { code: 'SE-6', ppm: 60_000, priority: 0 };
const ca: AppliedRate = { code: 'US-CA', ppm: 82_500, priority: 0 };
const excl = (algorithm: TaxSettings['algorithm']): TaxSettings => ({ algorithm, pricesIncludeTax: false, shippingIncludesTax: false });
const incl = (algorithm: TaxSettings['algorithm']): TaxSettings => ({ algorithm, pricesIncludeTax: true, shippingIncludesTax: true });

describe('tax rates as text', () => {
  it('parses percents from 0 to 100 with at most 4 decimals', () => {
    expect(parsePercent('25')).toBe(250_000);
    expect(parsePercent(' 8.25 ')).toBe(82_500);
    expect(parsePercent('12.3456')).toBe(123_456);
    expect(parsePercent('0')).toBe(0);
    expect(parsePercent('100')).toBe(1_000_000);
    for (const bad of ['', '-1', '100.0001', '101', '1.23456', '1,5', 'abc', '1e2', '.5', '25%']) expect(parsePercent(bad)).toBeNull();
    expect(formatPercent(82_500)).toBe('8.25');
    expect(formatPercent(250_000)).toBe('25');
    expect(formatPercent(123_456)).toBe('12.3456');
  });
});

describe('rounding primitives', () => {
  it('rounds tax on a net amount and tax inside a gross amount half away from zero', () => {
    expect(taxOn(1000, 250_000)).toBe(250);
    expect(taxOn(2, 250_000)).toBe(1); // 0.5 → 1
    expect(taxOn(-2, 250_000)).toBe(-1); // −0.5 → −1
    expect(taxOn(1999, 82_500)).toBe(165); // 164.9175
    expect(taxIn(12500, 250_000)).toBe(2500);
    expect(taxIn(999, 250_000)).toBe(200); // 199.8
    expect(taxIn(1120, 120_000)).toBe(120);
    expect(taxIn(106, 60_000)).toBe(6);
  });

  it('adds rates of one priority and compounds a later priority', () => {
    expect(combinedPpm([se25, { ...se6, code: 'X' }])).toBe(310_000);
    expect(
      combinedPpm([
        { ...se25, priority: 0 },
        { ...se6, priority: 1 },
      ]),
    ).toBe(325_000); // 1.25 × 1.06 − 1
    expect(combinedPpm([])).toBe(0);
  });

  it('splits a line tax across its rates so the parts add up', () => {
    const parts = splitByRate(101, [
      { code: 'A', ppm: 50_000, priority: 0 },
      { code: 'B', ppm: 50_000, priority: 0 },
    ]);
    expect(parts.map((p) => p.amount)).toEqual([51, 50]);
  });
});

describe('per unit, per row and per total rounding (prices excluding tax)', () => {
  // 3 × 9.99 at 8.25 %: a unit's tax is 0.824175 → 0.82; a row's 2.472525 → 2.47.
  const lines = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `l${i}`, price: 999, qty: 3, rates: [ca] }));

  it('Unit Price rounds each unit', () => {
    const t = calculateTax(lines(1), null, excl('unit'));
    expect(t.lines[0]).toMatchObject({ priceExcl: 999, priceIncl: 1081, rowExcl: 2997, tax: 246, rowIncl: 3243 });
  });

  it('Row Total rounds each row', () => {
    const t = calculateTax(lines(1), null, excl('row'));
    expect(t.lines[0]).toMatchObject({ rowExcl: 2997, tax: 247, rowIncl: 3244 });
  });

  it('Total rounds the running sum, so three rows of 2.472525 give 7.42 (rows 2.47, 2.48, 2.47)', () => {
    const rowWise = calculateTax(lines(3), null, excl('row'));
    const totalWise = calculateTax(lines(3), null, excl('total'));
    expect(rowWise.tax).toBe(741);
    expect(totalWise.tax).toBe(742); // round(7.417575) — the exact total, rounded once
    expect(totalWise.lines.map((l) => l.tax)).toEqual([247, 248, 247]);
    expect(totalWise.lines.reduce((s, l) => s + l.tax, 0)).toBe(totalWise.tax);
  });

  it('keeps grand total = subtotal + shipping + tax, with taxed shipping', () => {
    const t = calculateTax(lines(2), { key: 'shipping', price: 500, qty: 1, rates: [ca] }, excl('row'));
    expect(t.shippingExcl).toBe(500);
    expect(t.shipping.tax).toBe(41); // 41.25
    expect(t.grandTotal).toBe(t.subtotalExcl + t.shippingExcl + t.tax);
    expect(t.subtotalIncl).toBe(t.subtotalExcl + t.lines.reduce((s, l) => s + l.tax, 0));
    expect(t.summary).toEqual([{ code: 'US-CA', ppm: 82_500, amount: t.tax }]);
  });

  it('charges nothing on lines without a rate', () => {
    const t = calculateTax([{ key: 'a', price: 1234, qty: 2, rates: [] }], null, excl('total'));
    expect(t).toMatchObject({ tax: 0, subtotalExcl: 2468, subtotalIncl: 2468, grandTotal: 2468, summary: [] });
  });
});

describe('catalog prices including tax (Swedish moms)', () => {
  it('takes the tax out of a gross price and keeps the gross price the shopper saw', () => {
    // 99.90 kr incl. 25 %: moms 19.98, net 79.92.
    const t = calculateTax([{ key: 'a', price: 9990, qty: 1, rates: [se25] }], null, incl('row'));
    expect(t.lines[0]).toMatchObject({ priceIncl: 9990, priceExcl: 7992, rowIncl: 9990, rowExcl: 7992, tax: 1998 });
    expect(t.grandTotal).toBe(9990);
  });

  it('differs between unit and row rounding on a gross price', () => {
    // 3 × 9.99 incl. 25 %: a unit holds 1.998 → 2.00 (6.00 for the row); the row holds 5.994 → 5.99.
    const unit = calculateTax([{ key: 'a', price: 999, qty: 3, rates: [se25] }], null, incl('unit'));
    const row = calculateTax([{ key: 'a', price: 999, qty: 3, rates: [se25] }], null, incl('row'));
    expect(unit.lines[0]).toMatchObject({ tax: 600, rowIncl: 2997, rowExcl: 2397 });
    expect(row.lines[0]).toMatchObject({ tax: 599, rowIncl: 2997, rowExcl: 2398 });
    expect(unit.grandTotal).toBe(2997);
    expect(row.grandTotal).toBe(2997);
  });

  it('gives each Swedish rate its own summary line', () => {
    const t = calculateTax(
      [
        { key: 'tshirt', price: 25000, qty: 1, rates: [se25] },
        { key: 'coffee', price: 11200, qty: 2, rates: [se12] },
        { key: 'book', price: 21200, qty: 1, rates: [se6] },
      ],
      { key: 'shipping', price: 4900, qty: 1, rates: [se25] },
      incl('row'),
    );
    expect(t.summary).toEqual([
      { code: 'SE-25', ppm: 250_000, amount: 5000 + 980 },
      { code: 'SE-12', ppm: 120_000, amount: 2400 },
      { code: 'SE-6', ppm: 60_000, amount: 1200 },
    ]);
    expect(t.subtotalIncl).toBe(25000 + 22400 + 21200);
    expect(t.grandTotal).toBe(25000 + 22400 + 21200 + 4900);
    expect(t.grandTotal).toBe(t.subtotalExcl + t.shippingExcl + t.tax);
  });

  it('sums per total with delta rounding on gross prices too', () => {
    // 0.99 kr incl. 25 %: 0.198 each; three rows give 0.594 → 0.59 in total (rows 0.20, 0.20, 0.19).
    const rows = [1, 2, 3].map((i) => ({ key: `r${i}`, price: 99, qty: 1, rates: [se25] }));
    const t = calculateTax(rows, null, incl('total'));
    expect(t.lines.map((l) => l.tax)).toEqual([20, 20, 19]);
    expect(t.tax).toBe(59);
    expect(t.grandTotal).toBe(297);
  });

  it('takes the origin tax out and adds the destination tax for another rate', () => {
    // 125.00 incl. Swedish 25 % is 100.00 net; shipped where 8.25 % applies, it costs 108.25.
    const t = calculateTax([{ key: 'a', price: 12500, qty: 1, rates: [ca], originRates: [se25] }], null, incl('row'));
    expect(t.lines[0]).toMatchObject({ priceExcl: 10000, rowExcl: 10000, tax: 825, rowIncl: 10825 });
    const none = calculateTax([{ key: 'a', price: 12500, qty: 2, rates: [], originRates: [se25] }], null, incl('row'));
    expect(none.lines[0]).toMatchObject({ rowExcl: 20000, tax: 0, rowIncl: 20000 });
  });

  it('shows a unit price excluding and including tax', () => {
    expect(displayPrice(9990, [se25], true)).toEqual({ excl: 7992, incl: 9990 });
    expect(displayPrice(1999, [ca], false)).toEqual({ excl: 1999, incl: 2164 });
    expect(displayPrice(1999, [], false)).toEqual({ excl: 1999, incl: 1999 });
  });
});

describe('invoices and credit memos', () => {
  it('shares an amount by quantity so the parts add up to it', () => {
    // A row tax of 10.00 over 3 units: 3.33, 3.33, then the last unit takes 3.34.
    expect(shareFor(1000, 3, 1, 0, 0)).toBe(333);
    expect(shareFor(1000, 3, 1, 1, 333)).toBe(333);
    expect(shareFor(1000, 3, 1, 2, 666)).toBe(334);
    expect(shareFor(1000, 3, 3, 0, 0)).toBe(1000);
    expect(shareFor(1000, 3, 0, 0, 0)).toBe(0);
  });

  it('refunds tax in proportion to refunded quantities, never more than was invoiced', () => {
    const line = { taxInvoiced: 600, taxRefunded: 0, qtyInvoiced: 3, qtyRefunded: 0 };
    expect(refundTaxFor(line, 1)).toBe(200);
    expect(refundTaxFor({ ...line, taxRefunded: 200, qtyRefunded: 1 }, 2)).toBe(400);
    // Two invoiced of three ordered: refunding both gives back the invoiced tax, not the order's.
    expect(refundTaxFor({ taxInvoiced: 400, taxRefunded: 0, qtyInvoiced: 2, qtyRefunded: 0 }, 2)).toBe(400);
    // Rounding earlier left less than a share: the cap wins.
    expect(refundTaxFor({ taxInvoiced: 1, taxRefunded: 1, qtyInvoiced: 3, qtyRefunded: 1 }, 1)).toBe(0);
    let refunded = 0;
    for (let q = 0; q < 7; q++) refunded += refundTaxFor({ taxInvoiced: 1001, taxRefunded: refunded, qtyInvoiced: 7, qtyRefunded: q }, 1);
    expect(refunded).toBe(1001);
  });
});

describe('tax and currency conversion', () => {
  it('computes tax in the base currency and converts each amount on its own', () => {
    // 19.99 USD at 8.25 %, shown in SEK at 10.5: tax 1.65 USD → 17.33 SEK (17.325 rounds away from zero).
    const t = calculateTax([{ key: 'a', price: 1999, qty: 1, rates: [ca] }], null, excl('row'));
    const sek = { base: 'USD', code: 'SEK', rate: 10_500_000 };
    expect(t.tax).toBe(165);
    expect(toDisplay(t.tax, sek)).toBe(convertMinor(165, 10_500_000));
    expect(toDisplay(t.tax, sek)).toBe(1733);
    // Converted parts may differ from the converted total by a unit: each is rounded once, as documented.
    const parts = toDisplay(t.subtotalExcl, sek) + toDisplay(t.tax, sek);
    expect(Math.abs(parts - toDisplay(t.grandTotal, sek))).toBeLessThanOrEqual(1);
  });
});
