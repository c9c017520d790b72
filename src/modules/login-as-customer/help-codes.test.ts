import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD, setConfig } from '../../testing/fixtures.ts';
import { createCustomer, signInCustomer } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { LAC_ENABLED, LAC_HELP_ENABLED, LAC_HELP_MAX_FAILURES, LAC_STORE_VIEW_MANUAL } from './settings.ts';

const WITH_HELP = [
  'customers',
  'customers.all',
  'customers.login_as_customer',
  'customers.login_as_customer.allow',
  'customers.login_as_customer.full_access',
  'customers.login_as_customer.help_code',
];
const WITHOUT_HELP = WITH_HELP.filter((r) => r !== 'customers.login_as_customer.help_code');

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

beforeEach(() => setConfig(app, { [LAC_ENABLED]: '1', [LAC_STORE_VIEW_MANUAL]: '0', [LAC_HELP_ENABLED]: '1', [LAC_HELP_MAX_FAILURES]: '5' }));

/** A customer without standing consent, signed in in their own browser. */
async function customerBrowser() {
  const customer = await createCustomer(app, { consent: false });
  const browser = new Agent(app);
  await signInCustomer(browser, customer.email);
  return { customer, browser };
}

async function getHelp(browser: Agent) {
  const res = await browser.post('/customer/help');
  const code = /data-role="help-code"[^>]*>\s*(\d{6})\s*</.exec(res.body)?.[1];
  return { res, code };
}

async function staff(resources = WITH_HELP) {
  const admin = await createAdmin(app, resources);
  const browser = new Agent(app);
  await browser.signInAdmin(admin.username, TEST_PASSWORD);
  return { admin, browser };
}

const useCode = (browser: Agent, code: string, customerId?: number) =>
  browser.post('/admin/loginascustomer/help-code', { code, ...(customerId ? { customer_id: String(customerId) } : {}) });

/** Starts the session through the usual dialog's POST and redeems the handoff in the same browser. */
async function startAndRedeem(browser: Agent, customerId: number) {
  const res = await browser.post('/admin/loginascustomer/login', { customer_id: String(customerId) });
  const token = /name="token" value="([^"]+)"/.exec(res.body)?.[1];
  const action = /action="([^"]*\/loginascustomer\/login\/redeem)"/.exec(res.body)?.[1];
  if (!token || !action) return { res, redeem: undefined };
  return { res, redeem: await browser.post(action, { token }) };
}

const helpEntries = (customerId: number) =>
  app.ctx.db
    .selectFrom('action_log')
    .select(['result', 'details', 'full_details'])
    .where('action_group', '=', 'login_as_customer')
    .where('action', '=', 'Help Code')
    .where('full_details', 'like', `%"customer_id":${customerId}%`)
    .orderBy('id')
    .execute();
const flashOf = (res: { cookies: unknown[] }) =>
  decodeURIComponent(String((res.cookies as { name: string; value: string }[]).find((c) => c.name === 'concierge_flash')?.value ?? ''));

