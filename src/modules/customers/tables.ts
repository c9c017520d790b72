import type { Generated } from 'kysely';

export interface AddressColumns {
  firstname: string;
  lastname: string;
  company: Generated<string>;
  street: string;
  city: string;
  region: Generated<string>;
  postcode: string;
  country_id: string;
  telephone: string;
}

export interface CustomersTables {
  /** tax_class_id: the group's customer tax class (migration 0018). */
  customer_groups: { id: Generated<number>; code: string; is_system: Generated<number>; tax_class_id: Generated<number> };
  customers: {
    id: Generated<number>;
    website_id: number;
    store_view_id: number;
    group_id: number;
    email: string;
    firstname: string;
    lastname: string;
    password_hash: string | null;
    is_active: Generated<number>;
    assistance_allowed: Generated<number>;
    /** When a time-limited consent runs out (null: until the customer turns it off). */
    assistance_expires_at?: string | null;
    /** Consecutive failed sign-ins (reset by a successful one, an unlock, or a new count after a lock ran out). */
    failures_num: Generated<number>;
    /** When the sign-in lockout ends; null when the account is not locked. */
    lock_expires?: string | null;
    /** 'staff' | 'vip' | 'fraud_hold': assisted sessions need a second admin's approval (migration 0021); null: not protected. */
    protected_reason?: 'staff' | 'vip' | 'fraud_hold' | null;
    default_billing_id: number | null;
    default_shipping_id: number | null;
    created_at: string;
    updated_at: string;
    updated_by_admin_id: number | null;
  };
  customer_consents: {
    id: Generated<number>;
    customer_id: number;
    allowed: number;
    surface: string;
    admin_id: number | null;
    admin_username: string | null;
    ip: Generated<string>;
    created_at: string;
    expires_at?: string | null;
  };
  customer_addresses: AddressColumns & {
    id: Generated<number>;
    customer_id: number;
    created_at: string;
    updated_at: string;
    updated_by_admin_id: number | null;
  };
  password_reset_tokens: { token_hash: string; customer_id: number; expires_at: string; used_at: string | null };
  newsletter_subscribers: { id: Generated<number>; customer_id: number; store_view_id: number; status: string; changed_at: string };
  wishlist_items: {
    id: Generated<number>;
    customer_id: number;
    product_id: number;
    store_view_id: number;
    added_by_admin_id: number | null;
    created_at: string;
  };
}
