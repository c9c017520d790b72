import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../testing/agent.ts';
import { unique } from '../../testing/fixtures.ts';
import { createCategory, createCustomer, createProduct, signInCustomer } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { priceRanges } from './layered-nav.ts';
import { catalogRepo } from './repo.ts';

let app: TestApp;
let key: string;
let name: string;
beforeAll(async () => {
  app = await createTestApp();
  name = unique('Layer ');
  const category = await createCategory(app, name);
  key = category.urlKey;
  const categoryId = category.id;
  // $5, $15, $25 (out of stock), $150: ranges of $100 give two, $0.00 - $99.99 (3) and $100.00 and above (1).
  for (const [price, qty] of [
    [500, 5],
    [1500, 5],
    [2500, 0],
    [15000, 5],
  ] as const) {
    const p = await createProduct(app, { price, qty });
    if (qty === 0) await app.ctx.db.updateTable('products').set({ is_in_stock: 0 }).where('id', '=', p.id).execute();
    await catalogRepo.replaceCategories(app.ctx.db, p.id, [categoryId]);
  }
  app.ctx.services.catalog.invalidate();
});
afterAll(async () => app?.dispose());

const plain = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const amount = (html: string) => /Items \d+-\d+ of (\d+)/.exec(plain(html))?.[1];

describe('layered navigation', () => {
  it('computes Magento-style ranges: a power of ten below the highest price, smaller while that gives one range', () => {
    // Buckets of $10: $5 → 0, $15 → 1, $150 → 15.
    expect(
      priceRanges([
        { bucket: 0, n: 1 },
        { bucket: 1, n: 2 },
        { bucket: 15, n: 1 },
      ]),
    ).toEqual([
      { from: 0, to: 10_000, count: 3 },
      { from: 10_000, to: null, count: 1 },
    ]);
    // All under $100: steps of $10.
    expect(
      priceRanges([
        { bucket: 2, n: 1 },
        { bucket: 5, n: 4 },
      ]),
    ).toEqual([
      { from: 2000, to: 3000, count: 1 },
      { from: 5000, to: null, count: 4 },
    ]);
    expect(priceRanges([])).toEqual([]);
  });

  it('offers price and availability with counts, filters by GET links that respect each other, and ignores malformed values', async () => {
    const guest = new Agent(app);
    const page = await guest.get(`/category/${key}`);
    expect(page.statusCode).toBe(200);
    const text = plain(page.body);
    expect(text).toContain('Shop By');
    expect(text).toMatch(/\$0\.00 - \$99\.99 3 items/);
    expect(text).toMatch(/\$100\.00 and above 1 item/);
    expect(text).toMatch(/In Stock 3 items/);
    expect(text).toMatch(/Out of Stock 1 item/);
    expect(page.body).toContain(`href="/category/${key}?price=0-100" rel="nofollow"`);
    expect(page.body).toContain(`<link rel="canonical" href="/category/${key}"/>`);
    expect(page.body).not.toContain('noindex');

    const cheap = await guest.get(`/category/${key}?price=0-100`);
    expect(amount(cheap.body)).toBe('3');
    expect(plain(cheap.body)).toContain('Now Shopping by Price $0.00 - $99.99 Remove');
    expect(cheap.body).toContain('<meta name="robots" content="noindex,follow"/>');
    // Availability is counted within the price range; the price facet itself is not offered again.
    expect(plain(cheap.body)).toMatch(/In Stock 2 items/);
    expect(cheap.body).not.toContain('data-filter="price"');
    // Both filters, the remove links and Clear All.
    const both = await guest.get(`/category/${key}?price=0-100&availability=in_stock`);
    expect(amount(both.body)).toBe('2');
    expect(both.body).toContain(`href="/category/${key}?availability=in_stock" aria-label="Remove Price: $0.00 - $99.99"`);
    expect(both.body).toContain(`href="/category/${key}?price=0-100" aria-label="Remove Availability: In Stock"`);
    expect(both.body).toMatch(new RegExp(`class="action clear filter-clear" href="/category/${key}"`));
    // The sorter keeps the filters.
    expect(both.body).toContain('<input type="hidden" name="price" value="0-100"/>');
    // Open-ended range and out-of-stock.
    expect(amount((await guest.get(`/category/${key}?price=100-`)).body)).toBe('1');
    expect(amount((await guest.get(`/category/${key}?availability=out_of_stock`)).body)).toBe('1');
    // Malformed filters are ignored: the whole category.
    for (const q of ['price=abc', 'price=100-50', 'price=1-2-3', 'availability=maybe', 'price=99999999-']) {
      const res = await guest.get(`/category/${key}?${q}`);
      expect(res.statusCode, q).toBe(200);
      expect(amount(res.body), q).toBe('4');
    }
  });

  it('keeps a cached copy per query string (a filtered page is never served for the plain one)', async () => {
    const a = new Agent(app);
    for (let i = 0; i < 2; i++) {
      expect(amount((await a.get(`/category/${key}?price=100-`)).body)).toBe('1');
      expect(amount((await a.get(`/category/${key}`)).body)).toBe('4');
    }
  });
});

describe('storefront frame', () => {
  it('has the category menu and breadcrumbs on cart, checkout, account, search and not-found pages', async () => {
    const customer = await createCustomer(app);
    const agent = new Agent(app);
    await signInCustomer(agent, customer.email);
    const p = await createProduct(app, { price: 1000, qty: 5 });
    await agent.post('/checkout/cart/add', { product: String(p.id), qty: '1' });
    const pages: [string, string[]][] = [
      ['/checkout/cart', ['Home', 'Shopping Cart']],
      ['/checkout', ['Home', 'Shopping Cart', 'Checkout']],
      ['/customer/account', ['Home', 'My Account']],
      ['/customer/account/edit', ['Home', 'My Account', 'Edit Account Information']],
      ['/catalogsearch/result?q=Product', ['Home', "Search results for: 'Product'"]],
      [`/category/${key}`, ['Home', name]],
      ['/no-such-page', ['Home', 'Page Not Found']],
      // A product or category that is not there: the same framed page, not a bare error page.
      ['/product/no-such-product', ['Home', 'Page Not Found']],
      ['/category/no-such-category', ['Home', 'Page Not Found']],
    ];
    for (const [url, crumbs] of pages) {
      const res = await agent.get(url);
      expect(res.body, url).toContain(`<nav class="category-nav" aria-label="Categories">`);
      expect(res.body, url).toContain(`href="/category/${key}"`);
      const trail = /<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>(.*?)<\/ol><\/nav>/.exec(res.body)?.[1] ?? '';
      expect(plain(trail).trim().replaceAll('&#39;', "'"), url).toBe(crumbs.join(' '));
      expect(trail, url).toContain('aria-current="page"');
    }
    for (const url of ['/no-such-page', '/product/no-such-product', '/category/no-such-category']) expect((await agent.get(url)).statusCode, url).toBe(404);
    // The current category is marked in the menu.
    expect((await agent.get(`/category/${key}`)).body).toContain(`href="/category/${key}" class="active" aria-current="true"`);
  });
});
