/** The checkout module's public surface: cart limits, the shipping/payment setting paths and the cart's plain types. */
import type { RequestContext } from '../../kernel/request-context.ts';

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
}

export interface CartView {
  cartId: number | null;
  lines: CartLine[];
  subtotal: number;
  count: number;
}

export interface ShippingRate {
  code: 'flatrate_flatrate' | 'freeshipping_freeshipping';
  carrierTitle: string;
  methodTitle: string;
  amount: number;
}

/** An address typed at checkout (the fields of the address form). */
export interface CheckoutAddress {
  firstname: string;
  lastname: string;
  company: string;
  street: string;
  city: string;
  region: string;
  postcode: string;
  countryId: string;
  telephone: string;
}

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
