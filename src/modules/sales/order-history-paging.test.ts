import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../testing/agent.ts';
import { createCustomer, createProduct, placeOrder, signInCustomer } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

describe('My Orders page numbers', () => {
  it('shows an empty page past the last one, however large the number, and the orders on the first', async () => {
    const c = await createCustomer(app);
    const browser = new Agent(app);
    await signInCustomer(browser, c.email);
    const product = await createProduct(app);
    const order = await placeOrder(app, browser, [{ productId: product.id, qty: 1 }]);
    for (const p of ['1.5e91', '1e308', '9007199254740993', '99999999999', '-3', 'abc']) {
      const res = await browser.get(`/sales/order/history?p=${p}`);
      expect(res.statusCode, p).toBe(200);
    }
    expect((await browser.get('/sales/order/history?p=1e308')).body).not.toContain(order.increment_id);
    expect((await browser.get('/sales/order/history?p=1')).body).toContain(order.increment_id);
  });
});
