import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../kernel/request-context.ts';
import { Agent } from '../../testing/agent.ts';
import { unique } from '../../testing/fixtures.ts';
import { ADDRESS, createProduct } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { TOTAL_CHANGED } from '../sales/service.ts';
import { FLATRATE_ACTIVE, FLATRATE_PRICE, FREESHIPPING_ACTIVE, FREESHIPPING_MIN } from './service.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  // Both methods on offer: free shipping from $10 and $5.00 per item.
  const saved = await app.ctx.services.config.save(await systemContext(app.ctx), 'default', 0, [
    { path: FREESHIPPING_ACTIVE, value: '1' },
    { path: FREESHIPPING_MIN, value: '10.00' },
    { path: FLATRATE_ACTIVE, value: '1' },
    { path: FLATRATE_PRICE, value: '5.00' },
  ]);
  if (!saved.ok) throw new Error(saved.messages.join());
});
afterAll(async () => app?.dispose());

/** What a checkout step shows: the checked method, Shipping, Order Total, and the total the form sends. */
function shownOn(html: string) {
  return {
    checked: /name="shipping_method" value="([^"]+)" checked/.exec(html)?.[1],
    shipping: /data-role="shipping-amount">([^<]*)</.exec(html)?.[1],
    total: /data-role="grand-total">([^<]*)</.exec(html)?.[1],
    sent: /name="shown_total" value="([^"]*)"/.exec(html)?.[1],
  };
}

/** A shopper with two items of $60.33 in the cart ($120.66), at checkout. */
async function shopperAtCheckout() {
  const p = await createProduct(app, { price: 6033, qty: 50 });
  const shopper = new Agent(app);
  expect((await shopper.post('/checkout/cart/add', { product: String(p.id), qty: '2' })).statusCode).toBe(303);
  const page = await shopper.get('/checkout');
  expect(page.statusCode).toBe(200);
  return { shopper, page };
}

const shippingForm = (fields: Record<string, string>) => ({ address_id: 'new', email: `${unique('t')}@example.com`, ...ADDRESS, ...fields });
const paymentForm = (fields: Record<string, string>) => ({ payment_method: 'checkmo', billing_same_as_shipping: '1', ...fields });
const orderCount = async () => (await app.ctx.db.selectFrom('orders').select('id').execute()).length;

