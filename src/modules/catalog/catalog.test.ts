import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, systemRc, TEST_PASSWORD, unique } from '../../testing/fixtures.ts';
import { createCustomer, createProduct, signInCustomer } from '../../testing/store-fixtures.ts';
import { createPeerApp, createTestApp, type TestApp } from '../../testing/test-app.ts';
import { catalogRepo } from './repo.ts';

let app: TestApp;
let admin: Agent;
beforeAll(async () => {
  app = await createTestApp();
  const a = await createAdmin(app, ['catalog', 'catalog.inventory', 'catalog.inventory.products', 'catalog.inventory.categories']);
  admin = new Agent(app);
  await admin.signInAdmin(a.username, TEST_PASSWORD);
});
afterAll(async () => app?.dispose());

const productForm = (over: Record<string, string | string[]> = {}) => ({
  name: 'Form Product',
  sku: unique('FORM-'),
  price: '12.50',
  qty: '7',
  is_in_stock: '1',
  status: '1',
  websites: ['1'],
  price_website: ['0', '0'],
  price_group: ['2', '-1'],
  price_value: ['10.00', ''],
  ...over,
});

describe('prices by customer group and website', () => {
  it('shows NOT LOGGED IN the base price, Wholesale its group price, and the Second Website its own price', async () => {
    const p = await createProduct(app, {
      price: 2000,
      websites: [1],
      prices: [
        { websiteId: 0, groupId: 2, price: 1500 },
        { websiteId: 0, groupId: 3, price: 2500 },
      ],
    });
    const guest = await new Agent(app).get(`/product/${p.urlKey}`);
    expect(guest.body).toContain('$20.00');
    expect(guest.body).not.toContain('$15.00');
    const wholesale = await createCustomer(app, { groupId: 2 });
    const w = new Agent(app);
    await signInCustomer(w, wholesale.email);
    const page = await w.get(`/product/${p.urlKey}`);
    expect(page.body).toContain('$15.00');
    expect(page.body).toContain('Regular Price $20.00');
    // A higher group price never raises the price.
    const retailer = await createCustomer(app, { groupId: 3 });
    const r = new Agent(app);
    await signInCustomer(r, retailer.email);
    expect((await r.get(`/product/${p.urlKey}`)).body).toContain('$20.00');
  });

  it('keeps products off websites they are not assigned to, and hides disabled ones', async () => {
    const tree = await app.ctx.services.stores.tree();
    expect(tree.websites.length).toBeGreaterThan(0);
    const mainOnly = await createProduct(app, { websites: [1] });
    const disabled = await createProduct(app, { status: 0 });
    const agent = new Agent(app);
    expect((await agent.get(`/product/${mainOnly.urlKey}`)).statusCode).toBe(200);
    expect((await agent.get(`/product/${disabled.urlKey}`)).statusCode).toBe(404);
    const cart = await agent.post('/checkout/cart/add', { product: String(disabled.id), qty: '1' });
    expect(cart.statusCode).toBe(303);
    expect((await agent.get('/checkout/cart')).body).toContain('You have no items in your shopping cart.');
  });
});

describe('Catalog > Products', () => {
  it('refuses invalid input, changing nothing', async () => {
    const existing = await createProduct(app);
    const before = await catalogRepo.adminList(app.ctx.db, {}, { sort: 'id', dir: 'asc', limit: 1, cursor: {} });
    const res = await admin.post(
      '/admin/catalog/products/save',
      productForm({ sku: existing.sku, price: '12,50', qty: '-1', websites: [], price_value: ['abc', ''] }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('The value specified in the SKU field is already in use.');
    expect(res.body).toContain('Please enter a valid price, e.g. 19.99.');
    expect(res.body).toContain('Please enter a whole number, 0 or more.');
    expect(res.body).toContain('Please select at least one website.');
    const after = await catalogRepo.adminList(app.ctx.db, {}, { sort: 'id', dir: 'asc', limit: 1, cursor: {} });
    expect(after.total).toBe(before.total);
  });

  it('saves a product with a group price, logs it, and purges the page cache', async () => {
    const form = productForm({ name: unique('Cached Lamp ') });
    const home1 = await new Agent(app).get('/');
    expect(home1.headers['x-cache']).toBe('MISS');
    expect((await new Agent(app).get('/')).headers['x-cache']).toBe('HIT');
    const res = await admin.post('/admin/catalog/products/save', form);
    expect(res.statusCode).toBe(303);
    const saved = (await catalogRepo.findBySku(app.ctx.db, form.sku as string))!;
    expect([saved.price, saved.qty, saved.url_key]).toEqual([
      1250,
      7,
      (form.name as string)
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/-+$/, ''),
    ]);
    expect(await catalogRepo.pricesOf(app.ctx.db, saved.id)).toMatchObject([{ website_id: 0, customer_group_id: 2, price: 1000 }]);
    const home2 = await new Agent(app).get('/');
    expect(home2.headers['x-cache']).toBe('MISS');
    expect(home2.body).toContain(form.name as string);
    const log = await app.ctx.db
      .selectFrom('action_log')
      .selectAll()
      .where('action_group', '=', 'catalog_products')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(log.details).toContain(form.sku as string);

    // Edit: price change shows old → new in the log.
    await admin.post(`/admin/catalog/products/${saved.id}/save`, { ...form, price: '13.00' });
    const edit = await app.ctx.db
      .selectFrom('action_log')
      .selectAll()
      .where('action_group', '=', 'catalog_products')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(edit.full_details).changes.price).toEqual({ old: '12.50', new: '13.00' });
    // Lists keep rendered cards by what they show: the edited price and name are on the next page at once.
    const renamed = `${form.name as string} Mk II`;
    await admin.post(`/admin/catalog/products/${saved.id}/save`, { ...form, name: renamed, price: '13.00' });
    const home3 = (await new Agent(app).get('/')).body;
    const card = home3.slice(home3.indexOf(`data-sku="${form.sku as string}"`));
    expect(card.slice(0, card.indexOf('</li>'))).toContain('$13.00');
    expect(card.slice(0, card.indexOf('</li>'))).toContain(renamed);
    expect(card.slice(0, card.indexOf('</li>'))).not.toContain('$12.50');
  });

  it('filters, sorts and pages the grid', async () => {
    const tag = unique('Grid');
    for (let i = 0; i < 3; i++) await admin.post('/admin/catalog/products/save', productForm({ name: `${tag} ${i}`, price: `${10 + i}.00` }));
    const res = await admin.get(`/admin/catalog/products?name=${encodeURIComponent(tag)}&sort=price&dir=desc`);
    expect(res.statusCode).toBe(200);
    const order = [...res.body.matchAll(new RegExp(`${tag} (\\d)`, 'g'))].map((m) => m[1]);
    expect(order).toEqual(['2', '1', '0']);
    expect(res.body).toContain('3 records found');
  });
});

