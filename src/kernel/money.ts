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
  return f.format(amount / 10 ** currencyDigits(currency));
}

/** Plain decimal for form inputs and exports. */
export const toDecimal = (amount: Minor) => (amount / 100).toFixed(2);

/** The currency every price is kept in. */
export const BASE_CURRENCY = 'USD';

/** A currency's name in a locale ("US Dollar", "amerikansk dollar"). */
export function currencyName(currency = BASE_CURRENCY, locale = 'en_US'): string {
  return new Intl.DisplayNames([locale.replace('_', '-')], { type: 'currency' }).of(currency) ?? currency;
}

/** Minor-unit digits of a currency (2 for USD and SEK, 0 for JPY), as Intl knows them. */
const digitsCache = new Map<string, number>();
export function currencyDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    d = new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, d);
  }
  return d;
}

/** Exchange rates are kept as integer millionths ("10.123456" = 10_123_456): exact, and six decimals as typed. */
export type RateMicro = number;
export const RATE_SCALE = 1_000_000;
/** The largest rate accepted (a million units of the display currency per base unit). */
export const MAX_RATE_MICRO: RateMicro = 1_000_000 * RATE_SCALE;

/** Parses a rate typed as a positive decimal with at most six decimals; null for anything else. */
export function parseRate(input: string): RateMicro | null {
  const s = input.trim();
  if (!/^\d{1,7}(\.\d{1,6})?$/.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  const micro = Number(whole) * RATE_SCALE + Number(frac.padEnd(6, '0'));
  return micro > 0 && micro <= MAX_RATE_MICRO ? micro : null;
}

/** A rate as its shortest decimal ("10.5", "1"). */
export function formatRate(micro: RateMicro): string {
  const whole = Math.floor(micro / RATE_SCALE);
  const frac = String(micro % RATE_SCALE)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

/**
 * Converts an amount in minor units of one currency into minor units of another at a rate in millionths.
 * The one rounding rule: each amount is rounded on its own, half away from zero (2.5 öre → 3, −2.5 → −3).
 * BigInt keeps it exact for any amount up to MAX_MINOR at any rate up to MAX_RATE_MICRO.
 */
export function convertMinor(amount: Minor, rate: RateMicro, fromDigits = 2, toDigits = 2): Minor {
  if (!Number.isSafeInteger(amount) || !Number.isSafeInteger(rate) || rate <= 0) throw new RangeError('convertMinor: integer amount and positive rate');
  const shift = toDigits - fromDigits;
  let num = BigInt(Math.abs(amount)) * BigInt(rate);
  let den = BigInt(RATE_SCALE);
  if (shift > 0) num *= 10n ** BigInt(shift);
  else if (shift < 0) den *= 10n ** BigInt(-shift);
  const q = (num * 2n + den) / (den * 2n);
  const result = Number(q);
  return amount < 0 ? -result : result;
}

/** What prices are shown in: the base currency they are kept in, the display currency and the rate between them. */
export interface DisplayCurrency {
  base: string;
  code: string;
  rate: RateMicro;
}

export const BASE_DISPLAY: DisplayCurrency = { base: BASE_CURRENCY, code: BASE_CURRENCY, rate: RATE_SCALE };

/** A base amount in the display currency's minor units. */
export function toDisplay(amount: Minor, c: DisplayCurrency): Minor {
  if (c.code === c.base) return amount;
  return convertMinor(amount, c.rate, currencyDigits(c.base), currencyDigits(c.code));
}

/** The one call views make: a base amount converted and formatted for the viewer (base currency when none is set). */
export function displayMoney(viewer: { locale: string; currency?: DisplayCurrency }, amount: Minor): string {
  const c = viewer.currency ?? BASE_DISPLAY;
  return formatMoney(toDisplay(amount, c), c.code, viewer.locale);
}

/** Base amount, and when the order was shown in another currency that amount too: "$100.00 [SEK 1,045.00]". */
export function baseAndDisplayMoney(locale: string, amount: Minor, c: DisplayCurrency): string {
  const base = formatMoney(amount, c.base, locale);
  if (c.code === c.base) return base;
  const f = new Intl.NumberFormat(locale.replace('_', '-'), { style: 'currency', currency: c.code, currencyDisplay: 'code' });
  return `${base} [${f.format(toDisplay(amount, c) / 10 ** currencyDigits(c.code))}]`;
}
