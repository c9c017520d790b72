/** Money is kept as integer minor units (cents) everywhere; only formatting and parsing touch decimals. */
export type Minor = number;

/** The largest amount a money column holds: its minor units are a 32-bit integer on PostgreSQL. */
export const MAX_MINOR: Minor = 2_147_483_647;

/** Parses "12.5", "12.50", "12" into minor units; returns null for anything else, or more than a column holds. */
export function parseMoney(input: string): Minor | null {
  const s = input.trim();
  if (!/^\d{1,10}(\.\d{1,2})?$/.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  const minor = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return minor <= MAX_MINOR ? minor : null;
}

// Building an Intl.NumberFormat costs far more than using one (it was a third of an uncached page's time).
const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(amount: Minor, currency = 'USD', locale = 'en_US'): string {
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale.replace('_', '-'), { style: 'currency', currency });
    formatters.set(key, f);
  }
  return f.format(amount / 100);
}

/** Plain decimal for form inputs and exports. */
export const toDecimal = (amount: Minor) => (amount / 100).toFixed(2);

/** The currency every price is kept in. */
export const BASE_CURRENCY = 'USD';

/** A currency's name in a locale ("US Dollar", "amerikansk dollar"). */
export function currencyName(currency = BASE_CURRENCY, locale = 'en_US'): string {
  return new Intl.DisplayNames([locale.replace('_', '-')], { type: 'currency' }).of(currency) ?? currency;
}
