/** Money is kept as integer minor units (cents) everywhere; only formatting and parsing touch decimals. */
export type Minor = number;

/** Parses "12.5", "12.50", "12" into minor units; returns null for anything else. */
export function parseMoney(input: string): Minor | null {
  const s = input.trim();
  if (!/^\d{1,10}(\.\d{1,2})?$/.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

// Building an Intl.NumberFormat costs far more than using one (it was a third of an uncached page's time).
const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(amount: Minor, currency = 'USD', locale = 'en_US'): string {
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(locale.replace('_', '-'), { style: 'currency', currency })));
  return f.format(amount / 100);
}

/** Plain decimal for form inputs and exports. */
export const toDecimal = (amount: Minor) => (amount / 100).toFixed(2);
