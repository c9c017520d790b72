import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoUtc } from '../../kernel/clock.ts';
import { seedStores } from '../../db/seed/stores.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, systemRc, TEST_PASSWORD, unique } from '../../testing/fixtures.ts';
import { checkoutSteps, createCustomer, createProduct, signInCustomer } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { catalogRepo } from './repo.ts';
import { ROOT_CATEGORY_ID } from './public.ts';

const PRODUCTS = '/admin/catalog/products';
const CATEGORIES = '/admin/catalog/categories';
const CATALOG = ['catalog', 'catalog.inventory', 'catalog.inventory.products', 'catalog.inventory.categories'];

let app: TestApp;
let admin: Agent;
let adminId: number;
let svId: number;
let category: { id: number; key: string };

const textRow = (productId: number) => catalogRepo.productText(app.ctx.db, productId, svId);
const productSave = (id: number, over: Record<string, string> = {}) => admin.post(`${PRODUCTS}/${id}/store-view/save`, { store: String(svId), ...over });

beforeAll(async () => {
  app = await createTestApp();
  await seedStores(await systemRc(app));
  svId = (await app.ctx.services.stores.tree()).views.find((v) => v.code === 'sv')!.id;
  const a = await createAdmin(app, CATALOG);
  adminId = a.id;
  admin = new Agent(app);
  await admin.signInAdmin(a.username, TEST_PASSWORD);
  const now = isoUtc(app.ctx.clock.now());
  const key = unique('bags-').toLowerCase();
  const id = await catalogRepo.insertCategory(app.ctx.db, { parent_id: ROOT_CATEGORY_ID, name: 'Travel Bags', url_key: key, created_at: now, updated_at: now });
  category = { id, key };
  app.ctx.services.catalog.invalidate();
});
afterAll(async () => app?.dispose());

async function swedishProduct() {
  const p = await createProduct(app, { price: 5000, qty: 50 });
  await catalogRepo.replaceCategories(app.ctx.db, p.id, [category.id]);
  const name = `Ryggsäck i läder ${p.sku}`;
  const res = await productSave(p.id, { name, description: 'Rymlig ryggsäck för resan.' });
  expect(res.statusCode).toBe(303);
  return { ...p, english: `Product ${p.sku}`, name };
}

