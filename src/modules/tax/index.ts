/**
 * The tax module's public surface: setting paths, ACL ids, the display choices and the plain types of taxed
 * totals other modules (catalog, checkout, sales, api) show. The arithmetic itself is in calculate.ts (pure).
 */
import type { Minor } from '../../kernel/money.ts';
import type { TaxTotals } from './calculate.ts';

export type { AppliedRate, RateAmount, TaxAlgorithm, TaxedLine, TaxLineInput, TaxSettings, TaxTotals } from './calculate.ts';
export { calculateTax, displayPrice, formatPercent, parsePercent, refundTaxFor, shareFor } from './calculate.ts';

/** Stores > Configuration > Sales > Tax. */
export const TAX_PATHS = {
  shippingClass: 'tax/classes/shipping_tax_class',
  defaultProductClass: 'tax/classes/default_product_tax_class',
  defaultCustomerClass: 'tax/classes/default_customer_tax_class',
  algorithm: 'tax/calculation/algorithm',
  basedOn: 'tax/calculation/based_on',
  priceIncludesTax: 'tax/calculation/price_includes_tax',
  shippingIncludesTax: 'tax/calculation/shipping_includes_tax',
  defaultCountry: 'tax/defaults/country',
  defaultPostcode: 'tax/defaults/postcode',
  displayPrice: 'tax/display/type',
  displayShipping: 'tax/display/shipping',
  cartPrice: 'tax/cart_display/price',
  cartSubtotal: 'tax/cart_display/subtotal',
  cartShipping: 'tax/cart_display/shipping',
  cartGrandTotal: 'tax/cart_display/grandtotal',
  cartFullSummary: 'tax/cart_display/full_summary',
  salesPrice: 'tax/sales_display/price',
  salesSubtotal: 'tax/sales_display/subtotal',
  salesShipping: 'tax/sales_display/shipping',
  salesGrandTotal: 'tax/sales_display/grandtotal',
  salesFullSummary: 'tax/sales_display/full_summary',
} as const;

/** Magento's values: 1 Excluding Tax, 2 Including Tax, 3 Including and Excluding Tax. */
export type PriceDisplay = 'excl' | 'incl' | 'both';
export const displayOf = (v: string): PriceDisplay => (v === '2' ? 'incl' : v === '3' ? 'both' : 'excl');

/** How one place (cart or sales documents) shows prices, subtotal, shipping and the grand total. */
export interface TaxDisplay {
  price: PriceDisplay;
  subtotal: PriceDisplay;
  shipping: PriceDisplay;
  /** Include Tax In Order Total: the grand total is shown excluding and including tax. */
  grandTotalBoth: boolean;
  /** Display Full Tax Summary: one tax line per rate. */
  fullSummary: boolean;
  /** Price Display Settings > Display Shipping Prices: the price beside each shipping method. */
  shippingPrice: PriceDisplay;
}

/** ACL resources: Stores > Tax Zones and Rates, Tax Rules, and the Tax configuration section. */
export const TAX_RESOURCE = 'stores.taxes';
export const TAX_RATES_RESOURCE = 'stores.taxes.rates';
export const TAX_RULES_RESOURCE = 'stores.taxes.rules';
export const TAX_CONFIG_RESOURCE = 'stores.settings.config.tax';
/** The version stamp of classes, rates and rules, bumped on every save. */
export const TAX_CACHE = 'tax';

/** The product tax class "None": no rule names it, so nothing is charged. */
export const NO_TAX_CLASS = 0;

export interface TaxClass {
  id: number;
  class_name: string;
  class_type: 'PRODUCT' | 'CUSTOMER';
}

/** Where tax is charged: a country and a postcode (empty = unknown, only rates for every postcode match). */
export interface TaxDestination {
  countryId: string;
  postcode: string;
}

/** Taxed totals of a cart as the cart and checkout show them, with how to show them. */
export interface CartTotals extends TaxTotals {
  display: TaxDisplay;
}

/** A shown unit price, excluding and including tax. */
export interface ShownPrice {
  excl: Minor;
  incl: Minor;
}

/** A tax rate as stored: rate in millionths; a postcode pattern, or a range when zip_is_range is 1. */
export interface TaxRate {
  id: number;
  code: string;
  tax_country_id: string;
  tax_postcode: string;
  zip_is_range: number;
  zip_from: string;
  zip_to: string;
  rate: number;
  updated_at: string;
}

export interface TaxRule {
  id: number;
  code: string;
  priority: number;
  position: number;
  updated_at: string;
}
