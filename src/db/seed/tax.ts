import type { RequestContext } from '../../kernel/request-context.ts';
import { TAX_PATHS as P } from '../../modules/tax/index.ts';

/** Tax classes as migration 0018 creates them. */
export const TAX_CLASS = { taxable: 1, retail: 2, reduced: 3, books: 4 } as const;

async function must<T>(p: Promise<{ ok: true; value: T } | { ok: false; messages: string[] }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`Demo tax: ${r.messages.join('; ')}`);
  return r.value;
}

/**
 * VAT for the demo: Swedish moms at 25 % (Taxable Goods), 12 % (Reduced Rate Goods: food, hotels) and 6 % (Books
 * and Newspapers), and a sample US sales tax of 8.25 % for California's postcodes (90000–96199). The Default Store
 * View keeps prices excluding tax; the Swedish Store View enters and shows prices including moms.
 */
export async function seedTax(rc: RequestContext, swedishViewId: number) {
  const tax = rc.app.services.tax;
  const rate = (code: string, countryId: string, value: string, range?: [string, string]) =>
    must(
      tax.saveRate(rc, {
        code,
        countryId,
        zipIsRange: !!range,
        postcode: '*',
        zipFrom: range?.[0] ?? '',
        zipTo: range?.[1] ?? '',
        rate: value,
      }),
    );
  const se25 = await rate('SE-25', 'SE', '25');
  const se12 = await rate('SE-12', 'SE', '12');
  const se6 = await rate('SE-6', 'SE', '6');
  const usCa = await rate('US-CA', 'US', '8.25', ['90000', '96199']);
  const rule = (code: string, productClasses: number[], rates: number[], position: number) =>
    must(tax.saveRule(rc, { code, customerClasses: [TAX_CLASS.retail], productClasses, rates, priority: '0', position: String(position) }));
  await rule('Moms 25 %', [TAX_CLASS.taxable], [se25], 10);
  await rule('Moms 12 %', [TAX_CLASS.reduced], [se12], 20);
  await rule('Moms 6 %', [TAX_CLASS.books], [se6], 30);
  await rule('US-CA Sales Tax', [TAX_CLASS.taxable, TAX_CLASS.reduced, TAX_CLASS.books], [usCa], 40);

  const incl = '2';
  const saved = await rc.app.services.config.save(rc, 'stores', swedishViewId, [
    { path: P.priceIncludesTax, value: '1' },
    { path: P.shippingIncludesTax, value: '1' },
    { path: P.shippingClass, value: String(TAX_CLASS.taxable) },
    { path: P.defaultCountry, value: 'SE' },
    { path: P.displayPrice, value: incl },
    { path: P.displayShipping, value: incl },
    { path: P.cartPrice, value: incl },
    { path: P.cartSubtotal, value: incl },
    { path: P.cartShipping, value: incl },
    { path: P.cartFullSummary, value: '1' },
    { path: P.salesPrice, value: incl },
    { path: P.salesSubtotal, value: incl },
    { path: P.salesShipping, value: incl },
    { path: P.salesFullSummary, value: '1' },
  ]);
  if (!saved.ok) throw new Error(`Demo tax settings: ${saved.messages.join('; ')}`);
}
