import type { Generated } from 'kysely';

export interface CheckoutTables {
  carts: {
    id: Generated<number>;
    customer_id: number | null;
    website_id: number;
    store_view_id: number;
    is_active: Generated<number>;
    /** Admin order creation: the admin user whose quote this is (null for storefront carts). */
    quote_admin_id: number | null;
    /** Admin order creation: the page's choices so far (JSON text). */
    quote_state: string | null;
    /** The Shipping step's choices (CheckoutState as JSON), or null before the step is done. */
    checkout_json: Generated<string | null>;
    created_at: string;
    updated_at: string;
  };
  cart_items: {
    id: Generated<number>;
    cart_id: number;
    product_id: number;
    qty: number;
    added_by_admin_id: number | null;
    created_at: string;
    updated_at: string;
  };
}
