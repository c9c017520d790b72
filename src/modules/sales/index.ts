/**
 * The sales module's public surface: order states, the order-placed event, the admin ACL ids and the plain types
 * other modules (checkout, Login as Customer, the seed) use. Nothing here reaches the repository or the routes.
 */
import type { RequestContext } from '../../kernel/request-context.ts';
import { type DisplayCurrency, parseRate, RATE_SCALE } from '../../kernel/money.ts';
import type { PostalAddress } from '../customers/index.ts';

export const STATE_LABELS: Record<string, string> = {
  pending: 'Pending',
  processing: 'Processing',
  complete: 'Complete',
  closed: 'Closed',
  canceled: 'Canceled',
  holded: 'On Hold',
};

export const TOTAL_CHANGED = 'The order total is not the one shown when you placed the order. Please check the updated totals and place the order again.';

/** Refusal code of placeOrder when there is no cart to place (the checkout sends the shopper back to the cart). */
export const CART_EMPTY = 'cart_empty';

/** Admin ACL resources of the order actions. */
export const SALES_ACL = {
  view: 'sales.operations.orders.actions.view',
  invoice: 'sales.operations.orders.actions.invoice',
  ship: 'sales.operations.orders.actions.ship',
  creditmemo: 'sales.operations.orders.actions.creditmemo',
  cancel: 'sales.operations.orders.actions.cancel',
  hold: 'sales.operations.orders.actions.hold',
  comment: 'sales.operations.orders.actions.comment',
  reorder: 'sales.operations.orders.actions.reorder',
  create: 'sales.operations.orders.actions.create',
};

export type DocumentKind = 'invoices' | 'shipments' | 'credit_memos';

/** An address as typed at checkout (same shape as the address book's input). */
export interface OrderAddressInput extends PostalAddress {
  /** Address-book flags, accepted and ignored (an order address is never a default). */
  defaultBilling?: boolean;
  defaultShipping?: boolean;
}

export interface PlaceOrderInput {
  email: string;
  address: OrderAddressInput;
  /** A billing address other than the shipping address (absent: the order is billed to the shipping address). */
  billingAddress?: OrderAddressInput;
  shippingMethod: string;
  paymentMethod: string;
  /** Customers: keep the typed address in the address book. */
  saveInAddressBook?: boolean;
  /** The grand total the checkout page showed (minor units): when given, the order is placed only at it. */
  shownGrandTotal?: number;
  /** Queue the order confirmation email (default yes; admin order creation's "Email Order Confirmation"). */
  sendConfirmation?: boolean;
}

export interface RefundInput {
  qtys: Map<number, number>;
  backToStock: boolean;
  shipping: number;
  adjustmentPositive: number;
  adjustmentNegative: number;
}

export interface TrackInput {
  carrier: string;
  title: string;
  number: string;
}

/** An order as other modules see it. */
export interface Order {
  id: number;
  increment_id: string;
  store_view_id: number;
  website_id: number;
  customer_id: number | null;
  customer_email: string;
  customer_firstname: string;
  customer_lastname: string;
  customer_group_id: number;
  state: string;
  status: string;
  /** Excluding tax; grand_total = subtotal + shipping_amount + tax_amount. */
  subtotal: number;
  shipping_amount: number;
  tax_amount: number;
  subtotal_incl_tax: number;
  shipping_incl_tax: number;
  grand_total: number;
  total_invoiced: number;
  total_refunded: number;
  shipping_method: string;
  shipping_description: string;
  payment_method: string;
  cart_id: number | null;
  created_at: string;
  base_currency_code: string;
  order_currency_code: string;
  /** Decimal text, e.g. "10.5". */
  base_to_order_rate: string;
}

/** The currencies an order was placed in: amounts kept and charged in its base, shown in its order currency. */
export function orderCurrency(o: Pick<Order, 'base_currency_code' | 'order_currency_code' | 'base_to_order_rate'>): DisplayCurrency {
  return { base: o.base_currency_code, code: o.order_currency_code, rate: parseRate(o.base_to_order_rate) ?? RATE_SCALE };
}

/** Runs inside the transaction that placed an order (e.g. assisted-order comments). */
export type OrderPlacedListener = (rc: RequestContext, order: Order) => Promise<void>;