describe('Get help (the customer)', () => {
  it('shows a 6-digit code on the page the POST answers, never in a URL, stores only its HMAC, and a new one replaces it', async () => {
    const { customer, browser } = await customerBrowser();
    const page = await browser.get('/customer/help');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Get help');
    const first = await getHelp(browser);
    expect(first.res.statusCode).toBe(200);
    expect(first.res.headers['cache-control']).toBe('private, no-store');
    expect(first.code).toMatch(/^\d{6}$/);
    const rows = await app.ctx.db.selectFrom('lac_help_codes').selectAll().where('customer_id', '=', customer.id).execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(first.code);
    // The page later says a code is waiting, without its digits.
    const again = await browser.get('/customer/help');
    expect(again.body).toContain('You have a help code that is valid until');
    expect(again.body).not.toContain(first.code!);
    const second = await getHelp(browser);
    const statuses = await app.ctx.db.selectFrom('lac_help_codes').select('status').where('customer_id', '=', customer.id).orderBy('id').execute();
    expect(statuses.map((s) => s.status)).toEqual(['replaced', 'active']);
    // The old code no longer works; the log never holds a code.
    const { browser: agent } = await staff();
    if (first.code !== second.code) expect(flashOf(await useCode(agent, first.code!, customer.id))).toContain('This help code is not valid');
    const entries = await helpEntries(customer.id);
    expect(entries.length).toBeGreaterThanOrEqual(2);
    for (const e of entries) expect(`${e.details}${e.full_details}`).not.toContain(second.code!);
  });

  it('the customer can cancel the code, and a cancelled code does not work', async () => {
    const { customer, browser } = await customerBrowser();
    const { code } = await getHelp(browser);
    const cancel = await browser.post('/customer/help/cancel');
    expect(cancel.statusCode).toBe(303);
    expect(flashOf(cancel)).toContain('Your help code was cancelled.');
    const { browser: agent } = await staff();
    expect(flashOf(await useCode(agent, code!, customer.id))).toContain('This help code is not valid');
    expect(flashOf(await browser.post('/customer/help/cancel'))).toContain('You have no help code to cancel.');
  });

  it('refuses without a session, without the form key, and while help codes are off', async () => {
    const anonymous = new Agent(app);
    const res = await anonymous.post('/customer/help');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('/customer/account/login');
    const { customer, browser } = await customerBrowser();
    // Without the form key the storefront sends the browser back (303) and nothing runs.
    const forged = await browser.post('/customer/help', {}, { formKey: false });
    expect(forged.statusCode).toBe(303);
    expect(forged.body).not.toMatch(/data-role="help-code"/);
    await setConfig(app, { [LAC_HELP_ENABLED]: '0' });
    const off = await getHelp(browser);
    expect(off.res.statusCode).toBe(403);
    expect(off.code).toBeUndefined();
    expect(off.res.body).toContain('Help codes are not available.');
    expect(await app.ctx.db.selectFrom('lac_help_codes').select('id').where('customer_id', '=', customer.id).execute()).toEqual([]);
  });
});

