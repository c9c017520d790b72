import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../testing/agent.ts';
import { createCustomer, createProduct, signInCustomer } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { STOREFRONT_COOKIE } from '../customers/session.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

const cartsOf = (customerId: number | null) =>
  (customerId === null
    ? app.ctx.db.selectFrom('carts').selectAll().where('customer_id', 'is', null)
    : app.ctx.db.selectFrom('carts').selectAll().where('customer_id', '=', customerId)
  ).execute();

describe('a refused add to cart leaves nothing behind', () => {
  it('opens no cart and no session for a guest whose quantity or stock is refused', async () => {
    const product = await createProduct(app, { qty: 2 });
    const guest = new Agent(app);
    const guestCarts = (await cartsOf(null)).length;
    for (const qty of ['0', '-1', 'abc', '1.5', '3']) {
      const res = await guest.post('/checkout/cart/add', { product: String(product.id), qty });
      expect(res.statusCode, qty).toBe(303);
      expect(decodeURIComponent(res.cookies.find((c) => c.name === 'concierge_flash')?.value ?? ''), qty).toContain('"type":"error"');
    }
    expect(guest.cookies.has(STOREFRONT_COOKIE)).toBe(false);
    expect(await cartsOf(null)).toHaveLength(guestCarts);
    // The same guest's valid add opens the cart.
    expect((await guest.post('/checkout/cart/add', { product: String(product.id), qty: '2' })).statusCode).toBe(303);
    expect(guest.cookies.has(STOREFRONT_COOKIE)).toBe(true);
    expect(await cartsOf(null)).toHaveLength(guestCarts + 1);
  });

  it('opens no cart for a signed-in customer without one when the add is refused', async () => {
    const product = await createProduct(app, { qty: 1 });
    const c = await createCustomer(app);
    const browser = new Agent(app);
    await signInCustomer(browser, c.email);
    await browser.post('/checkout/cart/add', { product: String(product.id), qty: '5' });
    expect(await cartsOf(c.id)).toEqual([]);
    await browser.post('/checkout/cart/add', { product: String(product.id), qty: '1' });
    expect(await cartsOf(c.id)).toHaveLength(1);
  });
});
