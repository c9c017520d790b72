import type { RequestContext } from '../../kernel/request-context.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { isEmailAddress } from '../../kernel/email.ts';
import { invalid, ok, refused, type Result } from '../../kernel/result.ts';
import { CART_EMPTY, type OrderAddressInput } from '../sales/index.ts';
import {
  type CartView,
  type CheckoutAddress,
  type CheckoutState,
  type PaymentMethod,
  type PaymentStepInput,
  SHIPPING_STEP_NEEDED,
  type ShippingRate,
  type ShippingStepInput,
} from './index.ts';
import type { CartTotals, TaxDestination } from '../tax/index.ts';
import { cartRepo } from './repo.ts';

/** What the steps need from the cart service (its own methods, so every entry point shares one computation). */
interface CartParts {
  findCartId(rc: RequestContext): Promise<number | null>;
  view(rc: RequestContext, cartId?: number | null): Promise<CartView>;
  shippingRates(rc: RequestContext, subtotal: number, count: number): Promise<ShippingRate[]>;
  paymentMethods(rc: RequestContext): Promise<PaymentMethod[]>;
  /** The cart's taxed totals (the same call placement makes, so the total shown is the total charged). */
  taxedTotals(rc: RequestContext, lines: CartView['lines'], o: { shipping: ShippingRate | null; address: TaxDestination | null }): Promise<CartTotals>;
  destinationOf(a: Pick<OrderAddressInput, 'countryId' | 'postcode'> | undefined): TaxDestination | null;
}

/** The totals of a cart for one shipping method: what every checkout page and the live totals show. */
export interface CheckoutTotals {
  cart: CartView;
  rates: ShippingRate[];
  /** The method the totals are for (the one asked for when on offer, else the saved one, else the first). */
  rate: ShippingRate | undefined;
  state: CheckoutState | undefined;
  /** Taxed totals for that method, at the chosen shipping address (else the customer's default, else the default destination). */
  taxed: CartTotals;
}

