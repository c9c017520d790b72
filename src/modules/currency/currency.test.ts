import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoUtc } from '../../kernel/clock.ts';
import { seedStores } from '../../db/seed/stores.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, systemRc, TEST_PASSWORD, unique } from '../../testing/fixtures.ts';
import { createProduct, placeOrder } from '../../testing/store-fixtures.ts';
import { createPeerApp, createTestApp, type TestApp } from '../../testing/test-app.ts';
import { catalogRepo } from '../catalog/repo.ts';
import { readMailbox } from '../mail/mailer.ts';
import { ROOT_CATEGORY_ID } from '../catalog/public.ts';
import { CURRENCY_ALLOW, CURRENCY_DEFAULT, CURRENCY_RATES_RESOURCE } from './index.ts';

const RATES = '/admin/stores/currency/rates';
// Intl puts no-break spaces between thousands and before "kr"; compare with plain ones.
const plain = (s: string) => s.replace(/[\u00a0\u202f]|&nbsp;|&#160;/g, ' ');

let app: TestApp;
let svId: number;
let product: { id: number; urlKey: string };
let categoryKey: string;

beforeAll(async () => {
  app = await createTestApp();
  const rc = await systemRc(app);
  // The demo's stores: the Swedish Store View at /sv shows SEK at a demo rate of 10.5.
  await seedStores(rc);
  svId = (await app.ctx.services.stores.tree()).views.find((v) => v.code === 'sv')!.id;
  product = await createProduct(app, { price: 12_345, qty: 100 });
  categoryKey = unique('cat-').toLowerCase();
  const now = isoUtc(app.ctx.clock.now());
  const categoryId = await catalogRepo.insertCategory(app.ctx.db, {
    parent_id: ROOT_CATEGORY_ID,
    name: 'Kronor',
    url_key: categoryKey,
    created_at: now,
    updated_at: now,
  });
  await catalogRepo.replaceCategories(app.ctx.db, product.id, [categoryId]);
  app.ctx.services.catalog.invalidate();
});
afterAll(async () => app?.dispose());

describe('prices on the storefront', () => {
  // $123.45 × 10.5 = 1 296,225 kr → 1 296,23 kr (half away from zero).
  it('shows kronor the Swedish way on /sv and dollars on the default store view', async () => {
    const guest = new Agent(app);
    for (const path of [`/category/${categoryKey}`, `/product/${product.urlKey}`]) {
      const sv = await guest.get(`/sv${path}`);
      expect(sv.statusCode).toBe(200);
      expect(plain(sv.body)).toContain('1 296,23 kr');
      expect(sv.body).not.toContain('$123.45');
      const us = await guest.get(path);
      expect(us.body).toContain('$123.45');
      // An amount in kronor, not the letters (a random form key in the page may hold "kr").
      expect(plain(us.body)).not.toMatch(/\d kr\b/);
    }
    // Cached pages are per store view: a second read of each keeps its own currency.
    expect(plain((await guest.get(`/sv/product/${product.urlKey}`)).body)).toContain('1 296,23 kr');
    expect((await guest.get(`/product/${product.urlKey}`)).body).toContain('$123.45');
  });

  it('shows the cart in kronor and records SEK and the rate on an order placed on /sv, charged in dollars', async () => {
    const shopper = new Agent(app);
    await shopper.post('/sv/checkout/cart/add', { product: String(product.id), qty: '2' });
    const cart = plain((await shopper.get('/sv/checkout/cart')).body);
    expect(cart).toContain('1 296,23 kr');
    expect(cart).toContain('2 592,45 kr'); // the row total $246.90 converted on its own
    const form = {
      address_id: 'new',
      email: `${unique('g')}@example.com`,
      firstname: 'Sven',
      lastname: 'Köpare',
      street: 'Gatan 1',
      city: 'Lund',
      postcode: '22222',
      country_id: 'SE',
      telephone: '555-1234',
      shipping_method: 'flatrate_flatrate',
    };
    const next = await shopper.post('/sv/checkout/shipping', form);
    expect([next.statusCode, next.headers.location]).toEqual([303, '/sv/checkout/payment']);
    const review = await shopper.get('/sv/checkout/payment');
    expect(plain(review.body)).toContain('Granska och betala');
    const shown = /name="shown_total" value="(\d+)"/.exec(review.body)?.[1];
    const placed = await shopper.post('/sv/checkout/placeOrder', { payment_method: 'checkmo', billing_same_as_shipping: '1', shown_total: shown ?? '' });
    expect(placed.statusCode, placed.body.match(/message-error[^<]*<[^>]*>[^<]*|field-error-message[^>]*>[^<]*/g)?.join(' | ')).toBe(303);
    const order = await app.ctx.db.selectFrom('orders').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(order).toMatchObject({ store_view_id: svId, base_currency_code: 'USD', order_currency_code: 'SEK', base_to_order_rate: '10.5' });
    expect(order.subtotal).toBe(24_690);
    expect(Number(shown)).toBe(order.grand_total); // the guard compares base amounts
    const success = plain((await shopper.get('/sv/checkout/onepage/success')).body);
    expect(success).toMatch(/\d[\d ]*,\d\d kr/);
    // The confirmation email speaks kronor at the order's rate; the admin sees dollars and, beside them, kronor.
    const mail = (await readMailbox(app.ctx.env.VAR_DIR)).find((m) => m.to.includes(form.email.toLowerCase()))!;
    expect(plain(mail.text)).toContain('2 592,45 kr');
    const admin = await createAdmin(app, 'all');
    const agent = new Agent(app);
    await agent.signInAdmin(admin.username, TEST_PASSWORD);
    const view = plain((await agent.get(`/admin/sales/orders/${order.id}`)).body);
    expect(view).toContain('$246.90 [SEK 2,592.45]');
  });

  it('keeps dollars on the default store view at rate 1', async () => {
    const shopper = new Agent(app);
    const order = await placeOrder(app, shopper, [{ productId: product.id, qty: 1 }]);
    expect(order).toMatchObject({ base_currency_code: 'USD', order_currency_code: 'USD', base_to_order_rate: '1' });
  });
});

describe('Currency Setup settings', () => {
  it('refuses a display currency that is not allowed, or has no rate, and saves nothing', async () => {
    const rc = await systemRc(app);
    const config = app.ctx.services.config;
    const notAllowed = await config.save(rc, 'stores', svId, [{ path: CURRENCY_DEFAULT, value: 'EUR' }]);
    expect(notAllowed.ok).toBe(false);
    if (!notAllowed.ok) expect(notAllowed.messages.join(' ')).toContain('must be one of the allowed currencies');
    const noRate = await config.save(rc, 'stores', svId, [
      { path: CURRENCY_ALLOW, value: 'USD,SEK,EUR' },
      { path: CURRENCY_DEFAULT, value: 'EUR' },
    ]);
    expect(noRate.ok).toBe(false);
    if (!noRate.ok) expect(noRate.messages.join(' ')).toContain('There is no rate from the base currency USD to EUR');
    const dropped = await config.save(rc, 'stores', svId, [{ path: CURRENCY_ALLOW, value: 'USD' }]);
    expect(dropped.ok).toBe(false);
    expect(await config.get(CURRENCY_DEFAULT, { storeViewId: svId })).toBe('SEK');
    expect(await config.get(CURRENCY_ALLOW, { storeViewId: svId })).toBe('USD,SEK');
  });
  it('are refused on the Configuration page with a clear message, at the store view scope', async () => {
    const admin = await createAdmin(app, ['stores', 'stores.settings', 'stores.settings.config', 'stores.settings.config.currency']);
    const agent = new Agent(app);
    await agent.signInAdmin(admin.username, TEST_PASSWORD);
    const edit = await agent.get(`/admin/stores/config/edit/section/currency?scope=stores-${svId}`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('Default Display Currency');
    const res = await agent.post(`/admin/stores/config/save/section/currency?scope=stores-${svId}`, {
      [`config[${CURRENCY_DEFAULT}]`]: 'GBP',
      [`config[${CURRENCY_ALLOW}]`]: ['USD', 'SEK', 'GBP'],
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is no rate from the base currency USD to GBP');
    expect(await app.ctx.services.config.get(CURRENCY_ALLOW, { storeViewId: svId })).toBe('USD,SEK');
  });
});

describe('Stores > Currency Rates', () => {
  it('is refused without a session and without the resource', async () => {
    const anonymous = new Agent(app);
    // Both are sent to sign in (GET with 302, POST with 303), and nothing changes.
    for (const res of [await anonymous.get(RATES), await anonymous.post(RATES, { rate_USD_SEK: '1' })]) {
      expect([302, 303]).toContain(res.statusCode);
      expect(res.headers.location).toContain('/admin');
    }
    const other = await createAdmin(app, ['stores', 'stores.settings']);
    const wrong = new Agent(app);
    await wrong.signInAdmin(other.username, TEST_PASSWORD);
    expect((await wrong.get(RATES)).statusCode).toBe(403);
    expect((await wrong.post(RATES, { rate_USD_SEK: '1' })).statusCode).toBe(403);
    expect(await app.ctx.services.currency.rate('USD', 'SEK')).toBe(10_500_000);
  });

  it('validates every rate, saves nothing on error, and logs old → new on save', async () => {
    const admin = await createAdmin(app, ['stores', 'stores.currency', CURRENCY_RATES_RESOURCE]);
    const agent = new Agent(app);
    await agent.signInAdmin(admin.username, TEST_PASSWORD);
    const page = await agent.get(RATES);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="rate_USD_SEK" value="10.5"');
    expect((await agent.post(RATES, { rate_USD_SEK: '2' }, { formKey: false })).statusCode).toBe(403);
    for (const bad of ['-1', '0', 'abc', '1.1234567', '1,5']) {
      const res = await agent.post(RATES, { rate_USD_SEK: bad });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('as a positive number with at most 6 decimals');
    }
    const unknown = await agent.post(RATES, { rate_USD_SEK: '11', rate_USD_JPY: '150' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('USD → JPY is not a rate this store uses.');
    expect(await app.ctx.services.currency.rate('USD', 'SEK')).toBe(10_500_000);

    const saved = await agent.post(RATES, { rate_USD_SEK: '10.123456' });
    expect(saved.statusCode).toBe(303);
    expect(await app.ctx.services.currency.rate('USD', 'SEK')).toBe(10_123_456);
    const log = await app.ctx.db.selectFrom('action_log').selectAll().where('action_group', '=', 'currency').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(log.details).toContain('USD → SEK 10.5 → 10.123456');
    // The new rate is on the storefront at once (the cached page was flushed): 123.45 × 10.123456 = 1 249,74 kr.
    expect(plain((await new Agent(app).get(`/sv/product/${product.urlKey}`)).body)).toContain('1 249,74 kr');
  });

  it('is read by another process from its version stamp, without a restart', async () => {
    const peer = await createPeerApp(app, { cacheCheckMs: 0 });
    try {
      const before = await peer.ctx.services.currency.rate('USD', 'SEK');
      const saved = await app.ctx.services.currency.saveRates(await systemRc(app), [{ from: 'USD', to: 'SEK', value: '9.87' }]);
      expect(saved.ok).toBe(true);
      expect(before).not.toBe(9_870_000);
      expect(await peer.ctx.services.currency.rate('USD', 'SEK')).toBe(9_870_000);
    } finally {
      await peer.close();
    }
  });
});
