import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../testing/agent.ts';
import { createAdmin, TEST_PASSWORD } from '../testing/fixtures.ts';
import { createCustomer, signInCustomer } from '../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { readMailbox } from '../modules/mail/mailer.ts';
import { BINDING_COOKIE } from '../modules/login-as-customer/service.ts';
import { LAC_ENABLED, LAC_REQUIRE_REASON, LAC_STORE_VIEW_MANUAL } from '../modules/login-as-customer/settings.ts';
import { redactText, redactUrl, REDACTED } from './log-redaction.ts';
import { systemContext } from '../kernel/request-context.ts';

// Everything the server logs at the most verbose level, one JSON line per entry.
const lines: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({}, { logger: pino({ level: 'trace' }, capture) });
  const saved = await app.ctx.services.config.save(await systemContext(app.ctx), 'default', 0, [
    { path: LAC_ENABLED, value: '1' },
    { path: LAC_STORE_VIEW_MANUAL, value: '0' },
    { path: LAC_REQUIRE_REASON, value: '0' },
  ]);
  if (!saved.ok) throw new Error(saved.messages.join());
});
afterAll(async () => app?.dispose());

const LAC = ['customers', 'customers.all', 'customers.login_as_customer', 'customers.login_as_customer.allow', 'customers.login_as_customer.full_access'];

/** Every secret a browser or API client has held so far: cookie values and the form keys derived from them. */
function collect(secrets: Set<string>, ...agents: Agent[]) {
  for (const agent of agents) {
    for (const value of agent.cookies.values()) if (value.length >= 16) secrets.add(value);
    const key = agent.formKey();
    if (key) secrets.add(key);
  }
}

