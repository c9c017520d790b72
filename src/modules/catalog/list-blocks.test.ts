import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, systemRc, TEST_PASSWORD, unique } from '../../testing/fixtures.ts';
import { createCategory, createCustomer, createProduct, placeOrder, signInCustomer } from '../../testing/store-fixtures.ts';
import { createPeerApp, createTestApp, type TestApp } from '../../testing/test-app.ts';
import { catalogRepo } from './repo.ts';

// Product lists are rendered once per everything they are made of and shared (pageCache.block): these are the
// changes that must still show at once, and the visitors who must never see one another's list.
let app: TestApp;
let key: string;
let categoryId: number;
beforeAll(async () => {
  // Without the page cache, as for assisted sessions: every page is rendered, its list from the shared block.
  app = await createTestApp({ PAGE_CACHE: 'off' });
  ({ id: categoryId, urlKey: key } = await createCategory(app, unique('Blocks ')));
});
afterAll(async () => app?.dispose());

async function productInCategory(o: Parameters<typeof createProduct>[1] = {}, on: TestApp = app, category = categoryId) {
  const p = await createProduct(on, o);
  await catalogRepo.replaceCategories(on.ctx.db, p.id, [category]);
  // Written behind the services' back (a fixture): say so, as a service's save would.
  await on.ctx.services.pageCache.flush(on.ctx.db);
  return p;
}

/** The card of one product in a category page's markup. */
const cardOf = (html: string, sku: string) => new RegExp(`<li class="product-item" data-sku="${sku}">[\\s\\S]*?</li>`).exec(html)?.[0] ?? '';

