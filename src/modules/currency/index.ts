/** The currency module's public surface: setting paths, the rates resource, the currencies on offer. */
import type { Services } from '../../kernel/services.ts';

/** General > Currency Setup > Currency Options: Base Currency (default, websites). */
export const CURRENCY_BASE = 'currency/options/base';
/** Default Display Currency (default, websites, store views). */
export const CURRENCY_DEFAULT = 'currency/options/default';
/** Allowed Currencies, comma-separated codes (default, websites, store views). */
export const CURRENCY_ALLOW = 'currency/options/allow';

/** ACL resources of Stores > Currency > Currency Rates. */
export const CURRENCY_RESOURCE = 'stores.currency';
export const CURRENCY_RATES_RESOURCE = 'stores.currency.rates';
/** The version stamp of the rates, bumped on every save. */
export const CURRENCY_RATES_CACHE = 'currency_rates';

/** The currencies a store may be set up with (ISO 4217), with their English names for the settings lists. */
export const CURRENCIES: { code: string; label: string }[] = [
  { code: 'USD', label: 'US Dollar' },
  { code: 'EUR', label: 'Euro' },
  { code: 'GBP', label: 'British Pound' },
  { code: 'SEK', label: 'Swedish Krona' },
  { code: 'NOK', label: 'Norwegian Krone' },
  { code: 'DKK', label: 'Danish Krone' },
];

export type CurrencyService = Services['currency'];
