import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fromJson } from '../../db/helpers.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD, setConfig, postJson } from '../../testing/fixtures.ts';
import { createCustomer, createProduct, signInCustomer } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { lacRepo } from './repo.ts';
import { LAC_DEFAULT_ACCESS, LAC_ENABLED, LAC_REQUIRE_REASON, LAC_STORE_VIEW_MANUAL } from './settings.ts';

const BASE = ['customers', 'customers.all', 'customers.login_as_customer', 'customers.login_as_customer.allow', 'customers.login_as_customer.view_log'];
const FULL = [...BASE, 'customers.login_as_customer.full_access'];
const REFUSED = 'This is a view-only session: changes are not allowed.';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

beforeEach(async () => setConfig(app, { [LAC_ENABLED]: '1', [LAC_STORE_VIEW_MANUAL]: '0', [LAC_REQUIRE_REASON]: '0', [LAC_DEFAULT_ACCESS]: 'full' }));

/** An admin who clicks "Login as Customer" with the given form fields, and the browser in the session. */
async function assisted(customerId: number, resources: string[], fields: Record<string, string> = {}) {
  const admin = await createAdmin(app, resources);
  const browser = new Agent(app);
  await browser.signInAdmin(admin.username, TEST_PASSWORD);
  const res = await browser.post('/admin/loginascustomer/login', { customer_id: String(customerId), ...fields });
  expect(res.statusCode).toBe(200);
  const token = /name="token" value="([^"]+)"/.exec(res.body)![1]!;
  const action = /action="([^"]*\/loginascustomer\/login\/redeem)"/.exec(res.body)![1]!;
  expect((await browser.post(action, { token })).statusCode).toBe(303);
  const session = (await app.ctx.db.selectFrom('lac_sessions').selectAll().where('admin_id', '=', admin.id).orderBy('id', 'desc').executeTakeFirstOrThrow())!;
  return { admin, browser, session };
}

const entries = (adminId: number, action: string) =>
  app.ctx.db
    .selectFrom('action_log')
    .select(['result', 'details', 'full_details'])
    .where('action_group', '=', 'login_as_customer')
    .where('admin_id', '=', adminId)
    .where('action', '=', action)
    .orderBy('id')
    .execute();

