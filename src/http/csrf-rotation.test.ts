import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../testing/agent.ts';
import { createAdmin, TEST_PASSWORD } from '../testing/fixtures.ts';
import { createCustomer, signInCustomer } from '../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { LAC_ENABLED, LAC_REQUIRE_REASON, LAC_STORE_VIEW_MANUAL } from '../modules/login-as-customer/settings.ts';
import { CSRF_COOKIE } from './csrf.ts';
import { INVALID_FORM_KEY } from './server.tsx';
import { systemContext } from '../kernel/request-context.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  const saved = await app.ctx.services.config.save(await systemContext(app.ctx), 'default', 0, [
    { path: LAC_ENABLED, value: '1' },
    { path: LAC_STORE_VIEW_MANUAL, value: '0' },
    { path: LAC_REQUIRE_REASON, value: '0' },
  ]);
  if (!saved.ok) throw new Error(saved.messages.join());
});
afterAll(async () => app?.dispose());

/** The form keys on a page (all the same for one browser). */
const keysOn = (html: string) => new Set([...html.matchAll(/name="form_key" value="([^"]*)"/g)].map((m) => m[1]));

/** The old key is refused now, the new cookie's key is the one the next page carries. */
async function expectRotated(agent: Agent, seedBefore: string, keyBefore: string) {
  const seedAfter = agent.cookies.get(CSRF_COOKIE);
  expect(seedAfter).toMatch(/^[\w-]{43}$/);
  expect(seedAfter).not.toBe(seedBefore);
  const page = await agent.get('/customer/account/forgotpassword');
  expect(keysOn(page.body)).toEqual(new Set([agent.formKey()]));
  expect(agent.formKey()).not.toBe(keyBefore);
  const stale = await agent.post('/customer/account/forgotpasswordpost', { email: 'someone@example.com', form_key: keyBefore });
  expect(stale.statusCode).toBe(303);
  expect(stale.headers.location).toBe('/');
  expect((await agent.get('/')).body).toContain(INVALID_FORM_KEY);
}

describe('the storefront form key changes with who is signed in', () => {
  it('customer sign-in and sign-out each rotate the seed; a key from before is refused after', async () => {
    const c = await createCustomer(app);
    const browser = new Agent(app);
    await browser.get('/customer/account/login');
    let seed = browser.cookies.get(CSRF_COOKIE)!;
    let key = browser.formKey();
    await signInCustomer(browser, c.email);
    await expectRotated(browser, seed, key);

    seed = browser.cookies.get(CSRF_COOKIE)!;
    key = browser.formKey();
    expect((await browser.post('/customer/account/logout')).statusCode).toBe(303);
    await expectRotated(browser, seed, key);
  });

  it('a failed sign-in keeps the seed', async () => {
    const c = await createCustomer(app);
    const browser = new Agent(app);
    await browser.get('/customer/account/login');
    const seed = browser.cookies.get(CSRF_COOKIE)!;
    expect((await browser.post('/customer/account/loginPost', { 'login[username]': c.email, 'login[password]': 'Wrong-pass-1' })).statusCode).toBe(401);
    expect(browser.cookies.get(CSRF_COOKIE)).toBe(seed);
  });

  it('redeeming a Login as Customer handoff rotates the seed; the page rendered then carries the new key', async () => {
    const c = await createCustomer(app, { consent: true });
    const admin = await createAdmin(app, [
      'customers',
      'customers.all',
      'customers.login_as_customer',
      'customers.login_as_customer.allow',
      'customers.login_as_customer.full_access',
    ]);
    const browser = new Agent(app);
    await browser.signInAdmin(admin.username, TEST_PASSWORD);
    const handoff = await browser.post('/admin/loginascustomer/login', { customer_id: String(c.id) });
    const token = /name="token" value="([^"]+)"/.exec(handoff.body)![1]!;
    const action = /action="([^"]*\/loginascustomer\/login\/redeem)"/.exec(handoff.body)![1]!;
    const seed = browser.cookies.get(CSRF_COOKIE)!;
    const key = browser.formKey();
    const redeem = await browser.post(action, { token });
    expect(redeem.headers.location).toBe('/customer/account');
    const account = await browser.get('/customer/account');
    expect(account.body).toContain('You are connected as');
    expect(keysOn(account.body)).toEqual(new Set([browser.formKey()]));
    await expectRotated(browser, seed, key);
  });
});
