import { z } from 'zod';
import { addressFields, addressFromFields } from '../../../http/address-form.ts';
import { checked, idOf, str } from '../../../http/form.ts';
import type { PaymentStepInput, ShippingStepInput } from '../index.ts';
import type { CheckoutValues } from '../views/checkout.tsx';

/**
 * The cart and checkout forms, parsed at the edge. Fields keep today's leniency (a missing or malformed value
 * becomes the value the service refuses with its usual message), so the schemas never reject a form themselves.
 */
const text = z.unknown().optional().transform(str);
const flag = z.unknown().optional().transform(checked);
const id = z.unknown().optional().transform(idOf);
/** A quantity typed in a cart or document form: digits only, anything else -1 (refused by the service). */
export const typedQty = z
  .unknown()
  .optional()
  .transform((v) => (/^\d{1,6}$/.test(str(v).trim()) ? Number(str(v).trim()) : -1));

export const cartAddForm = z.object({
  product: id,
  qty: z
    .unknown()
    .optional()
    .transform((v) => Number(str(v) || '1')),
});
export const cartDeleteForm = z.object({ id });

/** `cart[<item id>][qty]` fields → new quantity by item id. */
export const cartUpdateForm = z.record(z.string(), z.unknown()).transform((b) => {
  const quantities = new Map<number, number>();
  for (const [k, v] of Object.entries(b)) {
    const m = /^cart\[(\d+)\]\[qty\]$/.exec(k);
    if (m) quantities.set(Number(m[1]), typedQty.parse(v));
  }
  return quantities;
});

/** The Shipping step as submitted: the choices to save, and the values to show the step again with. */
export const shippingStepForm = addressFields
  .extend({
    address_id: text.transform((s) => s || 'new'),
    email: text,
    shipping_method: text,
    save_in_address_book: flag,
  })
  .transform((f) => {
    const address = addressFromFields(f);
    // A malformed address id matches no saved address (0), so it is refused like someone else's.
    const addressId = f.address_id === 'new' ? ('new' as const) : (idOf(f.address_id) ?? 0);
    const input: ShippingStepInput = { email: f.email, addressId, address, saveInAddressBook: f.save_in_address_book, shippingMethod: f.shipping_method };
    const values: CheckoutValues = { email: f.email, address, addressId: f.address_id, shipping: f.shipping_method, save: f.save_in_address_book };
    return { input, values };
  });

/** The billing address fields of the Review & Payments step (`billing_firstname`, …). */
const billingFields = z.object(
  Object.fromEntries(Object.keys(addressFields.shape).map((k) => [`billing_${k}`, text])) as Record<`billing_${keyof typeof addressFields.shape}`, typeof text>,
);

/** The Review & Payments step as submitted. */
export const paymentStepForm = billingFields
  .extend({
    payment_method: text,
    billing_same_as_shipping: flag,
    // A missing or malformed total matches no order total, so such a submit is refused like a changed one.
    shown_total: text.transform((s) => (/^\d{1,12}$/.test(s) ? Number(s) : Number.NaN)),
  })
  .transform((f) => {
    const billing = addressFromFields({
      firstname: f.billing_firstname,
      lastname: f.billing_lastname,
      company: f.billing_company,
      street: f.billing_street,
      city: f.billing_city,
      region: f.billing_region,
      postcode: f.billing_postcode,
      country_id: f.billing_country_id,
      telephone: f.billing_telephone,
    });
    const input: PaymentStepInput = {
      paymentMethod: f.payment_method,
      billingSameAsShipping: f.billing_same_as_shipping,
      billingAddress: billing,
      shownGrandTotal: f.shown_total,
    };
    const values: CheckoutValues = { payment: f.payment_method, billingSame: f.billing_same_as_shipping, billing };
    return { input, values };
  });

/** The live totals' query: the shipping method to show the totals for. */
export const totalsQuery = z.object({ shipping_method: text });
