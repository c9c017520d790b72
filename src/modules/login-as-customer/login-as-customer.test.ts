import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemContext } from '../../kernel/request-context.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD, setConfig, LAC_AGENT_RESOURCES } from '../../testing/fixtures.ts';
import { createCustomer, createProduct, placeOrder, signInCustomer } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { ADMIN_COOKIE } from '../../http/server.tsx';
import { STOREFRONT_COOKIE } from '../customers/session.ts';
import { salesRepo } from '../sales/repo.ts';
import { lacRepo } from './repo.ts';
import { bumpVersion } from '../../db/versioned-cache.ts';
import { BINDING_COOKIE, LAC_VERSION } from './service.ts';
import { LAC_DISABLE_PAGE_CACHE, LAC_ENABLED, LAC_REQUIRE_REASON, LAC_STORE_VIEW_MANUAL } from './settings.ts';

const LAC_RESOURCES = [...LAC_AGENT_RESOURCES, 'customers.login_as_customer.view_log'];

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

beforeEach(async () => setConfig(app, { [LAC_ENABLED]: '1', [LAC_STORE_VIEW_MANUAL]: '0', [LAC_REQUIRE_REASON]: '0', [LAC_DISABLE_PAGE_CACHE]: '1' }));

async function staff(resources: string[] = LAC_RESOURCES) {
  const admin = await createAdmin(app, resources);
  const browser = new Agent(app);
  await browser.signInAdmin(admin.username, TEST_PASSWORD);
  return { admin, browser };
}

/** Clicks "Login as Customer" and returns the handoff page's token (the browser keeps the binding cookie). */
async function start(browser: Agent, customerId: number, fields: Record<string, string> = {}) {
  const res = await browser.post('/admin/loginascustomer/login', { customer_id: String(customerId), ...fields });
  const token = /name="token" value="([^"]+)"/.exec(res.body)?.[1];
  const action = /action="([^"]*\/loginascustomer\/login\/redeem)"/.exec(res.body)?.[1];
  return { res, token, action };
}

async function assisted(customerId: number, resources?: string[]) {
  const s = await staff(resources);
  const { token, action } = await start(s.browser, customerId);
  const redeem = await s.browser.post(action!, { token: token! });
  return { ...s, token: token!, action: action!, redeem };
}

const failures = (adminId: number) =>
  app.ctx.db
    .selectFrom('action_log')
    .select(['action', 'details', 'result'])
    .where('action_group', '=', 'login_as_customer')
    .where('admin_id', '=', adminId)
    .where('result', '=', 'Failure')
    .orderBy('id')
    .execute();
const ends = async (customerId: number) =>
  (await app.ctx.db.selectFrom('lac_sessions').select(['status', 'end_reason']).where('customer_id', '=', customerId).orderBy('id').execute()).map(
    (r) => r.end_reason,
  );

