import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemContext } from '../../kernel/request-context.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD, unique } from '../../testing/fixtures.ts';
import { createCustomer } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { customersRepo } from '../customers/repo.ts';
import { LAC_ENABLED } from '../login-as-customer/settings.ts';
import { LAC_VERSION } from '../login-as-customer/service.ts';
import { bumpVersion } from '../../db/versioned-cache.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());
const setLac = async (on: boolean) => app.ctx.services.config.save(await systemContext(app.ctx), 'default', 0, [{ path: LAC_ENABLED, value: on ? '1' : '0' }]);
beforeEach(async () => setLac(true));

const LAC = ['customers', 'customers.all', 'customers.login_as_customer', 'customers.login_as_customer.allow', 'customers.login_as_customer.full_access'];

async function json(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, token?: string) {
  const res = await app.server.inject({
    method,
    url,
    payload: body === undefined ? undefined : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null, headers: res.headers };
}
async function adminToken(resources: string[] | 'all') {
  const admin = await createAdmin(app, resources);
  const res = await json('POST', '/rest/V1/integration/admin/token', { username: admin.username, password: TEST_PASSWORD });
  expect(res.status).toBe(200);
  return { admin, token: res.body as string };
}
const gql = (query: string, variables: Record<string, unknown> = {}, token?: string) => json('POST', '/graphql', { query, variables }, token);

describe('REST', () => {
  it('issues admin tokens only for good credentials and publishes OpenAPI', async () => {
    const admin = await createAdmin(app, LAC);
    expect((await json('POST', '/rest/V1/integration/admin/token', { username: admin.username, password: 'wrong-Pass-1' })).status).toBe(401);
    expect((await json('POST', '/rest/V1/integration/admin/token', {})).status).toBe(400);
    const docs = await json('GET', '/api/docs');
    expect(docs.body.openapi).toBe('3.0.3');
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/rest/V1/integration/admin/token', '/rest/V1/customers/{id}', '/rest/V1/loginascustomer/sessions']),
    );
  });

  it('reads and updates assistance_allowed under the opt-in permission rule, with history via API', async () => {
    const c = await createCustomer(app);
    expect((await json('GET', `/rest/V1/customers/${c.id}`)).status).toBe(401);
    const viewer = await adminToken(['dashboard']);
    expect((await json('GET', `/rest/V1/customers/${c.id}`, undefined, viewer.token)).status).toBe(403);
    const reader = await adminToken(LAC);
    const got = await json('GET', `/rest/V1/customers/${c.id}`, undefined, reader.token);
    expect(got.body.extension_attributes.assistance_allowed).toBe(2);
    const refused = await json('PUT', `/rest/V1/customers/${c.id}`, { customer: { extension_attributes: { assistance_allowed: 1 } } }, reader.token);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('You have no permission to change Opt-In preference.');
    expect((await customersRepo.byId(app.ctx.db, c.id))!.assistance_allowed).toBe(0);
    const writer = await adminToken([...LAC, 'customers.login_as_customer.change_opt_in']);
    const ok = await json('PUT', `/rest/V1/customers/${c.id}`, { customer: { extension_attributes: { assistance_allowed: 1 } } }, writer.token);
    expect(ok.status).toBe(200);
    expect(ok.body.extension_attributes.assistance_allowed).toBe(1);
    const [h] = await customersRepo.consentHistory(app.ctx.db, c.id);
    expect([h!.surface, h!.admin_id]).toEqual(['api', writer.admin.id]);
  });

  it('requests a handoff through the same service: refusals with messages, then a one-time browser login', async () => {
    const { token } = await adminToken(LAC);
    const noConsent = await createCustomer(app);
    const refused = await json('POST', '/rest/V1/loginascustomer/sessions', { customer_id: noConsent.id }, token);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe('Login as Customer assistance is disabled for this Customer.');
    // Statuses come from the one mapping of refusal kinds: an unknown customer is "not found".
    const unknown = await json('POST', '/rest/V1/loginascustomer/sessions', { customer_id: 2_000_000_000 }, token);
    expect(unknown.status).toBe(404);
    const c = await createCustomer(app, { consent: true });
    const started = await json('POST', '/rest/V1/loginascustomer/sessions', { customer_id: c.id, reason: 'Phone call' }, token);
    expect(started.status).toBe(201);
    const browser = new Agent(app);
    browser.cookies.set(started.body.binding_cookie.name, started.body.binding_cookie.value);
    await browser.get('/');
    const redeem = await browser.post(new URL(started.body.redeem_url).pathname, { token: started.body.token });
    expect(redeem.headers.location).toBe('/customer/account');
    expect((await browser.get('/customer/account')).body).toContain('You are connected as <strong>Test Customer</strong>');
  });
});