describe('shared product-list blocks', () => {
  it('shows the last unit sold as Out of stock at once, and back in stock when the order is canceled', async () => {
    const p = await productInCategory({ qty: 1 });
    const shopper = new Agent(app);
    const browsing = new Agent(app);
    // Twice, so the second page comes from the shared block.
    await browsing.get(`/category/${key}`);
    const before = await browsing.get(`/category/${key}`);
    expect(cardOf(before.body, p.sku)).toContain('Add to Cart');
    const hits = app.ctx.services.pageCache.stats().blocks.hits;
    expect(hits).toBeGreaterThan(0);

    const order = await placeOrder(app, shopper, [{ productId: p.id, qty: 1 }]);
    const after = await browsing.get(`/category/${key}`);
    expect(cardOf(after.body, p.sku)).toContain('Out of stock');
    expect(cardOf(after.body, p.sku)).not.toContain('Add to Cart');
    expect(after.body).toMatch(/Out of Stock[\s\S]*?\(1\)|Out of stock/);

    const canceled = await app.ctx.services.sales.cancel(await systemRc(app), order.id);
    expect(canceled.ok).toBe(true);
    const again = await browsing.get(`/category/${key}`);
    expect(cardOf(again.body, p.sku)).toContain('Add to Cart');
  });

  it('keeps a sale that leaves stock out of the flush (the list looks the same)', async () => {
    const p = await productInCategory({ qty: 5 });
    const browsing = new Agent(app);
    await browsing.get(`/category/${key}`);
    const { hits } = app.ctx.services.pageCache.stats().blocks;
    await placeOrder(app, new Agent(app), [{ productId: p.id, qty: 2 }]);
    const page = await browsing.get(`/category/${key}`);
    expect(cardOf(page.body, p.sku)).toContain('Add to Cart');
    expect(app.ctx.services.pageCache.stats().blocks.hits).toBe(hits + 1);
  });

  it("never shows one customer group's prices to another, nor a visitor's form key to anyone else", async () => {
    const p = await productInCategory({ price: 2000, prices: [{ websiteId: 0, groupId: 2, price: 1500 }] });
    const guest = new Agent(app);
    const wholesale = new Agent(app);
    await signInCustomer(wholesale, (await createCustomer(app, { groupId: 2 })).email);
    const general = new Agent(app);
    await signInCustomer(general, (await createCustomer(app, { groupId: 1 })).email);
    for (let round = 0; round < 2; round++) {
      const pages = {
        guest: (await guest.get(`/category/${key}`)).body,
        wholesale: (await wholesale.get(`/category/${key}`)).body,
        general: (await general.get(`/category/${key}`)).body,
      };
      expect(cardOf(pages.guest, p.sku)).toContain('$20.00');
      expect(cardOf(pages.general, p.sku)).toContain('$20.00');
      expect(cardOf(pages.wholesale, p.sku)).toContain('$15.00');
      expect(cardOf(pages.guest, p.sku)).not.toContain('$15.00');
      // Every form on each page carries that visitor's own key.
      for (const [who, html] of Object.entries(pages)) {
        const keys = new Set([...html.matchAll(/name="form_key" value="([^"]*)"/g)].map((m) => m[1]));
        expect(keys.size, who).toBe(1);
        expect([...keys][0], who).not.toBe('');
        expect(html, who).not.toContain('cc:form-key');
      }
      const distinct = new Set(Object.values(pages).map((html) => /name="form_key" value="([^"]*)"/.exec(html)?.[1]));
      expect(distinct.size).toBe(3);
    }
  });

  it('shows a product saved in the admin at once, and a price saved by another process within the check interval', async () => {
    const p = await productInCategory({ price: 2000 });
    const a = await createAdmin(app, ['catalog', 'catalog.inventory', 'catalog.inventory.products']);
    const admin = new Agent(app);
    await admin.signInAdmin(a.username, TEST_PASSWORD);
    const browsing = new Agent(app);
    await browsing.get(`/category/${key}`);
    const peer = await createPeerApp(app, { cacheCheckMs: 200 });
    try {
      const peerBrowsing = new Agent(peer);
      expect(cardOf((await peerBrowsing.get(`/category/${key}`)).body, p.sku)).toContain('$20.00');
      const saved = await admin.post(`/admin/catalog/products/${p.id}/save`, {
        name: `Product ${p.sku}`,
        sku: p.sku,
        url_key: p.urlKey,
        price: '24.00',
        qty: '10',
        is_in_stock: '1',
        status: '1',
        websites: ['1'],
        categories: [String(categoryId)],
      });
      expect(saved.statusCode).toBe(303);
      expect(cardOf((await browsing.get(`/category/${key}`)).body, p.sku)).toContain('$24.00');
      // The other process looks at the version stamp at most every CACHE_CHECK_MS (200 ms here).
      await new Promise((r) => setTimeout(r, 250));
      expect(cardOf((await peerBrowsing.get(`/category/${key}`)).body, p.sku)).toContain('$24.00');
    } finally {
      await peer.close();
    }
  });

  it('flushes the full-page cache too when the last unit is sold', async () => {
    const cached = await createTestApp();
    try {
      const { id, urlKey: otherKey } = await createCategory(cached);
      const p = await productInCategory({ qty: 1 }, cached, id);
      const browsing = new Agent(cached);
      await browsing.get(`/category/${otherKey}`);
      const hit = await browsing.get(`/category/${otherKey}`);
      expect(hit.headers['x-cache']).toBe('HIT');
      await placeOrder(cached, new Agent(cached), [{ productId: p.id, qty: 1 }]);
      const after = await browsing.get(`/category/${otherKey}`);
      expect(after.headers['x-cache']).toBe('MISS');
      expect(cardOf(after.body, p.sku)).toContain('Out of stock');
    } finally {
      await cached.dispose();
    }
  });

  it('lists on the Cache Management page, and Flush Page Cache empties it', async () => {
    const a = await createAdmin(app, ['system', 'system.tools', 'system.tools.cache']);
    const admin = new Agent(app);
    await admin.signInAdmin(a.username, TEST_PASSWORD);
    await new Agent(app).get(`/category/${key}`);
    const page = await admin.get('/admin/system/cache');
    expect(page.body).toContain('Blocks HTML output');
    const entries = app.ctx.services.pageCache.stats().blocks.entries;
    expect(page.body).toContain(`In-process memory (${entries} ${entries === 1 ? 'block' : 'blocks'})`);
    expect(app.ctx.services.pageCache.stats().blocks.entries).toBeGreaterThan(0);
    const form = /name="form_key" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    expect((await admin.post('/admin/system/cache/flush', { form_key: form })).statusCode).toBe(303);
    expect(app.ctx.services.pageCache.stats().blocks.entries).toBe(0);
  });
});
