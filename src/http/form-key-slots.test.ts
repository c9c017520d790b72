import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoUtc } from '../kernel/clock.ts';
import { catalogRepo } from '../modules/catalog/repo.ts';
import { Agent } from '../testing/agent.ts';
import { unique } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { ESCAPED_FORGED_TEXT, expectKeysOnlyInFormKeyFields, FORGED_TEXT } from '../testing/forged-slots.ts';

let app: TestApp;
let product: { urlKey: string; name: string };
beforeAll(async () => {
  app = await createTestApp();
  const now = isoUtc(app.ctx.clock.now());
  const sku = unique('SLOT-');
  product = { urlKey: sku.toLowerCase(), name: `Slot lamp ${sku}` };
  const id = await catalogRepo.insertProduct(app.ctx.db, {
    sku,
    name: product.name,
    url_key: product.urlKey,
    description: FORGED_TEXT,
    image_url: '',
    price: 1200,
    qty: 5,
    is_in_stock: 1,
    status: 1,
    created_at: now,
    updated_at: now,
  });
  await catalogRepo.replaceWebsites(app.ctx.db, id, [1]);
  await app.ctx.services.pageCache.flush(app.ctx.db);
});
afterAll(async () => app?.dispose());

describe('content cannot address a page slot', () => {
  it('a product description holding marker text shows it literally on the MISS and on the HIT', async () => {
    for (const expected of ['MISS', 'HIT']) {
      const visitor = new Agent(app);
      await visitor.get('/customer/account/login');
      const res = await visitor.get(`/product/${product.urlKey}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-cache']).toBe(expected);
      expect(res.body).toContain(ESCAPED_FORGED_TEXT);
      expectKeysOnlyInFormKeyFields(res.body, visitor.formKey());
    }
  });

  it('a search for marker text shows it literally, also from the cache', async () => {
    const url = `/catalogsearch/result?q=${encodeURIComponent(FORGED_TEXT)}`;
    for (const expected of ['MISS', 'HIT']) {
      const visitor = new Agent(app);
      await visitor.get('/customer/account/login');
      const res = await visitor.get(url);
      expect(res.headers['x-cache']).toBe(expected);
      // The description matches, so the result list (whose sorter form repeats the term) is on the page.
      expect(res.body).toContain(product.name);
      expect(res.body).toContain(ESCAPED_FORGED_TEXT);
      expectKeysOnlyInFormKeyFields(res.body, visitor.formKey());
    }
  });

  it('a product named with marker text, in a flash message and an uncached cart page, fills no slot', async () => {
    const now = isoUtc(app.ctx.clock.now());
    const sku = unique('SLOTNAME-');
    const id = await catalogRepo.insertProduct(app.ctx.db, {
      sku,
      name: FORGED_TEXT,
      url_key: sku.toLowerCase(),
      description: '',
      image_url: '',
      price: 500,
      qty: 5,
      is_in_stock: 1,
      status: 1,
      created_at: now,
      updated_at: now,
    });
    await catalogRepo.replaceWebsites(app.ctx.db, id, [1]);
    const visitor = new Agent(app);
    expect((await visitor.post('/checkout/cart/add', { product: String(id), qty: '1' })).statusCode).toBe(303);
    const cart = await visitor.get('/checkout/cart');
    expect(cart.body).toContain(`You added ${ESCAPED_FORGED_TEXT} to your shopping cart.`);
    expect(cart.body).toContain(`>${ESCAPED_FORGED_TEXT}</a>`);
    expectKeysOnlyInFormKeyFields(cart.body, visitor.formKey());
  });
});
