import { z } from 'zod';
import { addressFields, addressFromFields } from '../../../http/address-form.ts';
import { checked, idOf, str } from '../../../http/form.ts';
import type { PlaceOrderInput } from '../../sales/index.ts';
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

const checkoutFields = addressFields.extend({
  address_id: text.transform((s) => s || 'new'),
  email: text,
  shipping_method: text,
  payment_method: text,
  save_in_address_book: flag,
  // A missing or malformed total matches no order total, so such a submit is refused like a changed one.
  shown_total: text.transform((s) => (/^\d{1,12}$/.test(s) ? Number(s) : Number.NaN)),
});

/** The checkout form as submitted: the order to place, and the values to show the form again with. */
export const checkoutForm = checkoutFields.transform((f) => {
  const address = addressFromFields(f);
  const saveInAddressBook = f.address_id === 'new' && f.save_in_address_book;
  const input: PlaceOrderInput & { savedAddressId?: number } = {
    email: f.email,
    address,
    shippingMethod: f.shipping_method,
    paymentMethod: f.payment_method,
    saveInAddressBook,
    shownGrandTotal: f.shown_total,
    savedAddressId: f.address_id === 'new' ? undefined : idOf(f.address_id),
  };
  const values: CheckoutValues = {
    email: f.email,
    address,
    addressId: f.address_id,
    shipping: f.shipping_method,
    payment: f.payment_method,
    save: saveInAddressBook,
  };
  return { input, values };
});