describe('Catalog > Categories and storefront listing', () => {
  it('creates a category, lists its products with paging and sorting, and refuses moving it under itself', async () => {
    const name = unique('Lamps');
    const res = await admin.post('/admin/catalog/categories/save', { name, parent_id: '1', position: '1', is_active: '1' });
    expect(res.statusCode).toBe(303);
    const id = Number(/categories\/(\d+)/.exec(res.headers.location as string)![1]);
    const cat = (await catalogRepo.findCategory(app.ctx.db, id))!;
    for (let i = 0; i < 14; i++) {
      const p = await createProduct(app, { price: 1000 + i * 100 });
      await catalogRepo.replaceCategories(app.ctx.db, p.id, [id]);
    }
    app.ctx.services.catalog.invalidate();
    const nav = await new Agent(app).get('/');
    expect(nav.body).toContain(`/category/${cat.url_key}`);
    const page1 = await new Agent(app).get(`/category/${cat.url_key}?product_list_order=price&product_list_dir=desc`);
    expect(page1.body).toContain('Items 1-12 of 14');
    expect(page1.body.indexOf('$23.00')).toBeLessThan(page1.body.indexOf('$22.00'));
    const page2 = await new Agent(app).get(`/category/${cat.url_key}?product_list_order=price&product_list_dir=desc&p=2`);
    expect(page2.body).toContain('Items 13-14 of 14');
    const loop = await admin.post(`/admin/catalog/categories/${id}/save`, { name, parent_id: String(id), position: '1', is_active: '1' });
    expect(loop.statusCode).toBe(400);
    expect((await catalogRepo.findCategory(app.ctx.db, id))!.parent_id).toBe(1);
    expect((await admin.post('/admin/catalog/categories/1/delete')).statusCode).toBe(303);
    expect(await catalogRepo.findCategory(app.ctx.db, 1)).toBeDefined();
  });

  it('searches by words in name, SKU or description', async () => {
    const p = await createProduct(app);
    const res = await new Agent(app).get(`/catalogsearch/result?q=${encodeURIComponent(p.sku.toLowerCase())}`);
    expect(res.body).toContain(p.sku);
    const none = await new Agent(app).get('/catalogsearch/result?q=zzzz-no-such-thing');
    expect(none.body).toContain('find products matching the selection.');
  });

  it('finds a category by URL key from the cached tree, and another process sees a renamed key at once', async () => {
    const peer = await createPeerApp(app, { cacheCheckMs: 0 });
    try {
      const rc = await systemRc(app);
      const oldKey = unique('old-').toLowerCase();
      const input = { name: 'Renamed Later', urlKey: oldKey, description: '', parentId: 1, position: '5', active: true };
      const saved = await app.ctx.services.catalog.saveCategory(rc, input);
      if (!saved.ok) throw new Error('category not saved');
      const p = await createProduct(app);
      await catalogRepo.replaceCategories(app.ctx.db, p.id, [saved.value]);
      expect((await new Agent(peer).get(`/category/${oldKey}`)).body).toContain(p.sku);
      const newKey = unique('new-').toLowerCase();
      expect((await app.ctx.services.catalog.saveCategory(rc, { ...input, urlKey: newKey }, saved.value)).ok).toBe(true);
      // The peer loaded the tree above; the saved change moved its version stamp, so the peer reads it again.
      const renamed = await new Agent(peer).get(`/category/${newKey}`);
      expect(renamed.statusCode).toBe(200);
      expect(renamed.body).toContain(p.sku);
      expect((await new Agent(peer).get(`/category/${oldKey}`)).statusCode).toBe(404);
    } finally {
      await peer.close();
    }
  });
});