describe('checkout shows what is charged', () => {
  it('each method has its own Shipping and Order Total, equal on both steps and the live totals, and the order is placed at it', async () => {
    const expected = {
      freeshipping_freeshipping: { shipping: '$0.00', total: '$120.66', cents: 12066 },
      flatrate_flatrate: { shipping: '$10.00', total: '$130.66', cents: 13066 },
    };
    for (const [method, want] of Object.entries(expected)) {
      const { shopper } = await shopperAtCheckout();
      const fields = shippingForm({ shipping_method: method });
      // Without JavaScript: choose the method, "Update totals", see its totals (typed fields kept).
      const updated = await shopper.post('/checkout/updateTotals', fields);
      expect(updated.statusCode).toBe(200);
      expect(shownOn(updated.body)).toEqual({ checked: method, shipping: want.shipping, total: want.total, sent: String(want.cents) });
      expect(updated.body).toContain(`value="${fields.email}"`);
      // With JavaScript: the totals block for that method, from the same service call.
      const live = await shopper.get(`/checkout/totals?shipping_method=${method}`);
      expect(live.statusCode).toBe(200);
      expect(shownOn(live.body)).toEqual({ checked: undefined, shipping: want.shipping, total: want.total, sent: String(want.cents) });
      expect(live.body).not.toContain('<html');
      // "Next", then Review & Payments shows the same totals.
      const next = await shopper.post('/checkout/shipping', fields);
      expect([next.statusCode, next.headers.location]).toEqual([303, '/checkout/payment']);
      const review = await shopper.get('/checkout/payment');
      expect(review.statusCode).toBe(200);
      expect(shownOn(review.body)).toMatchObject({ shipping: want.shipping, total: want.total, sent: String(want.cents) });
      const placed = await shopper.post('/checkout/placeOrder', paymentForm({ shown_total: String(want.cents) }));
      expect(placed.statusCode, placed.body.slice(0, 500)).toBe(303);
      const order = await app.ctx.db.selectFrom('orders').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect([order.shipping_method, order.grand_total, order.customer_email]).toEqual([method, want.cents, fields.email.toLowerCase()]);
    }
  });

  it('refuses an order whose shown total is not the one it would be charged, showing the recalculated totals', async () => {
    const { shopper, page } = await shopperAtCheckout();
    // The page opens on Free Shipping.
    expect(shownOn(page.body)).toEqual({ checked: 'freeshipping_freeshipping', shipping: '$0.00', total: '$120.66', sent: '12066' });
    const before = await orderCount();
    expect((await shopper.post('/checkout/shipping', shippingForm({ shipping_method: 'flatrate_flatrate' }))).statusCode).toBe(303);
    // A total other than the one Review & Payments shows ($130.66) is refused, and the step shows the right one.
    const refused = await shopper.post('/checkout/placeOrder', paymentForm({ shown_total: '12066' }));
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(TOTAL_CHANGED);
    expect(shownOn(refused.body)).toMatchObject({ shipping: '$10.00', total: '$130.66', sent: '13066' });
    // A submit without any shown total (or a malformed one) is refused the same way.
    for (const shown of [undefined, '', '130.66', '-1']) {
      const res = await shopper.post('/checkout/placeOrder', shown === undefined ? paymentForm({}) : paymentForm({ shown_total: shown }));
      expect(res.statusCode, String(shown)).toBe(400);
      expect(res.body).toContain(TOTAL_CHANGED);
    }
    expect(await orderCount()).toBe(before);
    expect((await shopper.get('/checkout/cart')).body).toContain('$120.66');
    // Placed once the shopper has seen the total.
    expect((await shopper.post('/checkout/placeOrder', paymentForm({ shown_total: '13066' }))).statusCode).toBe(303);
    expect((await app.ctx.db.selectFrom('orders').select('grand_total').orderBy('id', 'desc').executeTakeFirstOrThrow()).grand_total).toBe(13066);
  });

  it('a price change after the page was shown is refused too', async () => {
    const { shopper } = await shopperAtCheckout();
    expect((await shopper.post('/checkout/shipping', shippingForm({ shipping_method: 'freeshipping_freeshipping' }))).statusCode).toBe(303);
    const shown = shownOn((await shopper.get('/checkout/payment')).body).sent!;
    const item = await app.ctx.db.selectFrom('cart_items').select('product_id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    await app.ctx.db.updateTable('products').set({ price: 7000 }).where('id', '=', item.product_id).execute();
    const res = await shopper.post('/checkout/placeOrder', paymentForm({ shown_total: shown }));
    expect(res.statusCode).toBe(400);
    expect(shownOn(res.body).total).toBe('$140.00');
  });

  it('Update totals needs the form key and a cart; the live totals need a cart', async () => {
    const { shopper } = await shopperAtCheckout();
    const forged = await shopper.post('/checkout/updateTotals', { ...shippingForm({ shipping_method: 'flatrate_flatrate' }), form_key: 'forged' });
    expect([forged.statusCode, forged.headers.location]).toEqual([303, '/']);
    const empty = await new Agent(app).post('/checkout/updateTotals', shippingForm({ shipping_method: 'flatrate_flatrate' }));
    expect([empty.statusCode, empty.headers.location]).toEqual([303, '/checkout/cart']);
    expect((await new Agent(app).get('/checkout/totals?shipping_method=flatrate_flatrate')).statusCode).toBe(204);
    // An unknown method shows the totals of the first method on offer.
    expect(shownOn((await shopper.get('/checkout/totals?shipping_method=nope')).body).total).toBe('$120.66');
  });
});
