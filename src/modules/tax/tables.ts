import type { Generated } from 'kysely';

/** Tax classes, rates and rules (migration 0018). Rates are integer millionths of the amount (25 % = 250000). */
export interface TaxTables {
  tax_classes: { id: Generated<number>; class_name: string; class_type: 'PRODUCT' | 'CUSTOMER' };
  tax_rates: {
    id: Generated<number>;
    code: string;
    tax_country_id: string;
    /** A postcode or prefix with `*` ("*" = every postcode); unused when zip_is_range is 1. */
    tax_postcode: Generated<string>;
    zip_is_range: Generated<number>;
    zip_from: Generated<string>;
    zip_to: Generated<string>;
    rate: number;
    updated_at: string;
  };
  tax_rules: { id: Generated<number>; code: string; priority: Generated<number>; position: Generated<number>; updated_at: string };
  tax_rule_links: { rule_id: number; link_type: 'customer' | 'product' | 'rate'; link_id: number };
}