const counts = async (customerId: number) => {
  const n = async (table: 'customer_addresses' | 'wishlist_items' | 'orders') =>
    Number(
      (
        await app.ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('customer_id', '=', customerId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const items = await app.ctx.db
    .selectFrom('cart_items')
    .innerJoin('carts', 'carts.id', 'cart_items.cart_id')
    .select(['cart_items.product_id', 'cart_items.qty'])
    .where('carts.customer_id', '=', customerId)
    .orderBy('cart_items.id')
    .execute();
  return { addresses: await n('customer_addresses'), wishlist: await n('wishlist_items'), orders: await n('orders'), items };
};

describe('choosing the access of a session', () => {
  it('the dialog offers Full access / View only, preselected from "Default session access"', async () => {
    const customer = await createCustomer(app, { consent: true });
    const admin = await createAdmin(app, FULL);
    const browser = new Agent(app);
    await browser.signInAdmin(admin.username, TEST_PASSWORD);
    const page = (await browser.get(`/admin/loginascustomer/confirm/${customer.id}`)).body;
    expect(page).toMatch(/<input type="radio"[^>]*value="full" checked/);
    expect(page).toContain('value="view_only"');
    expect(page).not.toContain('Your role allows view-only sessions only.');
    await setConfig(app, { [LAC_DEFAULT_ACCESS]: 'view_only' });
    expect((await browser.get(`/admin/loginascustomer/confirm/${customer.id}`)).body).toMatch(/<input type="radio"[^>]*value="view_only" checked/);
  });

  it('starts a view-only session when the admin chooses it, and a full one by default', async () => {
    const customer = await createCustomer(app, { consent: true });
    const chosen = await assisted(customer.id, FULL, { access: 'view_only' });
    expect(chosen.session.view_only).toBe(1);
    const account = (await chosen.browser.get('/customer/account')).body;
    expect(account).toContain('data-role="lac-view-only"');
    expect(account).toContain('View only');
    const full = await assisted(customer.id, FULL);
    expect(full.session.view_only).toBe(0);
    expect((await full.browser.get('/customer/account')).body).not.toContain('data-role="lac-view-only"');
  });

  it('follows the setting when nothing is chosen', async () => {
    await setConfig(app, { [LAC_DEFAULT_ACCESS]: 'view_only' });
    const customer = await createCustomer(app, { consent: true });
    expect((await assisted(customer.id, FULL)).session.view_only).toBe(1);
    expect((await assisted(customer.id, FULL, { access: 'full' })).session.view_only).toBe(0);
  });

  it('forces View only without "Allow full access": the choice shown disabled, a forged "full" starts a view-only session', async () => {
    const customer = await createCustomer(app, { consent: true });
    const admin = await createAdmin(app, BASE);
    const browser = new Agent(app);
    await browser.signInAdmin(admin.username, TEST_PASSWORD);
    const page = (await browser.get(`/admin/loginascustomer/confirm/${customer.id}`)).body;
    expect(page).toMatch(/<fieldset class="field lac-access" disabled/);
    expect(page).toContain('Your role allows view-only sessions only.');
    expect(page).toContain('<input type="hidden" name="access" value="view_only"');

    const forged = await assisted(customer.id, BASE, { access: 'full' });
    expect(forged.session.view_only).toBe(1);
    const [request] = await entries(forged.admin.id, 'Request Session');
    expect(request!.result).toBe('Success');
    expect(fromJson<Record<string, unknown>>(request!.full_details, {})).toMatchObject({ view_only: true, full_access_refused: true });
    expect((await forged.browser.get('/customer/account')).body).toContain('data-role="lac-view-only"');
  });
});

describe('in a view-only session', () => {
  it('refuses add to cart, address save, wish list and both checkout steps before any handler: nothing changes, each refusal logged', async () => {
    const customer = await createCustomer(app, { consent: true });
    const product = await createProduct(app, { qty: 50 });
    // The customer's own cart, so that placing the order would have something to order.
    const own = new Agent(app);
    await signInCustomer(own, customer.email);
    expect((await own.post('/checkout/cart/add', { product: String(product.id), qty: '1' })).statusCode).toBe(303);

    const { admin, browser, session } = await assisted(customer.id, FULL, { access: 'view_only' });
    const before = await counts(customer.id);
    expect(before.items).toHaveLength(1);
    const posts: [string, Record<string, string>][] = [
      ['/checkout/cart/add', { product: String(product.id), qty: '2' }],
      [
        '/customer/address/formPost',
        { firstname: 'A', lastname: 'B', street: 'New Street 1', city: 'Town', postcode: '12345', country_id: 'US', telephone: '555', region: '' },
      ],
      ['/wishlist/index/add', { product: String(product.id) }],
      ['/checkout/shipping', { address_id: 'new', shipping_method: 'flatrate_flatrate', firstname: 'A', lastname: 'B' }],
      ['/checkout/placeOrder', { payment_method: 'checkmo', billing_same_as_shipping: '1' }],
    ];
    for (const [path, form] of posts) {
      const res = await browser.post(path, form, { headers: { referer: 'http://localhost/catalog/product/view' } });
      expect(res.statusCode, path).toBe(303);
      expect(res.headers.location, path).toBe('/catalog/product/view');
    }
    // The message shows once on the next page, and the session goes on.
    const next = (await browser.get('/customer/account')).body;
    expect(next).toContain(REFUSED);
    expect(next).toContain('Close Session');
    expect(await counts(customer.id)).toEqual(before);

    const refusals = await entries(admin.id, 'View-only Refusal');
    expect(refusals.map((r) => r.result)).toEqual(posts.map(() => 'Failure'));
    expect(refusals.map((r) => fromJson<{ path: string }>(r.full_details, { path: '' }).path)).toEqual(posts.map(([p]) => p));
    expect(refusals.every((r) => r.details.includes(`#${session.id}`))).toBe(true);
    // Refused requests are not recorded as storefront actions.
    expect(await entries(admin.id, 'Storefront Action')).toEqual([]);
    expect(await lacRepo.session(app.ctx.db, session.id)).toMatchObject({ status: 'active' });
  });

  it('sends a refusal without a same-origin Referer to the home page', async () => {
    const customer = await createCustomer(app, { consent: true });
    const product = await createProduct(app);
    const { browser } = await assisted(customer.id, FULL, { access: 'view_only' });
    const res = await browser.post('/checkout/cart/add', { product: String(product.id), qty: '1' }, { headers: { referer: 'https://evil.example/x' } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
  });

  it('still refuses a forged POST without the form key as such, before the view-only check', async () => {
    const customer = await createCustomer(app, { consent: true });
    const { admin, browser } = await assisted(customer.id, FULL, { access: 'view_only' });
    const res = await browser.post('/wishlist/index/add', { product: '1' }, { formKey: false });
    expect(res.statusCode).toBe(303);
    expect(await entries(admin.id, 'View-only Refusal')).toEqual([]);
  });

  it('lets Close Session end it', async () => {
    const customer = await createCustomer(app, { consent: true });
    const { admin, browser, session } = await assisted(customer.id, FULL, { access: 'view_only' });
    const res = await browser.post('/loginascustomer/session/close');
    expect(res.headers.location).toBe('/customer/account/logoutSuccess');
    expect(await lacRepo.session(app.ctx.db, session.id)).toMatchObject({ status: 'ended', end_reason: 'closed' });
    expect(await entries(admin.id, 'View-only Refusal')).toEqual([]);
  });

  it('lets the browser sign out', async () => {
    const customer = await createCustomer(app, { consent: true });
    const { browser } = await assisted(customer.id, FULL, { access: 'view_only' });
    const res = await browser.post('/customer/account/logout');
    expect(res.statusCode).toBe(303);
    expect((await browser.get('/customer/account')).statusCode).toBe(302);
  });

  it("shows as view only in the customer's access history and in the log grid's Access column", async () => {
    const customer = await createCustomer(app, { consent: true });
    const viewOnly = await assisted(customer.id, FULL, { access: 'view_only' });
    await viewOnly.browser.post('/loginascustomer/session/close');
    const full = await assisted(customer.id, FULL, { access: 'full' });
    await full.browser.post('/loginascustomer/session/close');
    const own = new Agent(app);
    await signInCustomer(own, customer.email);
    const history = (await own.get('/customer/access-history')).body;
    const block = (id: number) => new RegExp(`data-session="${id}"[\\s\\S]*?</li>\\s*(?:<li class="access-session"|</ol>)`).exec(history)?.[0] ?? '';
    expect(block(viewOnly.session.id)).toContain('View only: no changes could be made in this session.');
    expect(block(full.session.id)).not.toContain('View only');

    const grid = (await full.browser.get(`/admin/customers/login-as-customer/log?customer_id=${customer.id}`)).body;
    expect(grid).toContain('>Access<');
    expect(grid).toContain('View only');
    expect(grid).toContain('Full');
  });
});

describe('the API doors', () => {
  const json = (url: string, body: unknown, token?: string) => postJson(app, url, body, token);
  async function adminToken(resources: string[]) {
    const admin = await createAdmin(app, resources);
    const res = await json('/rest/V1/integration/admin/token', { username: admin.username, password: TEST_PASSWORD });
    return { admin, token: res.body as string };
  }

  it('REST takes view_only, answers it, and the redeemed session is view only', async () => {
    const customer = await createCustomer(app, { consent: true });
    const { token } = await adminToken(FULL);
    const started = await json('/rest/V1/loginascustomer/sessions', { customer_id: customer.id, view_only: true }, token);
    expect(started.status).toBe(201);
    expect(started.body.view_only).toBe(true);
    expect((await lacRepo.session(app.ctx.db, started.body.lac_session_id))!.view_only).toBe(1);
    const browser = new Agent(app);
    browser.cookies.set(started.body.binding_cookie.name, started.body.binding_cookie.value);
    await browser.get('/');
    await browser.post(new URL(started.body.redeem_url).pathname, { token: started.body.token });
    expect((await browser.get('/customer/account')).body).toContain('data-role="lac-view-only"');

    const full = await json('/rest/V1/loginascustomer/sessions', { customer_id: customer.id, view_only: false }, token);
    expect(full.body.view_only).toBe(false);
    const bad = await json('/rest/V1/loginascustomer/sessions', { customer_id: customer.id, view_only: 'yes' }, token);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('"view_only" must be true or false');
  });

  it('REST without "Allow full access" starts a view-only session whatever view_only says', async () => {
    const customer = await createCustomer(app, { consent: true });
    const { token } = await adminToken(BASE);
    const started = await json('/rest/V1/loginascustomer/sessions', { customer_id: customer.id, view_only: false }, token);
    expect(started.status).toBe(201);
    expect(started.body.view_only).toBe(true);
  });

  it('OpenAPI documents view_only', async () => {
    const doc = await app.server.inject({ method: 'GET', url: '/api/docs/json' });
    expect(doc.body).toContain('view_only');
  });

  it('GraphQL refuses a view-only customer token, and logs it', async () => {
    const customer = await createCustomer(app, { consent: true });
    const { admin, token } = await adminToken(BASE);
    const query = 'mutation($email: String!) { generateCustomerTokenAsAdmin(input: { customer_email: $email, view_only: false }) { customer_token } }';
    const res = await json('/graphql', { query, variables: { email: customer.email } }, token);
    expect(res.body.errors[0].message).toBe('View-only sessions are not available with a customer token.');
    expect((await entries(admin.id, 'Request Session')).map((e) => e.result)).toEqual(['Failure']);
  });
});
