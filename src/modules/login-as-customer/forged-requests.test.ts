import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCustomer, createProduct } from '../../testing/store-fixtures.ts';
import { assistedBrowser } from '../../testing/suites/store-world.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { systemRc } from '../../testing/fixtures.ts';
import { LAC_ENABLED } from './settings.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  const r = await app.ctx.services.config.save(await systemRc(app), 'default', 0, [{ path: LAC_ENABLED, value: '1' }]);
  if (!r.ok) throw new Error(r.messages.join());
});
afterAll(async () => app?.dispose());

const storefrontActions = () =>
  app.ctx.db.selectFrom('action_log').select(['details', 'result']).where('action', '=', 'Storefront Action').orderBy('id').execute();

describe('the assisted-session audit and the form-key check', () => {
  it('records no storefront action for a request the form-key check refused, and records the real one', async () => {
    const customer = await createCustomer(app, { consent: true });
    const product = await createProduct(app);
    const browser = await assistedBrowser(app, customer.id);
    const before = (await storefrontActions()).length;

    const forged = await browser.post('/checkout/cart/add', { product: String(product.id), qty: '1', form_key: 'forged' });
    expect(forged.statusCode).toBe(303);
    const real = await browser.post('/checkout/cart/add', { product: String(product.id), qty: '1' });
    expect(real.statusCode).toBe(303);
    // The audit runs once the answer is sent: wait for the real request's entry, then give a late one time to show.
    await vi.waitFor(async () => expect((await storefrontActions()).length).toBeGreaterThan(before));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = await storefrontActions();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ result: 'Success', details: expect.stringContaining('POST /checkout/cart/add') });
  });
});
