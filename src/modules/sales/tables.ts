import type { Generated } from 'kysely';

/** The address columns an order keeps its own copy of (same as the address book's). */
interface OrderAddressColumns {
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

interface SalesDocument {
  id: Generated<number>;
  increment_id: string;
  order_id: number;
  store_view_id: number;
  state: string;
  subtotal: Generated<number>;
  shipping_amount: Generated<number>;
  adjustment_positive: Generated<number>;
  adjustment_negative: Generated<number>;
  grand_total: Generated<number>;
  total_qty: Generated<number>;
  /** Tax carried (migration 0018; 0 on shipments). */
  subtotal_incl_tax: Generated<number>;
  tax_amount: Generated<number>;
  shipping_tax_amount: Generated<number>;
  admin_id: number | null;
  created_at: string;
}

interface DocumentItem {
  id: Generated<number>;
  parent_id: number;
  order_item_id: number;
  qty: number;
  row_total: Generated<number>;
  back_to_stock: Generated<number>;
  tax_amount: Generated<number>;
}

export interface SalesTables {
  sequences: { name: string; value: Generated<number> };
  orders: {
    id: Generated<number>;
    increment_id: string;
    store_view_id: number;
    website_id: number;
    customer_id: number | null;
    customer_email: string;
    customer_firstname: string;
    customer_lastname: string;
    customer_group_id: Generated<number>;
    state: string;
    status: string;
    hold_before_state: string | null;
    hold_before_status: string | null;
    subtotal: number;
    shipping_amount: Generated<number>;
    grand_total: number;
    total_invoiced: Generated<number>;
    total_refunded: Generated<number>;
    shipping_method: string;
    shipping_description: string;
    payment_method: string;
    cart_id: number | null;
    placed_by_admin_id: number | null;
    created_at: string;
    updated_at: string;
    /** The currency amounts are kept and charged in, the one the shopper saw, and the rate between (decimal text). */
    base_currency_code: Generated<string>;
    order_currency_code: Generated<string>;
    base_to_order_rate: Generated<string>;
    /** Amounts are excluding tax; grand_total = subtotal + shipping_amount + tax_amount (migration 0018). */
    subtotal_incl_tax: Generated<number>;
    tax_amount: Generated<number>;
    shipping_tax_amount: Generated<number>;
    shipping_incl_tax: Generated<number>;
  };
  order_items: {
    id: Generated<number>;
    order_id: number;
    product_id: number | null;
    sku: string;
    name: string;
    price: number;
    qty_ordered: number;
    qty_invoiced: Generated<number>;
    qty_shipped: Generated<number>;
    qty_refunded: Generated<number>;
    qty_canceled: Generated<number>;
    row_total: number;
    price_incl_tax: Generated<number>;
    row_total_incl_tax: Generated<number>;
    tax_amount: Generated<number>;
    /** The combined rate charged, in millionths. */
    tax_percent: Generated<number>;
  };
  /** The tax of each rate applied to an order, as it was when the order was placed. */
  order_tax: { id: Generated<number>; order_id: number; code: string; percent: number; amount: number };
  order_addresses: OrderAddressColumns & { id: Generated<number>; order_id: number; address_type: string };
  order_comments: {
    id: Generated<number>;
    order_id: number;
    comment: string;
    status: string;
    is_customer_notified: Generated<number>;
    is_visible_on_front: Generated<number>;
    admin_id: number | null;
    created_at: string;
  };
  invoices: SalesDocument;
  shipments: SalesDocument;
  credit_memos: SalesDocument;
  invoice_items: DocumentItem;
  shipment_items: DocumentItem;
  credit_memo_items: DocumentItem;
  shipment_tracks: { id: Generated<number>; shipment_id: number; carrier: string; title: string; number: string };
}