function parseState(json: string | null | undefined): CheckoutState | undefined {
  if (!json) return undefined;
  try {
    const v = JSON.parse(json) as CheckoutState;
    return typeof v === 'object' && v && typeof v.shippingMethod === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

const orderAddress = (a: CheckoutAddress): OrderAddressInput => ({ ...a });

/** The two checkout steps: Shipping (address and method, kept on the cart) and Review & Payments (the order). */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: the factory only lists the steps' methods; each method is short.
export function createCheckoutSteps(cart: CartParts) {
  async function state(rc: RequestContext, cartId: number | null): Promise<CheckoutState | undefined> {
    if (!cartId) return undefined;
    return parseState((await cartRepo.cart(rc.db, cartId))?.checkout_json);
  }

  /** The cart, the methods on offer and the totals for `shippingMethod` (or the saved or first method). */
  async function totals(rc: RequestContext, shippingMethod?: string): Promise<CheckoutTotals> {
    const view = await cart.view(rc);
    const rates = await cart.shippingRates(rc, view.subtotal, view.count);
    const saved = await state(rc, view.cartId);
    const rate = rates.find((r) => r.code === shippingMethod) ?? rates.find((r) => r.code === saved?.shippingMethod) ?? rates[0];
    const taxed = await cart.taxedTotals(rc, view.lines, { shipping: rate ?? null, address: await destination(rc, saved) });
    return { cart: view, rates, rate, state: saved, taxed };
  }

  /** Where the cart is taxed: the chosen shipping address, else the customer's default shipping address. */
  async function destination(rc: RequestContext, saved: CheckoutState | undefined): Promise<TaxDestination | null> {
    const chosen = saved ? await shippingAddress(rc, saved) : undefined;
    if (chosen) return cart.destinationOf(chosen);
    const customer = rc.locals.customer;
    if (!customer) return null;
    const c = await rc.app.services.customers.byId(rc, customer.id);
    const a = c?.default_shipping_id ? await rc.app.services.customers.address(rc, customer.id, c.default_shipping_id) : undefined;
    return a ? cart.destinationOf({ countryId: a.country_id, postcode: a.postcode }) : null;
  }

  /** The shipping address the saved choices name (a saved address re-read: it may have changed or gone). */
  async function shippingAddress(rc: RequestContext, s: CheckoutState): Promise<CheckoutAddress | undefined> {
    if (s.addressId === undefined) return s.address;
    if (!rc.locals.customer) return undefined;
    const a = await rc.app.services.customers.address(rc, rc.locals.customer.id, s.addressId);
    if (!a) return undefined;
    const { firstname, lastname, company, street, city, region, postcode, telephone } = a;
    return { firstname, lastname, company, street, city, region, postcode, countryId: a.country_id, telephone };
  }

  return {
    checkoutTotals: totals,

    /** The Shipping step's choices saved on this visitor's cart, or undefined. */
    checkoutState: async (rc: RequestContext) => state(rc, await cart.findCartId(rc)),

    /** The address the saved choices ship to, or undefined (no choices yet, or the saved address is gone). */
    chosenShippingAddress: shippingAddress,

    /** Checks the Shipping step and keeps it on the cart; a refusal changes nothing. */
    async saveShipping(rc: RequestContext, input: ShippingStepInput): Promise<Result<null>> {
      const view = await cart.view(rc);
      if (!view.cartId || !view.lines.length) return refused('Your shopping cart is empty.', 'validation', { code: CART_EMPTY });
      const customer = rc.locals.customer;
      const fields: Record<string, string> = {};
      if (!customer && !isEmailAddress(input.email.trim())) fields.email = 'Please enter a valid email address (Ex: johndoe@domain.com).';
      if (input.addressId === 'new')
        Object.assign(fields, rc.app.services.customers.validateAddress({ ...input.address, defaultBilling: false, defaultShipping: false }));
      else if (!customer || !(await rc.app.services.customers.address(rc, customer.id, input.addressId)))
        return invalid('Please choose one of your addresses.', { address_id: 'Please choose one of your addresses.' });
      const rates = await cart.shippingRates(rc, view.subtotal, view.count);
      if (!rates.some((r) => r.code === input.shippingMethod)) fields.shipping_method = 'Please specify a shipping method.';
      if (Object.keys(fields).length) return invalid('Please correct the highlighted fields.', fields);
      const saved: CheckoutState = {
        email: customer ? '' : input.email.trim(),
        ...(input.addressId === 'new' ? { address: input.address } : { addressId: input.addressId }),
        saveInAddressBook: Boolean(customer) && input.addressId === 'new' && input.saveInAddressBook,
        shippingMethod: input.shippingMethod,
      };
      await cartRepo.setCheckoutState(rc.db, view.cartId, JSON.stringify(saved), isoUtc(rc.app.clock.now()));
      return ok(null);
    },

    /**
     * Places the cart as an order from the saved Shipping step and this Review & Payments submit (through the sales
     * service); the session then remembers the order for the success page.
     */
    async placeOrder(rc: RequestContext, input: PaymentStepInput): Promise<Result<{ orderId: number; repeated: boolean }>> {
      const cartId = await cart.findCartId(rc);
      // A repeated submit once the order is placed (the cart is closed): the order this browser placed.
      const lastOrderId = rc.locals.sessionData?.lastOrderId;
      if (!cartId && typeof lastOrderId === 'number' && (await rc.app.services.sales.order(rc, lastOrderId)))
        return ok({ orderId: lastOrderId, repeated: true });
      const saved = await state(rc, cartId);
      const address = saved ? await shippingAddress(rc, saved) : undefined;
      if (!cartId) return refused('Your shopping cart is empty.', 'validation', { code: CART_EMPTY });
      if (!saved || !address) return refused('Please choose a shipping address and method.', 'validation', { code: SHIPPING_STEP_NEEDED });
      const result = await rc.app.services.sales.placeOrder(rc, {
        email: saved.email,
        address: orderAddress(address),
        billingAddress: input.billingSameAsShipping ? undefined : orderAddress(input.billingAddress),
        shippingMethod: saved.shippingMethod,
        paymentMethod: input.paymentMethod,
        saveInAddressBook: saved.saveInAddressBook,
        shownGrandTotal: input.shownGrandTotal,
      });
      if (!result.ok) return result;
      const order = result.value.order;
      await rc.app.services.customers.saveSessionData(rc, { lastOrderId: order.id, lastCartId: order.cart_id ?? undefined, cartId: undefined });
      return ok({ orderId: order.id, repeated: result.value.repeated });
    },
  };
}