describe('a help code in the admin', () => {
  it('grants the admin who entered it one session without standing consent; then the code and the grant are spent', async () => {
    const { customer, browser } = await customerBrowser();
    const { code } = await getHelp(browser);
    const { admin, browser: agent } = await staff();
    // Without the code, standing consent is off: refused.
    expect((await agent.post('/admin/loginascustomer/login', { customer_id: String(customer.id) })).statusCode).toBe(400);
    const used = await useCode(agent, code!, customer.id);
    expect(used.statusCode).toBe(303);
    expect(used.headers.location).toBe(`/admin/loginascustomer/confirm/${customer.id}?back=${encodeURIComponent(`/admin/customers/${customer.id}/edit`)}`);
    expect(flashOf(used)).toContain('Help code accepted');
    // The usual confirmation, and the button's dialog on the customer page, now offer the session.
    expect((await agent.get(used.headers.location!)).body).toContain('You are about to Login as Customer');
    const { res, redeem } = await startAndRedeem(agent, customer.id);
    expect(res.statusCode).toBe(200);
    expect(redeem?.statusCode).toBe(303);
    // The assisted session holds although consent is off (the per-request check does not end it).
    const account = await agent.get('/customer/account');
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('data-role="lac-banner"');
    const session = await app.ctx.db.selectFrom('lac_sessions').selectAll().where('customer_id', '=', customer.id).executeTakeFirstOrThrow();
    expect(session).toMatchObject({ status: 'active', admin_id: admin.id });
    expect(session.help_code_id).not.toBeNull();
    // Used once: the code is gone and a second start is refused.
    expect(flashOf(await useCode(agent, code!, customer.id))).toContain('This help code is not valid');
    expect((await agent.post('/admin/loginascustomer/login', { customer_id: String(customer.id) })).statusCode).toBe(400);
    const row = await app.ctx.db.selectFrom('lac_help_codes').selectAll().where('customer_id', '=', customer.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'used', redeemed_by_admin_id: admin.id, lac_session_id: session.id });
    // Logged: created, accepted (Success), the refused reuse (Failure); and shown in the access history.
    const entries = await helpEntries(customer.id);
    expect(entries.map((e) => e.result)).toEqual(['Success', 'Success', 'Failure']);
    expect(entries[2]!.details).toContain('wrong_code');
    const history = await browser.get('/customer/access-history');
    expect(history.body).toContain('You created a help code, valid until');
    expect(history.body).toContain('Test Admin entered your help code');
    expect(history.body).toContain('Test Admin used your help code to sign in to your account once');
    expect(history.body).toContain('Started with a help code you gave.');
  });

  it('is bound to the admin who entered it: another admin can neither use the grant nor the code', async () => {
    const { customer, browser } = await customerBrowser();
    const { code } = await getHelp(browser);
    const first = await staff();
    const other = await staff();
    expect((await useCode(first.browser, code!, customer.id)).statusCode).toBe(303);
    expect((await other.browser.post('/admin/loginascustomer/login', { customer_id: String(customer.id) })).statusCode).toBe(400);
    expect(flashOf(await useCode(other.browser, code!, customer.id))).toContain('This help code is not valid');
    expect(await app.ctx.db.selectFrom('lac_sessions').select('id').where('customer_id', '=', customer.id).execute()).toEqual([]);
  });

  it('refuses an expired code, a code of another customer and a malformed one, each logged as a Failure', async () => {
    const { customer, browser } = await customerBrowser();
    const { code } = await getHelp(browser);
    const { browser: agent } = await staff();
    const someoneElse = await createCustomer(app, { consent: false });
    expect(flashOf(await useCode(agent, code!, someoneElse.id))).toContain('This help code is not valid');
    expect(flashOf(await useCode(agent, 'abc', customer.id))).toContain('Enter the 6-digit help code.');
    await app.ctx.db.updateTable('lac_help_codes').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('customer_id', '=', customer.id).execute();
    expect(flashOf(await useCode(agent, code!, customer.id))).toContain('This help code is not valid');
    const failures = (await helpEntries(customer.id)).filter((e) => e.result === 'Failure');
    expect(failures.map((e) => JSON.parse(String(e.full_details)).code)).toEqual(['format', 'wrong_code']);
    expect((await helpEntries(someoneElse.id)).map((e) => e.result)).toEqual(['Failure']);
  });

  it('refuses without "Use help codes", without a session and while help codes are off; nothing is granted', async () => {
    const { customer, browser } = await customerBrowser();
    const { code } = await getHelp(browser);
    const plain = await staff(WITHOUT_HELP);
    const res = await useCode(plain.browser, code!, customer.id);
    expect(flashOf(res)).toContain('Sorry, you need permissions to view this content.');
    expect((await plain.browser.get(`/admin/customers/${customer.id}/edit`)).body).not.toContain('data-role="lac-help-code"');
    expect((await plain.browser.get('/admin/loginascustomer/help-code')).statusCode).toBe(403);
    const anonymous = await new Agent(app).post('/admin/loginascustomer/help-code', { code: code!, customer_id: String(customer.id) });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toContain('/admin/login');
    const { browser: agent } = await staff();
    await setConfig(app, { [LAC_HELP_ENABLED]: '0' });
    expect(flashOf(await useCode(agent, code!, customer.id))).toContain('Help codes are not available.');
    expect((await agent.get(`/admin/customers/${customer.id}/edit`)).body).not.toContain('data-role="lac-help-code"');
    await setConfig(app, { [LAC_HELP_ENABLED]: '1', [LAC_ENABLED]: '0' });
    expect(flashOf(await useCode(agent, code!, customer.id))).toContain('Login as Customer is disabled.');
    const row = await app.ctx.db.selectFrom('lac_help_codes').select(['status']).where('customer_id', '=', customer.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
    const codes = (await helpEntries(customer.id)).filter((e) => e.result === 'Failure').map((e) => JSON.parse(String(e.full_details)).code);
    expect(codes).toEqual(['forbidden', 'help_codes_disabled', 'disabled']);
  });

  it('counts wrong codes per admin and per customer: past the maximum even the right code is refused for a while', async () => {
    await setConfig(app, { [LAC_HELP_MAX_FAILURES]: '2' });
    const { customer, browser } = await customerBrowser();
    const { code } = await getHelp(browser);
    const wrong = code === '000000' ? '111111' : '000000';
    // Per customer: two admins, one wrong code each, use up the customer's allowance.
    const a = await staff();
    const b = await staff();
    expect(flashOf(await useCode(a.browser, wrong, customer.id))).toContain('This help code is not valid');
    expect(flashOf(await useCode(b.browser, wrong, customer.id))).toContain('This help code is not valid');
    const c = await staff();
    expect(flashOf(await useCode(c.browser, code!, customer.id))).toContain('Too many wrong help codes. Try again in 15 minutes.');
    // Per admin: admin A's second wrong code (in the search) uses up A's allowance, whatever the customer.
    expect((await useCode(a.browser, wrong)).statusCode).toBe(400);
    const limited = await useCode(a.browser, wrong);
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toContain('Too many wrong help codes.');
    // After the window, the right code works.
    app.clock.advance(16 * 60_000);
    await a.browser.signInAdmin(a.admin.username, TEST_PASSWORD);
    expect((await useCode(a.browser, code!, customer.id)).statusCode).toBe(303);
    const limitedEntries = (await helpEntries(customer.id)).filter((e) => JSON.parse(String(e.full_details)).code === 'rate_limited');
    expect(limitedEntries).toHaveLength(1);
  });

  it('counts concurrent wrong codes atomically', async () => {
    await setConfig(app, { [LAC_HELP_MAX_FAILURES]: '3' });
    const { customer } = await customerBrowser();
    const { browser: agent } = await staff();
    const answers = await Promise.all(Array.from({ length: 8 }, () => useCode(agent, '999999', customer.id)));
    const messages = answers.map(flashOf);
    // Each attempt is counted for the agent and for the customer, each count atomic: interleaved, a request may be
    // the 3rd for one key and the 4th for the other, so fewer than 3 may be tried — never more.
    const tried = messages.filter((m) => m.includes('This help code is not valid')).length;
    const refused = messages.filter((m) => m.includes('Too many wrong help codes')).length;
    expect(tried).toBeGreaterThanOrEqual(1);
    expect(tried).toBeLessThanOrEqual(3);
    expect(tried + refused).toBe(8);
  });

  it('"Find Customer by Help Code" finds the customer and leads to the usual confirmation', async () => {
    const { customer, browser } = await customerBrowser();
    const { code } = await getHelp(browser);
    const { browser: agent } = await staff();
    const page = await agent.get('/admin/loginascustomer/help-code');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Find Customer by Help Code');
    const empty = await useCode(agent, '');
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter the 6-digit help code.');
    const wrong = await useCode(agent, code === '123456' ? '654321' : '123456');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('This help code is not valid');
    const found = await useCode(agent, `${code!.slice(0, 3)} ${code!.slice(3)}`);
    expect(found.statusCode).toBe(303);
    expect(found.headers.location).toContain(`/admin/loginascustomer/confirm/${customer.id}`);
    const { redeem } = await startAndRedeem(agent, customer.id);
    expect(redeem?.statusCode).toBe(303);
  });

  it('cannot be created during an assisted session (the admin cannot make its own codes)', async () => {
    const { customer, browser } = await customerBrowser();
    const { code } = await getHelp(browser);
    const { browser: agent } = await staff();
    await useCode(agent, code!, customer.id);
    await startAndRedeem(agent, customer.id);
    const res = await getHelp(agent);
    expect(res.res.statusCode).toBe(403);
    expect(res.code).toBeUndefined();
    expect(res.res.body).toContain('Help codes cannot be created while store staff are signed in to your account.');
  });
});
