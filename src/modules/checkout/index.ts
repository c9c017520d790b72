/** The checkout module's public surface: cart limits, the shipping/payment setting paths and the cart's plain types. */
import type { RequestContext } from '../../kernel/request-context.ts';
import type { PostalAddress } from '../customers/index.ts';
import type { CartTotals } from '../tax/index.ts';

export const MAX_QTY = 10_000;

export const FLATRATE_ACTIVE = 'carriers/flatrate/active';
export const FLATRATE_TITLE = 'carriers/flatrate/title';
export const FLATRATE_PRICE = 'carriers/flatrate/price';
export const FREESHIPPING_ACTIVE = 'carriers/freeshipping/active';
export const FREESHIPPING_TITLE = 'carriers/freeshipping/title';
export const FREESHIPPING_MIN = 'carriers/freeshipping/free_shipping_subtotal';
export const CHECKMO_ACTIVE = 'payment/checkmo/active';
export const CHECKMO_TITLE = 'payment/checkmo/title';

export interface CartLine {
  itemId: number;
  productId: number;
  sku: string;
  name: string;
  urlKey: string;
  qty: number;
  price: number;
  rowTotal: number;
  available: boolean;
  stockQty: number;
  addedByAdminId: number | null;
  /** The product's tax class (0 = None). */
  taxClassId: number;
}

export interface CartView {
  cartId: number | null;
  lines: CartLine[];
  subtotal: number;
  count: number;
}

/** The cart page: its lines and their taxed totals (no shipping yet, at the default tax destination). */
export interface CartPage {
  view: CartView;
  totals: CartTotals;
}

export interface ShippingRate {
  code: 'flatrate_flatrate' | 'freeshipping_freeshipping';
  carrierTitle: string;
  methodTitle: string;
  amount: number;
}

/** An address typed at checkout (the fields of the address form). */
export type CheckoutAddress = PostalAddress;

/** The Shipping step's choices, kept on the cart until the order is placed. */
export interface CheckoutState {
  /** A guest's email (a customer's own is used for them). */
  email: string;
  /** A saved address of the customer, or the typed one. */
  addressId?: number;
  address?: CheckoutAddress;
  saveInAddressBook: boolean;
  shippingMethod: string;
}

/** The Shipping step as submitted: 'new' or a saved address id. */
export interface ShippingStepInput {
  email: string;
  addressId: number | 'new';
  address: CheckoutAddress;
  saveInAddressBook: boolean;
  shippingMethod: string;
}

/** The Review & Payments step as submitted. */
export interface PaymentStepInput {
  paymentMethod: string;
  billingSameAsShipping: boolean;
  billingAddress: CheckoutAddress;
  /** The grand total the page showed (minor units); the order is placed only at it. */
  shownGrandTotal: number;
}

/** The refusal code of a Review & Payments submit that needs the Shipping step (again). */
export const SHIPPING_STEP_NEEDED = 'shipping_step_needed';

export interface PaymentMethod {
  code: string;
  title: string;
}

/** A change of the visitor's cart, as told to onCartChanged listeners (kind and plain values). */
export type CartChange =
  | { kind: 'cart.add'; params: { qty: number; product: string } }
  | { kind: 'cart.update'; params: { product: string; from: number; to: number } }
  | { kind: 'cart.remove'; params: { product: string } };
/** Runs on the handle that changed the cart (inside its transaction when there is one): use only `rc`. */
export type CartChangeListener = (rc: RequestContext, change: CartChange) => Promise<void>;

/** Admin order creation: the create page's choices so far, kept on the quote between its form submits. */
export interface QuoteChoices {
  /** A saved address id of the customer, or 'new' for the typed one. */
  addressId: string;
  address: PostalAddress;
  shipping: string;
  payment: string;
  comment: string;
  /** "Email Order Confirmation". */
  notify: boolean;
  /** "Append Comments": the comment is shown to the customer with the order. */
  appendComment: boolean;
}

/** An admin quote: a cart of a customer in one store view that only the admin panel works on. */
export interface AdminQuote {
  id: number;
  customerId: number;
  storeViewId: number;
  /** False once the quote became an order or was canceled. */
  open: boolean;
  choices?: QuoteChoices;
}
