import { z } from 'zod';
import { addressFields, addressFromFields } from '../../../http/address-form.ts';
import { checked, idOf, ids, str } from '../../../http/form.ts';
import type { QuoteChoices } from '../../checkout/index.ts';

/**
 * The Create New Order forms, parsed at the edge. Like the checkout's, they never reject a form themselves: a
 * missing or malformed value becomes one the services refuse with their usual message.
 */
const text = z.unknown().optional().transform(str);
const flag = z.unknown().optional().transform(checked);
const id = z.unknown().optional().transform(idOf);
/** A typed quantity: digits only, anything else -1 (refused by the cart code). */
const qtyOf = (v: unknown) => (/^\d{1,6}$/.test(str(v).trim()) ? Number(str(v).trim()) : -1);

export const startForm = z.object({ customer_id: id, store_id: id });

/** The page's choices, submitted by every button of the create page, and the product search typed. */
export const choicesForm = addressFields
  .extend({
    address_id: text.transform((s) => s || 'new'),
    shipping_method: text,
    payment_method: text,
    order_comment: text,
    append_comments: flag,
    send_confirmation: flag,
    search: text,
  })
  .transform((f) => {
    const choices: QuoteChoices = {
      addressId: f.address_id,
      address: addressFromFields(f),
      shipping: f.shipping_method,
      payment: f.payment_method,
      comment: f.order_comment,
      notify: f.send_confirmation,
      appendComment: f.append_comments,
    };
    return { choices, search: f.search.trim().slice(0, 100) };
  });

/** "Add Selected Product(s) to Order": the ticked `product` ids with their `qty[<product id>]`. */
export const addProductsForm = z
  .record(z.string(), z.unknown())
  .transform((b) =>
    [...new Set(ids(b.product))].map((productId) => ({ productId, qty: b[`qty[${productId}]`] === undefined ? 1 : qtyOf(b[`qty[${productId}]`]) })),
  );

/** "Update Items and Quantities": `item[<line id>][qty]`, and `item[<line id>][remove]` (quantity 0). */
export const quoteItemsForm = z.record(z.string(), z.unknown()).transform((b) => {
  const quantities = new Map<number, number>();
  for (const [k, v] of Object.entries(b)) {
    const m = /^item\[(\d{1,9})\]\[qty\]$/.exec(k);
    if (m) quantities.set(Number(m[1]), checked(b[`item[${m[1]}][remove]`]) ? 0 : qtyOf(v));
  }
  for (const k of Object.keys(b)) {
    const m = /^item\[(\d{1,9})\]\[remove\]$/.exec(k);
    if (m && checked(b[k])) quantities.set(Number(m[1]), 0);
  }
  return quantities;
});