describe('starting a session: checks in the spec order, each refusal logged', () => {
  it('refuses when the feature is disabled', async () => {
    const c = await createCustomer(app, { consent: true });
    const { admin, browser } = await staff();
    await setConfig(app, { [LAC_ENABLED]: '0' });
    const { res, token } = await start(browser, c.id);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Login as Customer is disabled.');
    expect(token).toBeUndefined();
    expect((await failures(admin.id)).map((f) => f.details)).toEqual([expect.stringContaining('Login as Customer is disabled.')]);
  });

  it('refuses an admin without "Allow Login as Customer" on the server, whatever the page showed', async () => {
    const c = await createCustomer(app, { consent: true });
    const { browser } = await staff(['customers', 'customers.all']);
    expect((await browser.get(`/admin/customers/${c.id}/edit`)).body).not.toContain('id="login-as-customer"');
    const { res } = await start(browser, c.id);
    expect(res.statusCode).toBe(403);
    expect(await lacRepo.openSessions(app.ctx.db, { customerId: c.id })).toHaveLength(0);
  });

  it('logs the refusal of an admin without "Allow Login as Customer" who uses the button anyway', async () => {
    const c = await createCustomer(app, { consent: true });
    const { admin, browser } = await staff(['customers', 'customers.all']);
    const { res, token } = await start(browser, c.id);
    expect(res.statusCode).toBe(403);
    expect(token).toBeUndefined();
    expect((await failures(admin.id)).map((f) => f.details)).toEqual([expect.stringContaining('Sorry, you need permissions to view this content.')]);
  });

  it('refuses missing, inactive and non-consenting customers with their messages', async () => {
    const { admin, browser } = await staff();
    expect((await start(browser, 9_999_999)).res.body).toContain('Customer with this ID no longer exists.');
    const inactive = await createCustomer(app, { consent: true });
    await app.ctx.db.updateTable('customers').set({ is_active: 0 }).where('id', '=', inactive.id).execute();
    expect((await start(browser, inactive.id)).res.body).toContain('This customer account is inactive.');
    const noConsent = await createCustomer(app, { consent: false });
    expect((await start(browser, noConsent.id)).res.body).toContain('Login as Customer assistance is disabled for this Customer.');
    expect((await failures(admin.id)).length).toBe(3);
    // The button opens the "not enabled" dialog for such customers.
    const page = await browser.get(`/admin/customers/${noConsent.id}/edit`);
    expect(page.body).toContain('Login as Customer not enabled');
    expect(page.body).toContain('The user has not enabled the &#34;Allow remote shopping assistance&#34; functionality.');
  });

  it('with Manual Selection requires a store view the customer may use, and a reason when configured', async () => {
    const c = await createCustomer(app, { consent: true });
    await setConfig(app, { [LAC_STORE_VIEW_MANUAL]: '1', [LAC_REQUIRE_REASON]: '1' });
    const { browser } = await staff();
    const page = await browser.get(`/admin/loginascustomer/confirm/${c.id}`);
    expect(page.body).toContain('Login as Customer: Select Store');
    expect(page.body).toContain('<optgroup label="Main Website">');
    expect((await start(browser, c.id)).res.body).toContain('Please select a Store View to login in.');
    const now = new Date().toISOString();
    const site = await app.ctx.db
      .insertInto('websites')
      .values({ code: `w${Date.now()}`, name: 'Elsewhere', sort_order: 3, is_default: 0, default_store_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const store = await app.ctx.db
      .insertInto('stores')
      .values({ website_id: site.id, code: `s${Date.now()}`, name: 'Elsewhere Store', root_category_id: 1, default_store_view_id: null, sort_order: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const view = await app.ctx.db
      .insertInto('store_views')
      .values({
        store_id: store.id,
        website_id: site.id,
        code: `v${Date.now()}`,
        name: 'Elsewhere View',
        sort_order: 0,
        is_active: 1,
        url_path: `else${Date.now()}`,
        host: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await app.ctx.services.stores.changed(app.ctx.db);
    expect(now).toBeTruthy();
    expect((await browser.get(`/admin/loginascustomer/confirm/${c.id}`)).body).toMatch(new RegExp(`<option value="${view.id}" disabled`));
    expect((await start(browser, c.id, { store_id: String(view.id), reason: 'help' })).res.body).toContain(
      'The selected store view is not available to this customer.',
    );
    expect((await start(browser, c.id, { store_id: '1' })).res.body).toContain('Please enter a reason for logging in as this customer.');
    const ok = await start(browser, c.id, { store_id: '1', reason: 'Checkout help, ticket 42' });
    expect(ok.token).toMatch(/^[\w-]{43}$/);
    const row = (await lacRepo.openSessions(app.ctx.db, { customerId: c.id }))[0]!;
    expect(row.reason).toBe('Checkout help, ticket 42');
  });

  it('refuses a forged request without the form key', async () => {
    const c = await createCustomer(app, { consent: true });
    const { browser } = await staff();
    const res = await browser.post('/admin/loginascustomer/login', { customer_id: String(c.id), form_key: 'forged' });
    expect(res.statusCode).toBe(403);
    expect(await lacRepo.openSessions(app.ctx.db, { customerId: c.id })).toHaveLength(0);
  });
});

describe('handoff', () => {
  it('stores only the hash, binds the token to this browser and logs the customer in with a new session', async () => {
    const c = await createCustomer(app, { consent: true });
    const s = await staff();
    const p = await createProduct(app);
    // The admin's browser had a guest cart and a customer signed in before: both go.
    await s.browser.post('/checkout/cart/add', { product: String(p.id), qty: '1' });
    const other = await createCustomer(app);
    await signInCustomer(s.browser, other.email);
    const before = s.browser.cookies.get(STOREFRONT_COOKIE);
    const { token, action, res } = await start(s.browser, c.id);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(s.browser.cookies.get(BINDING_COOKIE)).toBeTruthy();
    const stored = await app.ctx.db.selectFrom('lac_tokens').selectAll().execute();
    expect(stored.some((t) => t.token_hash === token)).toBe(false);
    const redeem = await s.browser.post(action!, { token: token! });
    expect(redeem.statusCode).toBe(303);
    expect(redeem.headers.location).toBe('/customer/account');
    expect(redeem.headers['cache-control']).toBe('no-store');
    expect(s.browser.cookies.get(STOREFRONT_COOKIE)).not.toBe(before);
    const account = await s.browser.get('/customer/account');
    expect(account.body).toContain(`You are logged in as customer: Test Customer`);
    expect(account.body).toContain('You are connected as <strong>Test Customer</strong> on Main Website');
    expect(account.body).toContain('Close Session');
    expect((await s.browser.get('/checkout/cart')).body).toContain('You have no items in your shopping cart.');
    const log = await app.ctx.db
      .selectFrom('action_log')
      .select(['action', 'result'])
      .where('action_group', '=', 'login_as_customer')
      .where('admin_id', '=', s.admin.id)
      .orderBy('id')
      .execute();
    expect(log).toEqual([
      { action: 'Request Session', result: 'Success' },
      { action: 'Login', result: 'Success' },
    ]);
  });

  it('refuses replay, expiry, another browser and tampering with "Login was not successful."', async () => {
    const c = await createCustomer(app, { consent: true });
    const s = await staff();
    const a = await start(s.browser, c.id);
    expect((await s.browser.post(a.action!, { token: a.token! })).headers.location).toBe('/customer/account');
    const replay = await s.browser.post(a.action!, { token: a.token! });
    expect(replay.headers.location).toBe('/');
    expect((await s.browser.get('/')).body).toContain('Login was not successful.');

    const b = await start(s.browser, c.id);
    const thief = new Agent(app);
    const stolen = await thief.post(b.action!, { token: b.token! });
    expect(stolen.headers.location).toBe('/');
    expect(thief.cookies.get(STOREFRONT_COOKIE)).toBeUndefined();

    const d = await start(s.browser, c.id);
    expect((await s.browser.post(d.action!, { token: `${d.token!.slice(0, -2)}xx` })).headers.location).toBe('/');

    const e = await start(s.browser, c.id);
    app.clock.advance(61_000);
    expect((await s.browser.post(e.action!, { token: e.token! })).headers.location).toBe('/');
    const whys = (await failures(s.admin.id)).map((f) => f.details);
    expect(whys.join('\n')).toMatch(/link already used/);
    expect(whys.join('\n')).toMatch(/opened in another browser/);
    expect(whys.join('\n')).toMatch(/link expired/);
  });

  it("never touches the customer's own sessions on other devices", async () => {
    const c = await createCustomer(app, { consent: true });
    const own = new Agent(app);
    await signInCustomer(own, c.email);
    const s = await assisted(c.id);
    expect((await s.browser.get('/customer/account')).statusCode).toBe(200);
    await s.browser.post('/loginascustomer/session/close');
    expect((await s.browser.get('/customer/account')).statusCode).toBe(302);
    expect((await own.get('/customer/account')).statusCode).toBe(200);
  });
});

describe('during the session', () => {
  it('acts on the real account, stamps the admin, and audits each change', async () => {
    const c = await createCustomer(app, { consent: true, groupId: 2 });
    const p = await createProduct(app, { price: 2000, prices: [{ websiteId: 0, groupId: 2, price: 1200 }] });
    const s = await assisted(c.id);
    expect((await s.browser.get(`/product/${p.urlKey}`)).body).toContain('$12.00');
    const order = await placeOrder(app, s.browser, [{ productId: p.id, qty: 1 }], { address_id: 'new' });
    expect(order.customer_id).toBe(c.id);
    expect(order.placed_by_admin_id).toBe(s.admin.id);
    const comments = await salesRepo.comments(app.ctx.db, order.id);
    expect(comments.map((x) => [x.comment, x.is_visible_on_front])).toEqual(
      expect.arrayContaining([
        ['Order Placed by Store Administrator', 1],
        [`Order Placed by ${s.admin.user.first_name} ${s.admin.user.last_name} using Login as Customer`, 0],
      ]),
    );
    // The customer later sees only the public comment.
    const own = new Agent(app);
    await signInCustomer(own, c.email);
    const view = await own.get(`/sales/order/view/${order.id}`);
    expect(view.body).toContain('Order Placed by Store Administrator');
    expect(view.body).not.toContain('using Login as Customer');
    await s.browser.post('/checkout/cart/add', { product: String(p.id), qty: '1' });
    const line = await app.ctx.db
      .selectFrom('cart_items as i')
      .innerJoin('carts as k', 'k.id', 'i.cart_id')
      .select('i.added_by_admin_id')
      .where('k.customer_id', '=', c.id)
      .where('k.is_active', '=', 1)
      .executeTakeFirstOrThrow();
    expect(line.added_by_admin_id).toBe(s.admin.id);
    const audited = await app.ctx.db
      .selectFrom('action_log')
      .select(['action', 'details'])
      .where('action_group', '=', 'login_as_customer')
      .where('admin_id', '=', s.admin.id)
      .where('action', '=', 'Storefront Action')
      .execute();
    expect(audited.map((a) => a.details)).toEqual(
      expect.arrayContaining([expect.stringContaining('POST /checkout/cart/add'), expect.stringContaining('POST /checkout/placeOrder')]),
    );
  });

  it('blocks password and email changes by default, with a message and a log entry', async () => {
    const c = await createCustomer(app, { consent: true });
    const s = await assisted(c.id);
    const res = await s.browser.post('/customer/account/editPost', {
      firstname: 'Test',
      lastname: 'Customer',
      change_password: '1',
      current_password: TEST_PASSWORD,
      password: 'Hijack-pass-9',
      password_confirmation: 'Hijack-pass-9',
      assistance_allowed: '1',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('This action is not available while store staff are signed in to your account.');
    expect((await failures(s.admin.id)).map((f) => f.details)).toEqual(expect.arrayContaining([expect.stringContaining('change_password')]));
    // A name change is fine.
    expect((await s.browser.post('/customer/account/editPost', { firstname: 'Renamed', lastname: 'Customer', assistance_allowed: '1' })).statusCode).toBe(303);
    const row = await app.ctx.db.selectFrom('customers').select(['firstname', 'updated_by_admin_id']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ firstname: 'Renamed', updated_by_admin_id: s.admin.id });
  });

  it('bypasses the page cache with "Disable Page Cache for Admin User" = Yes, and never leaks the banner', async () => {
    const c = await createCustomer(app, { consent: true });
    const s = await assisted(c.id);
    for (let i = 0; i < 2; i++) {
      const res = await s.browser.get('/');
      expect(res.headers['x-cache']).toBe('MISS');
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.body).toContain('data-role="lac-banner"');
    }
    const anonymous = await new Agent(app).get('/');
    expect(anonymous.body).not.toContain('lac-banner');
    expect(anonymous.body).not.toContain('Test Customer');
    // With No, shared pages may come from the cache, but the banner is added per response and never stored.
    await setConfig(app, { [LAC_DISABLE_PAGE_CACHE]: '0' });
    const warm = await s.browser.get('/');
    expect(warm.headers['x-cache']).toBe('MISS');
    const hit = await s.browser.get('/');
    expect(hit.headers['x-cache']).toBe('HIT');
    expect(hit.body).toContain('data-role="lac-banner"');
    expect((await new Agent(app).get('/')).body).not.toContain('lac-banner');
  });
});

describe('how a session ends', () => {
  const stillIn = async (browser: Agent) => (await browser.get('/customer/account')).statusCode === 200;

  it('Close Session signs the browser out with "You are signed out"', async () => {
    const c = await createCustomer(app, { consent: true });
    const s = await assisted(c.id);
    const res = await s.browser.post('/loginascustomer/session/close');
    expect(res.headers.location).toBe('/customer/account/logoutSuccess');
    expect((await s.browser.get('/customer/account/logoutSuccess')).body).toContain('You are signed out');
    expect(await stillIn(s.browser)).toBe(false);
    expect(await ends(c.id)).toEqual(['closed']);
  });

  it('admin logout, a new session by the same admin, consent revoked', async () => {
    const c1 = await createCustomer(app, { consent: true });
    const s = await assisted(c1.id);
    const shopper = new Agent(app);
    shopper.cookies.set(STOREFRONT_COOKIE, s.browser.cookies.get(STOREFRONT_COOKIE)!);
    const c2 = await createCustomer(app, { consent: true });
    const second = await start(s.browser, c2.id);
    expect(second.token).toBeTruthy();
    expect(await stillIn(shopper)).toBe(false);
    expect(await ends(c1.id)).toEqual(['new_session']);

    const c3 = await createCustomer(app, { consent: true });
    const t = await assisted(c3.id);
    await t.browser.post('/admin/logout');
    expect(t.browser.cookies.get(ADMIN_COOKIE)).toBeUndefined();
    expect(await stillIn(t.browser)).toBe(false);
    expect(await ends(c3.id)).toEqual(['admin_logout']);

    const c4 = await createCustomer(app, { consent: true });
    const u = await assisted(c4.id);
    const own = new Agent(app);
    await signInCustomer(own, c4.email);
    await own.post('/customer/account/editPost', { firstname: 'Test', lastname: 'Customer' });
    expect(await stillIn(u.browser)).toBe(false);
    expect(await stillIn(own)).toBe(true);
    expect(await ends(c4.id)).toEqual(['consent_revoked']);
  });

  it('permission removed from the role, admin deactivated, feature disabled', async () => {
    const boss = await createAdmin(app, 'all');
    const root = new Agent(app);
    await root.signInAdmin(boss.username, TEST_PASSWORD);

    const c1 = await createCustomer(app, { consent: true });
    const s = await assisted(c1.id);
    await app.ctx.services.adminUsers.updateRole(await systemContext(app.ctx), s.admin.roleId, {
      name: `r${Date.now()}`,
      all: false,
      resources: ['customers', 'customers.all'],
    });
    expect(await stillIn(s.browser)).toBe(false);
    expect(await ends(c1.id)).toEqual(['permission_removed']);

    const c2 = await createCustomer(app, { consent: true });
    const t = await assisted(c2.id);
    await app.ctx.db.updateTable('admin_users').set({ is_active: 0 }).where('id', '=', t.admin.id).execute();
    await bumpVersion(app.ctx.db, LAC_VERSION); // a change made behind the services' back must announce itself
    expect(await stillIn(t.browser)).toBe(false);
    expect(await ends(c2.id)).toEqual(['admin_disabled']);

    const c3 = await createCustomer(app, { consent: true });
    const u = await assisted(c3.id);
    await setConfig(app, { [LAC_ENABLED]: '0' });
    expect(await stillIn(u.browser)).toBe(false);
    expect(await ends(c3.id)).toEqual(['feature_disabled']);
  });

  it('idle timeout, lifetime and the admin-panel session expiring', async () => {
    const c1 = await createCustomer(app, { consent: true });
    const s = await assisted(c1.id);
    app.clock.advance(10 * 60_000);
    await s.browser.get('/admin/dashboard');
    app.clock.advance(6 * 60_000);
    expect(await stillIn(s.browser)).toBe(false);
    expect(await ends(c1.id)).toEqual(['idle_timeout']);

    const c2 = await createCustomer(app, { consent: true });
    const t = await assisted(c2.id);
    for (let i = 0; i < 7; i++) {
      app.clock.advance(9 * 60_000);
      // Keep the admin panel session alive too.
      await t.browser.get('/admin/dashboard');
      if (i < 6) expect(await stillIn(t.browser)).toBe(true);
    }
    expect(await stillIn(t.browser)).toBe(false);
    expect(await ends(c2.id)).toEqual(['lifetime']);

    const c3 = await createCustomer(app, { consent: true });
    const u = await assisted(c3.id);
    await app.ctx.db
      .updateTable('sessions')
      .set({ expires_at: '2000-01-01T00:00:00.000Z' })
      .where('kind', '=', 'admin')
      .where('subject_id', '=', u.admin.id)
      .execute();
    await bumpVersion(app.ctx.db, LAC_VERSION);
    expect(await stillIn(u.browser)).toBe(false);
    expect(await ends(c3.id)).toEqual(['admin_session_expired']);
  });
});

describe('Login as Customer Log', () => {
  it('lists successful logins newest first, exports CSV, and is 404 while the feature is disabled', async () => {
    const c = await createCustomer(app, { consent: true });
    const s = await assisted(c.id);
    const page = await s.browser.get(`/admin/customers/login-as-customer/log?customer_email=${encodeURIComponent(c.email)}`);
    expect(page.statusCode).toBe(200);
    for (const col of ['ID', 'Customer ID', 'Customer Email', 'Admin ID', 'Admin Name', 'Logged In']) expect(page.body).toContain(`>${col}<`);
    expect(page.body).toContain(c.email);
    const csv = await s.browser.get(`/admin/customers/login-as-customer/log/export/csv?customer_email=${encodeURIComponent(c.email)}`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect((await s.browser.get('/admin/dashboard')).body).toContain('Login as Customer Log');
    await setConfig(app, { [LAC_ENABLED]: '0' });
    expect((await s.browser.get('/admin/customers/login-as-customer/log')).statusCode).toBe(404);
    expect((await s.browser.get('/admin/dashboard')).body).not.toContain('Login as Customer Log');
  });
});

describe('Login as Customer Log export', () => {
  it('streams every matching row to the end of the keyset cursor, past one page, with formula cells guarded', async () => {
    const c = await createCustomer(app, { consent: true });
    const s = await assisted(c.id);
    const email = `many-${c.email}`;
    // More rows than the export reads per page (500), some sharing a login time: the cursor must not skip or repeat one.
    const rows = Array.from({ length: 1203 }, (_, i) => ({
      admin_id: s.admin.id,
      admin_username: s.admin.username,
      admin_name: i === 0 ? '=HYPERLINK("x")' : 'Bulk Admin',
      customer_id: c.id,
      customer_email: email,
      store_view_id: 1,
      status: 'ended' as const,
      admin_session_hash: `bulk-${i}`,
      storefront_session_hash: null,
      requested_at: '2026-01-01T00:00:00.000Z',
      logged_in_at: `2026-01-01T00:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 30).padStart(2, '0')}.000Z`,
      last_seen_at: null,
      expires_at: null,
      ended_at: null,
      end_reason: null,
    }));
    for (let i = 0; i < rows.length; i += 200)
      await app.ctx.db
        .insertInto('lac_sessions')
        .values(rows.slice(i, i + 200))
        .execute();
    const csv = await s.browser.get(`/admin/customers/login-as-customer/log/export/csv?customer_email=${encodeURIComponent(email)}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('\uFEFFID,Customer ID,Customer Email,Admin ID,Admin Name,Logged In');
    expect(lines).toHaveLength(1 + rows.length);
    const ids = lines.slice(1).map((l) => Number(l.split(',')[0]));
    expect(new Set(ids).size).toBe(rows.length);
    expect(csv.body).toContain(`"'=HYPERLINK(""x"")"`);
    // The service follows the cursor the same way with any page size.
    const listed: number[] = [];
    for await (const r of app.ctx.services.loginAsCustomer.logRows(await systemContext(app.ctx), { customerEmail: email }, 7)) listed.push(r.id);
    expect(listed).toEqual(ids);
  });
});

describe('beyond the peers: consent for a limited time, account access history', () => {
  it('a consent "for 24 hours" expires: the live session ends at the next click and a new one is refused', async () => {
    const c = await createCustomer(app);
    const own = new Agent(app);
    await signInCustomer(own, c.email);
    await own.post('/customer/account/editPost', { firstname: 'Test', lastname: 'Customer', assistance_allowed: '1', assistance_duration: '24h' });
    const row = await app.ctx.db
      .selectFrom('customers')
      .select(['assistance_allowed', 'assistance_expires_at'])
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row.assistance_allowed).toBe(1);
    expect(Date.parse(row.assistance_expires_at!) - app.clock.now().getTime()).toBe(24 * 3600_000);
    expect((await own.get('/customer/account/edit')).body).toContain('as now (until');
    const [h] = await app.ctx.db.selectFrom('customer_consents').selectAll().where('customer_id', '=', c.id).execute();
    expect(h!.expires_at).toBe(row.assistance_expires_at);

    const s = await assisted(c.id);
    expect((await s.browser.get('/customer/account')).statusCode).toBe(200);
    // Let the consent run out in a minute instead of a day, then take the next click.
    await app.ctx.db
      .updateTable('customers')
      .set({ assistance_expires_at: new Date(app.clock.now().getTime() + 60_000).toISOString() })
      .where('id', '=', c.id)
      .execute();
    await bumpVersion(app.ctx.db, LAC_VERSION); // a change made behind the services' back must announce itself
    expect((await s.browser.get('/customer/account')).statusCode).toBe(200);
    app.clock.advance(2 * 60_000);
    expect((await s.browser.get('/customer/account')).statusCode).toBe(302);
    expect(await ends(c.id)).toEqual(['consent_expired']);
    const again = await start(s.browser, c.id);
    expect(again.res.body).toContain('Login as Customer assistance is disabled for this Customer.');
  });

  it('lists each assisted session with staff name, reason, end and actions in My Account', async () => {
    await setConfig(app, { [LAC_REQUIRE_REASON]: '1' });
    const c = await createCustomer(app, { consent: true });
    const p = await createProduct(app, { qty: 20 });
    const s = await staff();
    const { token, action } = await start(s.browser, c.id, { reason: 'Ticket #4711' });
    await s.browser.post(action!, { token: token! });
    expect((await s.browser.get('/')).body).toContain('Reason: Ticket #4711');
    await s.browser.post('/checkout/cart/add', { product: String(p.id), qty: '2' });
    const o = await placeOrder(app, s.browser, [], { address_id: 'new' });
    await s.browser.post('/loginascustomer/session/close');
    const own = new Agent(app);
    await signInCustomer(own, c.email);
    const page = await own.get('/customer/access-history');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`${s.admin.user.first_name} ${s.admin.user.last_name} from our store signed in to your account`);
    expect(page.body).toContain('Reason: Ticket #4711');
    expect(page.body).toContain(`Added 2 × Product ${p.sku} to the cart`);
    expect(page.body).toContain(`Placed order #${o.increment_id}`);
    expect(page.body).toContain('Closed by the admin (Close Session)');
    // Another customer sees none of it.
    const other = await createCustomer(app);
    const stranger = new Agent(app);
    await signInCustomer(stranger, other.email);
    expect((await stranger.get('/customer/access-history')).body).toContain('No one from the store has signed in to your account.');
  });
});