async function json(method: 'GET' | 'POST', url: string, body?: unknown, token?: string) {
  const res = await app.server.inject({
    method,
    url,
    payload: body === undefined ? undefined : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
}

describe('secrets never reach the log or the action log', () => {
  it('password reset, Login as Customer, API tokens and sign-ins leave no secret in any log line or action-log row', async () => {
    const secrets = new Set<string>([TEST_PASSWORD]);
    const logStart = lines.length;
    const actionLogStart = Number(
      (
        await app.ctx.db
          .selectFrom('action_log')
          .select((eb) => eb.fn.max('id').as('id'))
          .executeTakeFirst()
      )?.id ?? 0,
    );

    // A customer resets a forgotten password through the emailed link.
    const customer = await createCustomer(app, { consent: true });
    const shopper = new Agent(app);
    await shopper.get('/customer/account/forgotpassword');
    collect(secrets, shopper);
    expect((await shopper.post('/customer/account/forgotpasswordpost', { email: customer.email })).statusCode).toBe(303);
    const mail = (await readMailbox(app.ctx.env.VAR_DIR)).filter((m) => m.to.includes(customer.email)).at(-1)!;
    const resetToken = decodeURIComponent(/createPassword\?token=(\S+)/.exec(mail.text)![1]!);
    secrets.add(resetToken);
    const link = await shopper.get(`/customer/account/createPassword?token=${encodeURIComponent(resetToken)}`);
    expect(link.statusCode).toBe(303);
    // The URL holding the token is neither kept by caches nor passed on as a Referer.
    expect(link.headers['referrer-policy']).toBe('no-referrer');
    expect(link.headers['cache-control']).toBe('no-store');
    expect((await shopper.get('/customer/account/createPassword')).statusCode).toBe(200);
    collect(secrets, shopper);
    const newPassword = 'Fresh-pass-789';
    secrets.add(newPassword);
    expect((await shopper.post('/customer/account/resetpasswordpost', { password: newPassword, password_confirmation: newPassword })).statusCode).toBe(303);

    // The customer signs in with it (a wrong password first), browses and signs out.
    const wrongCustomerPassword = 'Wrong-pass-000';
    secrets.add(wrongCustomerPassword);
    expect(
      (await shopper.post('/customer/account/loginPost', { 'login[username]': customer.email, 'login[password]': wrongCustomerPassword })).statusCode,
    ).toBe(401);
    await signInCustomer(shopper, customer.email, newPassword);
    expect((await shopper.get('/customer/account')).statusCode).toBe(200);
    collect(secrets, shopper);
    // A form key that ends up in a query string is not written down either.
    await shopper.get(`/catalogsearch/result?q=kettle&form_key=${encodeURIComponent(shopper.formKey())}`);
    expect((await shopper.post('/customer/account/logout')).statusCode).toBe(303);
    collect(secrets, shopper);

    // An admin signs in (after a failed attempt, which the action log records) and starts Login as Customer.
    const admin = await createAdmin(app, LAC);
    const staff = new Agent(app);
    await staff.get('/admin/login');
    collect(secrets, staff);
    const wrongAdminPassword = 'Not-the-pass-1';
    secrets.add(wrongAdminPassword);
    expect((await staff.post('/admin/login', { 'login[username]': admin.username, 'login[password]': wrongAdminPassword })).statusCode).toBe(401);
    await staff.signInAdmin(admin.username, TEST_PASSWORD);
    collect(secrets, staff);
    const handoff = await staff.post('/admin/loginascustomer/login', { customer_id: String(customer.id) });
    const handoffToken = /name="token" value="([^"]+)"/.exec(handoff.body)![1]!;
    const redeemAction = /action="([^"]*\/loginascustomer\/login\/redeem)"/.exec(handoff.body)![1]!;
    secrets.add(handoffToken);
    secrets.add(staff.cookies.get(BINDING_COOKIE)!);
    collect(secrets, staff);
    const redeem = await staff.post(redeemAction, { token: handoffToken });
    expect(redeem.headers.location).toBe('/customer/account');
    expect((await staff.get('/customer/account')).body).toContain('You are connected as');
    collect(secrets, staff);
    expect((await staff.post('/loginascustomer/session/close')).statusCode).toBe(303);
    collect(secrets, staff);

    // An API client obtains an admin token (after a refused attempt) and uses it, also for a customer token.
    const refused = await json('POST', '/rest/V1/integration/admin/token', { username: admin.username, password: wrongAdminPassword });
    expect(refused.status).toBe(401);
    const issued = await json('POST', '/rest/V1/integration/admin/token', { username: admin.username, password: TEST_PASSWORD });
    expect(issued.status).toBe(200);
    const apiToken = issued.body as string;
    secrets.add(apiToken);
    expect((await json('GET', `/rest/V1/customers/${customer.id}`, undefined, apiToken)).status).toBe(200);
    const generated = await json(
      'POST',
      '/graphql',
      {
        query: 'mutation($email: String!) { generateCustomerTokenAsAdmin(input: { customer_email: $email }) { customer_token } }',
        variables: { email: customer.email },
      },
      apiToken,
    );
    const customerToken = generated.body.data.generateCustomerTokenAsAdmin.customer_token as string;
    secrets.add(customerToken);
    expect((await json('POST', '/graphql', { query: '{ customer { email } }' }, customerToken)).body.data.customer.email).toBe(customer.email);

    const logged = lines.slice(logStart);
    // The journey was logged at all (the checks below cannot pass on an empty log).
    expect(logged.some((l) => l.includes('/rest/V1/integration/admin/token'))).toBe(true);
    expect(logged.some((l) => l.includes('/loginascustomer/login/redeem'))).toBe(true);
    const entries = await app.ctx.db.selectFrom('action_log').selectAll().where('id', '>', actionLogStart).execute();
    expect(entries.some((e) => e.action_group === 'admin_sign_in' && e.result === 'Failure')).toBe(true);
    expect(entries.some((e) => e.action_group === 'login_as_customer')).toBe(true);
    const rows = entries.map((e) => JSON.stringify(e));
    expect(secrets.size).toBeGreaterThan(10);
    for (const secret of secrets) {
      expect(
        logged.filter((l) => l.includes(secret) || l.includes(encodeURIComponent(secret))),
        `log lines with ${secret}`,
      ).toEqual([]);
      expect(
        rows.filter((r) => r.includes(secret)),
        `action log rows with ${secret}`,
      ).toEqual([]);
    }
    // The reset link's request is logged with the token's value hidden.
    expect(logged.some((l) => l.includes('"url":"/customer/account/createPassword?token=[REDACTED]"'))).toBe(true);
    // Nothing about a request beyond its method, redacted URL, host and peer: no headers, no body.
    for (const l of logged) expect(l).not.toMatch(/"(headers|cookie|authorization|body|payload)"/i);
  });
});

describe('redaction rules', () => {
  it('hides the values of secret-looking query parameters and keeps the rest', () => {
    expect(redactUrl('/customer/account/createPassword?token=abc')).toBe(`/customer/account/createPassword?token=${REDACTED}`);
    expect(redactUrl('/x?q=kettle&form_key=k1&Key=k2&password=p&session_id=s&page=2')).toBe(
      `/x?q=kettle&form_key=${REDACTED}&Key=${REDACTED}&password=${REDACTED}&session_id=${REDACTED}&page=2`,
    );
    expect(redactUrl('/x?form%5Fkey=k1&%ZZtoken=t')).toBe(`/x?form%5Fkey=${REDACTED}&%ZZtoken=${REDACTED}`);
    expect(redactUrl('/plain/path')).toBe('/plain/path');
    expect(redactText('GET /reset?token=abc failed; see /a?b=1&access_token=zzz')).toBe(
      `GET /reset?token=${REDACTED} failed; see /a?b=1&access_token=${REDACTED}`,
    );
  });
});
