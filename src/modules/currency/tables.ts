/** Manual exchange rates, base currency → display currency (Stores > Currency Rates). */
export interface CurrencyTables {
  currency_rates: { currency_from: string; currency_to: string; rate: string; updated_at: string };
}