describe('GraphQL', () => {
  const GENERATE = 'mutation($email: String!) { generateCustomerTokenAsAdmin(input: { customer_email: $email }) { customer_token } }';

  it('generateCustomerTokenAsAdmin: admin only, feature on, customer exists and consents', async () => {
    const c = await createCustomer(app, { consent: true });
    const anonymous = await gql(GENERATE, { email: c.email });
    expect(anonymous.body.errors[0].message).toBe("The current user isn't authorized.");
    const { admin, token } = await adminToken(LAC);
    await setLac(false);
    expect((await gql(GENERATE, { email: c.email }, token)).body.errors[0].message).toBe('Login as Customer is disabled.');
    await setLac(true);
    expect((await gql(GENERATE, { email: 'nobody@example.com' }, token)).body.errors[0].message).toBe(
      'Customer with email "nobody@example.com" does not exist',
    );
    const noConsent = await createCustomer(app);
    expect((await gql(GENERATE, { email: noConsent.email }, token)).body.errors[0].message).toBe('Login as Customer assistance is disabled for this Customer.');
    // Each refusal went through the one service and is in the log as a Failure.
    const refusals = await app.ctx.db.selectFrom('action_log').select('details').where('admin_id', '=', admin.id).where('result', '=', 'Failure').execute();
    expect(refusals).toHaveLength(3);
    const ok = await gql(GENERATE, { email: c.email }, token);
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.generateCustomerTokenAsAdmin.customer_token).toMatch(/^[\w-]{43}$/);
  });

  it('a customer token issued that way is an assisted session: attributed, logged, and ended with the admin session', async () => {
    const c = await createCustomer(app, { consent: true });
    const { admin, token } = await adminToken(LAC);
    const customerToken = (await gql(GENERATE, { email: c.email }, token)).body.data.generateCustomerTokenAsAdmin.customer_token as string;
    const me = await gql('{ customer { email allow_remote_shopping_assistance } }', {}, customerToken);
    expect(me.body.data.customer).toEqual({ email: c.email, allow_remote_shopping_assistance: true });
    const updated = await gql('mutation { updateCustomer(input: { firstname: "Changed" }) { customer { firstname } } }', {}, customerToken);
    expect(updated.body.data.updateCustomer.customer.firstname).toBe('Changed');
    const row = (await customersRepo.byId(app.ctx.db, c.id))!;
    expect(row.updated_by_admin_id).toBe(admin.id);
    const log = await app.ctx.db
      .selectFrom('action_log')
      .select(['action', 'details'])
      .where('action_group', '=', 'login_as_customer')
      .where('admin_id', '=', admin.id)
      .orderBy('id')
      .execute();
    expect(log.map((l) => l.action)).toEqual(['Request Session', 'Login', 'Storefront Action']);
    // The admin's token is revoked (its session ends): the customer token stops working at once.
    await app.ctx.db.deleteFrom('sessions').where('kind', '=', 'admin').where('subject_id', '=', admin.id).execute();
    await bumpVersion(app.ctx.db, LAC_VERSION); // a change made behind the services' back must announce itself
    const after = await gql('{ customer { email } }', {}, customerToken);
    expect(after.body.errors[0].message).toBe("The current customer isn't authorized.");
  });

  it('createCustomer stores allow_remote_shopping_assistance with its history', async () => {
    const email = `${unique('gql')}@example.com`.toLowerCase();
    const res = await gql('mutation($i: CustomerCreateInput!) { createCustomer(input: $i) { customer { email allow_remote_shopping_assistance } } }', {
      i: { firstname: 'Graph', lastname: 'Q', email, password: 'Graph-pass-1', allow_remote_shopping_assistance: true },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.createCustomer.customer).toEqual({ email, allow_remote_shopping_assistance: true });
    const c = (await customersRepo.byEmail(app.ctx.db, email))!;
    expect((await customersRepo.consentHistory(app.ctx.db, c.id))[0]!.surface).toBe('api');
    const bad = await gql('mutation($i: CustomerCreateInput!) { createCustomer(input: $i) { customer { email } } }', {
      i: { firstname: 'G', lastname: 'Q', email, password: 'Graph-pass-1' },
    });
    expect(bad.body.errors[0].message).toContain('There is already an account with this email address.');
  });
});