describe('product text per store view', () => {
  it('the edit page has the scope select; at a store view only the text fields, each with Use Default Value', async () => {
    const p = await createProduct(app);
    const all = await admin.get(`${PRODUCTS}/${p.id}/edit`);
    expect(all.body).toContain('id="store-switcher"');
    expect(all.body).toContain('Swedish Store View');
    expect(all.body).toContain('name="price"');
    const sv = await admin.get(`${PRODUCTS}/${p.id}/edit?store=${svId}`);
    expect(sv.statusCode).toBe(200);
    expect(sv.body).toContain('name="use_default_name"');
    expect(sv.body).toContain('name="use_default_description"');
    expect(sv.body).not.toContain('name="price"');
    expect(sv.body).not.toContain('name="sku"');
    expect(sv.body).toContain('Other fields apply to all store views');
    expect((await admin.get(`${PRODUCTS}/${p.id}/edit?store=99999`)).statusCode).toBe(404);
  });

  it('a saved name shows on /sv (product page, category list, search, cart, wish list) and the default name elsewhere', async () => {
    const p = await swedishProduct();
    expect((await textRow(p.id))?.name).toBe(p.name);
    const guest = new Agent(app);
    const svPage = await guest.get(`/sv/product/${p.urlKey}`);
    expect(svPage.body).toContain(p.name);
    expect(svPage.body).toContain('Rymlig ryggsäck för resan.');
    expect(svPage.body).not.toContain(p.english);
    expect((await guest.get(`/product/${p.urlKey}`)).body).toContain(p.english);
    expect((await guest.get(`/sv/category/${category.key}`)).body).toContain(p.name);
    expect((await guest.get(`/category/${category.key}`)).body).toContain(p.english);
    // Search matches the store view's name there, and only there.
    const term = encodeURIComponent(`läder ${p.sku}`);
    expect((await guest.get(`/sv/catalogsearch/result?q=${term}`)).body).toContain(p.name);
    expect((await guest.get(`/catalogsearch/result?q=${term}`)).body).toContain('We can&#39;t find products matching the selection.');
    const shopper = new Agent(app);
    await shopper.post('/sv/checkout/cart/add', { product: String(p.id), qty: '1' });
    expect((await shopper.get('/sv/checkout/cart')).body).toContain(p.name);
    const c = await createCustomer(app);
    const customer = new Agent(app);
    await signInCustomer(customer, c.email, TEST_PASSWORD, '/sv');
    await customer.post('/sv/wishlist/index/add', { product: String(p.id) });
    expect((await customer.get('/sv/wishlist')).body).toContain(p.name);
    expect((await customer.get('/wishlist')).body).toContain(p.english);
  });

  it('an order placed on /sv keeps the name it was shown with', async () => {
    const p = await swedishProduct();
    const shopper = new Agent(app);
    await shopper.post('/sv/checkout/cart/add', { product: String(p.id), qty: '1' });
    expect((await checkoutSteps(shopper, {}, '/sv')).statusCode).toBe(303);
    const order = await app.ctx.db.selectFrom('orders').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const items = await app.ctx.db.selectFrom('order_items').select('name').where('order_id', '=', order.id).execute();
    expect(items.map((i) => i.name)).toEqual([p.name]);
  });

  it('Use Default Value removes the store view value, field by field, and the save is in the action log', async () => {
    const p = await swedishProduct();
    const res = await productSave(p.id, { use_default_name: '1', name: 'ignored', description: 'Bara beskrivningen.' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${PRODUCTS}/${p.id}/edit?store=${svId}`);
    expect(await textRow(p.id)).toMatchObject({ name: null, description: 'Bara beskrivningen.' });
    const page = (await new Agent(app).get(`/sv/product/${p.urlKey}`)).body;
    expect(page).toContain(p.english);
    expect(page).toContain('Bara beskrivningen.');
    await productSave(p.id, { use_default_name: '1', use_default_description: '1' });
    expect(await textRow(p.id)).toBeUndefined();
    const log = await app.ctx.db
      .selectFrom('action_log')
      .select(['details', 'full_details'])
      .where('action_group', '=', 'catalog_products')
      .where('admin_id', '=', adminId)
      .orderBy('id', 'desc')
      .limit(3)
      .execute();
    expect(log.map((l) => l.details)).toEqual(
      Array(3).fill(`Product "${p.english}" (SKU ${p.sku}, ID ${p.id}) updated for the store view "Swedish Store View"`),
    );
    expect(JSON.parse(log[0]!.full_details)).toMatchObject({ store_view_id: svId, changes: { description: { old: 'Bara beskrivningen.', new: null } } });
  });

  it('refuses an empty name at the store view (box unticked) and an unknown store view, changing nothing', async () => {
    const p = await swedishProduct();
    const before = await textRow(p.id);
    const empty = await productSave(p.id, { name: '  ', description: 'Ny text' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Please correct the highlighted fields.');
    expect(empty.body).toContain('This is a required field.');
    expect(await textRow(p.id)).toEqual(before);
    for (const store of ['99999', 'sv', '']) {
      const res = await admin.post(`${PRODUCTS}/${p.id}/store-view/save`, { store, name: 'Något annat' });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`${PRODUCTS}/${p.id}/edit`);
      const next = await admin.get(res.headers.location!);
      expect(next.body).toContain('Please choose a store view that exists.');
    }
    expect(await textRow(p.id)).toEqual(before);
    expect((await admin.post(`${PRODUCTS}/999999/store-view/save`, { store: String(svId), name: 'X' })).statusCode).toBe(404);
  });

  it('authorization: no session, a role without Products, a role with it', async () => {
    const p = await createProduct(app);
    const body = { store: String(svId), name: 'Behörig' };
    const anonymous = await new Agent(app).post(`${PRODUCTS}/${p.id}/store-view/save`, body);
    expect([302, 303]).toContain(anonymous.statusCode);
    expect(anonymous.headers.location).toMatch(/\/admin\/login/);
    const other = await createAdmin(app, ['catalog', 'catalog.inventory', 'catalog.inventory.categories']);
    const wrong = new Agent(app);
    await wrong.signInAdmin(other.username, TEST_PASSWORD);
    expect((await wrong.post(`${PRODUCTS}/${p.id}/store-view/save`, body)).statusCode).toBe(403);
    expect((await wrong.get(`${PRODUCTS}/${p.id}/edit?store=${svId}`)).statusCode).toBe(403);
    expect(await textRow(p.id)).toBeUndefined();
    expect((await admin.post(`${PRODUCTS}/${p.id}/store-view/save`, body)).statusCode).toBe(303);
    expect((await textRow(p.id))?.name).toBe('Behörig');
  });
});

describe('short description per store view', () => {
  it('the product form saves the default; the store view form its own, shown on /sv near the price; Use Default Value removes it', async () => {
    const sku = unique('SHORT-');
    const saved = await admin.post(`${PRODUCTS}/save`, {
      sku,
      name: `Backpack ${sku}`,
      price: '49.00',
      qty: '5',
      is_in_stock: '1',
      status: '1',
      websites: ['1'],
      short_description: 'A roomy pack for the trail.',
    });
    expect(saved.statusCode).toBe(303);
    const p = (await catalogRepo.findBySku(app.ctx.db, sku))!;
    expect(p.short_description).toBe('A roomy pack for the trail.');
    expect((await admin.get(`${PRODUCTS}/${p.id}/edit`)).body).toContain('name="short_description"');
    const form = (await admin.get(`${PRODUCTS}/${p.id}/edit?store=${svId}`)).body;
    expect(form).toContain('name="use_default_short_description"');
    expect(form).toContain('Short Description');
    const res = await productSave(p.id, { name: `Ryggsäck ${sku}`, short_description: ' En rymlig ryggsäck för leden. ' });
    expect(res.statusCode).toBe(303);
    expect(await textRow(p.id)).toMatchObject({ short_description: 'En rymlig ryggsäck för leden.', description: '' });
    const guest = new Agent(app);
    const sv = (await guest.get(`/sv/product/${p.url_key}`)).body;
    expect(sv).toMatch(/class="product attribute overview">En rymlig ryggsäck för leden\.</);
    expect(sv).not.toContain('A roomy pack for the trail.');
    const us = (await guest.get(`/product/${p.url_key}`)).body;
    expect(us).toMatch(/class="product attribute overview">A roomy pack for the trail\.</);
    const log = await app.ctx.db
      .selectFrom('action_log')
      .select('full_details')
      .where('action_group', '=', 'catalog_products')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(log.full_details).changes.short_description).toEqual({ old: null, new: 'En rymlig ryggsäck för leden.' });
    await productSave(p.id, { name: `Ryggsäck ${sku}`, use_default_short_description: '1', short_description: 'ignorerad' });
    expect(await textRow(p.id)).toMatchObject({ name: `Ryggsäck ${sku}`, short_description: null });
    expect((await guest.get(`/sv/product/${p.url_key}`)).body).toContain('A roomy pack for the trail.');
    // The store-view form shows the box ticked again.
    const page = (await admin.get(`${PRODUCTS}/${p.id}/edit?store=${svId}`)).body;
    expect(page).toMatch(/name="use_default_short_description" value="1" checked/);
  });

  it('a product with no short description shows no overview', async () => {
    const p = await createProduct(app);
    expect((await new Agent(app).get(`/sv/product/${p.urlKey}`)).body).not.toContain('product attribute overview');
  });
});

describe('image alt text per store view', () => {
  /** A product with two image rows (the storefront only builds their URLs), the first one main. */
  async function productWithImages(alts: [string, string]) {
    const p = await swedishProduct();
    const now = isoUtc(app.ctx.clock.now());
    const row = (alt: string, i: number) => ({
      product_id: p.id,
      hash: unique('h').toLowerCase(),
      fallback: 'jpg',
      width: 800,
      height: 800,
      widths: '240,480,800',
      alt,
      position: i,
      is_main: i === 0 ? 1 : 0,
      created_at: now,
    });
    await catalogRepo.insertImages(app.ctx.db, alts.map(row));
    const ids = (await catalogRepo.imagesOf(app.ctx.db, [p.id])).map((i) => i.id);
    return { ...p, imageIds: ids as [number, number] };
  }
  const altsOf = async (id: number) => catalogRepo.imageTexts(app.ctx.db, [id], svId);

  it('the store view form saves an alt per image; /sv shows it, the default view the image own alt, and no alt the Swedish name', async () => {
    const p = await productWithImages(['Brown leather backpack', '']);
    const [a, b] = p.imageIds;
    const form = (await admin.get(`${PRODUCTS}/${p.id}/edit?store=${svId}`)).body;
    expect(form).toContain(`name="alt_${a}" type="text" value="Brown leather backpack"`);
    expect(form).toContain(`name="use_default_alt_${b}"`);
    const res = await productSave(p.id, { name: p.name, [`alt_${a}`]: ' Brun ryggsäck i läder ', [`use_default_alt_${b}`]: '1', [`alt_${b}`]: 'ignorerad' });
    expect(res.statusCode).toBe(303);
    expect([...(await altsOf(a))]).toEqual([[a, 'Brun ryggsäck i läder']]);
    expect((await altsOf(b)).size).toBe(0);
    const guest = new Agent(app);
    const sv = (await guest.get(`/sv/product/${p.urlKey}`)).body;
    expect(sv).toContain('alt="Brun ryggsäck i läder"');
    expect(sv).toContain(`alt="${p.name}"`); // the second image: no alt anywhere, the shown (Swedish) name
    expect(sv).not.toContain('alt="Brown leather backpack"');
    const us = (await guest.get(`/product/${p.urlKey}`)).body;
    expect(us).toContain('alt="Brown leather backpack"');
    expect(us).toContain(`alt="${p.english}"`);
    expect(us).not.toContain('Brun ryggsäck');
    const log = await app.ctx.db
      .selectFrom('action_log')
      .select('full_details')
      .where('action_group', '=', 'catalog_products')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(log.full_details).changes[`alt_${a}`]).toEqual({ old: null, new: 'Brun ryggsäck i läder' });
    // Use Default Value brings the image's own alt back on /sv.
    await productSave(p.id, { name: p.name, [`use_default_alt_${a}`]: '1', [`alt_${a}`]: 'x' });
    expect((await altsOf(a)).size).toBe(0);
    expect((await guest.get(`/sv/product/${p.urlKey}`)).body).toContain('alt="Brown leather backpack"');
  });

  it('refuses an image of another product and an alt over 255 characters, changing nothing', async () => {
    const p = await productWithImages(['One', 'Two']);
    const other = await productWithImages(['Other', 'Other 2']);
    const [a] = p.imageIds;
    await productSave(p.id, { name: p.name, [`alt_${a}`]: 'Ett' });
    const before = { text: await textRow(p.id), alts: [...(await altsOf(a))], foreign: [...(await altsOf(other.imageIds[0]))] };
    const foreign = await productSave(p.id, { name: 'Nytt namn', [`alt_${other.imageIds[0]}`]: 'Främmande' });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.body).toContain('This image is not one of this product&#39;s images.');
    const long = await productSave(p.id, { name: 'Nytt namn', [`alt_${a}`]: 'x'.repeat(256) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Alt text can be at most 255 characters.');
    expect(long.body).toContain(`value="${'x'.repeat(256)}"`);
    expect({ text: await textRow(p.id), alts: [...(await altsOf(a))], foreign: [...(await altsOf(other.imageIds[0]))] }).toEqual(before);
    expect((await productSave(p.id, { name: p.name, [`alt_${a}`]: 'x'.repeat(255) })).statusCode).toBe(303);
  });
});

describe('category text per store view', () => {
  it('the menu and the category page on /sv show the store view name; Use Default Value brings the default back', async () => {
    const res = await admin.post(`${CATEGORIES}/${category.id}/store-view/save`, { store: String(svId), name: 'Resväskor', description: 'Väskor för resan.' });
    expect(res.statusCode).toBe(303);
    const guest = new Agent(app);
    const sv = (await guest.get(`/sv/category/${category.key}`)).body;
    expect(sv).toContain('Resväskor');
    expect(sv).toContain('Väskor för resan.');
    expect(sv).not.toContain('Travel Bags');
    expect((await guest.get('/sv/')).body).toContain('Resväskor');
    const us = (await guest.get(`/category/${category.key}`)).body;
    expect(us).toContain('Travel Bags');
    expect(us).not.toContain('Resväskor');
    const edit = await admin.get(`${CATEGORIES}/${category.id}/edit?store=${svId}`);
    expect(edit.body).toContain('value="Resväskor"');
    expect(edit.body).not.toContain('name="url_key"');
    await admin.post(`${CATEGORIES}/${category.id}/store-view/save`, { store: String(svId), use_default_name: '1', use_default_description: '1' });
    expect(await catalogRepo.categoryText(app.ctx.db, category.id, svId)).toBeUndefined();
    expect((await guest.get(`/sv/category/${category.key}`)).body).toContain('Travel Bags');
    const log = await app.ctx.db
      .selectFrom('action_log')
      .select('details')
      .where('action_group', '=', 'catalog_categories')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    expect(log?.details).toBe(`Category "Travel Bags" (ID ${category.id}) updated for the store view "Swedish Store View"`);
  });

  it('refuses an empty name and answers a role without Categories with 403', async () => {
    const empty = await admin.post(`${CATEGORIES}/${category.id}/store-view/save`, { store: String(svId), name: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('This is a required field.');
    const other = await createAdmin(app, ['catalog', 'catalog.inventory', 'catalog.inventory.products']);
    const wrong = new Agent(app);
    await wrong.signInAdmin(other.username, TEST_PASSWORD);
    expect((await wrong.post(`${CATEGORIES}/${category.id}/store-view/save`, { store: String(svId), name: 'Nej' })).statusCode).toBe(403);
    expect(await catalogRepo.categoryText(app.ctx.db, category.id, svId)).toBeUndefined();
  });
});

describe('the store view text join', () => {
  /** The SQL a repository call runs, captured through a plugin on the app's own handle. */
  async function queriesOf(run: (db: typeof app.ctx.db) => Promise<unknown>) {
    const db = app.ctx.db;
    const seen: { sql: string; parameters: readonly unknown[] }[] = [];
    await run(
      db.withPlugin({
        transformQuery: (args) => {
          seen.push(db.getExecutor().compileQuery(args.node, args.queryId));
          return args.node;
        },
        transformResult: async (args) => args.result,
      }),
    );
    return seen;
  }

  async function planOf(q: { sql: string; parameters: readonly unknown[] }) {
    if (app.database.dialect === 'sqlite') {
      const res = await app.ctx.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]));
      return res.rows.map((r) => r.detail).join('\n');
    }
    // PostgreSQL would scan a table this small; with sequential scans off the plan shows whether the index serves the join.
    return app.ctx.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      const res = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${q.sql}`, [...q.parameters]));
      return res.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  }

  it('the category list runs its two queries, and the store view text is read through the primary key on both databases', async () => {
    const pc = { websiteId: 1, groupId: 0, storeViewId: svId };
    const queries = await queriesOf((db) =>
      catalogRepo.listForStorefront(db, pc, { categoryId: category.id, sort: 'position', dir: 'asc', limit: 12, offset: 0 }),
    );
    expect(queries).toHaveLength(2); // the count and the page, as before
    // The count does not need the text: both planners drop the unused left join on a unique key.
    expect(await planOf(queries[0]!)).not.toMatch(/catalog_product_text|\bpt\b/);
    const page = queries[1]!;
    expect(page.sql).toContain('catalog_product_text');
    const plan = await planOf(page);
    if (app.database.dialect === 'sqlite') expect(plan).toMatch(/SEARCH pt USING (INDEX sqlite_autoindex_catalog_product_text_1|PRIMARY KEY)/);
    else expect(plan, plan).toMatch(/catalog_product_text_pk/);
    const priced = await queriesOf((db) => catalogRepo.pricedByIds(db, pc, [1, 2]));
    expect(priced).toHaveLength(1);
  });
});
