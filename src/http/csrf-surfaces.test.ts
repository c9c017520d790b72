import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../kernel/request-context.ts';
import { LAC_ENABLED, LAC_STORE_VIEW_MANUAL } from '../modules/login-as-customer/settings.ts';
import { Agent } from '../testing/agent.ts';
import { createAdmin, TEST_PASSWORD } from '../testing/fixtures.ts';
import { createCustomer } from '../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { ADMIN_CSRF_COOKIE, CSRF_COOKIE } from './csrf.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  await app.ctx.services.config.save(await systemContext(app.ctx), 'default', 0, [
    { path: LAC_ENABLED, value: '1' },
    { path: LAC_STORE_VIEW_MANUAL, value: '0' },
  ]);
});
afterAll(async () => app?.dispose());

const formKeyOn = (html: string) => /name="form_key" value="([^"]+)"/.exec(html)?.[1];

describe('the admin panel and the storefront keep separate form keys', () => {
  it('an assisted session starting in another tab leaves the admin page open before it working (Sign Out still works)', async () => {
    const customer = await createCustomer(app, { consent: true });
    const admin = await createAdmin(app, [
      'customers',
      'customers.all',
      'customers.login_as_customer',
      'customers.login_as_customer.allow',
      'customers.login_as_customer.full_access',
    ]);
    const browser = new Agent(app);
    await browser.signInAdmin(admin.username, TEST_PASSWORD);
    // The customer page the agent keeps open, with its Sign Out form.
    const customerPage = await browser.get(`/admin/customers/${customer.id}/edit`);
    const keyOnOpenPage = formKeyOn(customerPage.body)!;
    const adminSeed = browser.cookies.get(ADMIN_CSRF_COOKIE);

    // Login as Customer: the handoff page carries the storefront's key, and the redeem rotates only that one.
    const start = await browser.post('/admin/loginascustomer/login', { customer_id: String(customer.id) });
    const action = /action="([^"]*\/loginascustomer\/login\/redeem)"/.exec(start.body)![1]!;
    const token = /name="token" value="([^"]+)"/.exec(start.body)![1]!;
    const storefrontSeedBefore = browser.cookies.get(CSRF_COOKIE);
    expect(formKeyOn(start.body)).toBe(browser.formKey('storefront'));
    const redeem = await browser.post(action, { token, form_key: formKeyOn(start.body)! });
    expect(redeem.statusCode).toBe(303);
    expect(redeem.headers.location).toBe('/customer/account');
    expect(browser.cookies.get(CSRF_COOKIE)).not.toBe(storefrontSeedBefore);
    expect(browser.cookies.get(ADMIN_CSRF_COOKIE)).toBe(adminSeed);

    const signOut = await browser.post('/admin/logout', { form_key: keyOnOpenPage });
    expect(signOut.statusCode).toBe(303);
    expect(signOut.headers.location).toBe('/admin/login');
    const ended = await app.ctx.db.selectFrom('lac_sessions').select(['status', 'end_reason']).where('customer_id', '=', customer.id).executeTakeFirstOrThrow();
    expect(ended).toEqual({ status: 'ended', end_reason: 'admin_logout' });
  });

  it('a storefront key is refused by the admin panel and the reverse', async () => {
    const admin = await createAdmin(app, 'all');
    const browser = new Agent(app);
    await browser.signInAdmin(admin.username, TEST_PASSWORD);
    await browser.get('/checkout/cart');
    expect((await browser.post('/admin/logout', { form_key: browser.formKey('storefront') })).headers.location).toBe('/admin/dashboard');
    const shopper = await browser.post('/customer/account/loginPost', {
      'login[username]': 'nobody@example.com',
      'login[password]': 'x',
      form_key: browser.formKey('admin'),
    });
    expect(shopper.statusCode).toBe(303);
    expect((await browser.get(shopper.headers.location as string)).body).toContain('Invalid Form Key');
  });
});
