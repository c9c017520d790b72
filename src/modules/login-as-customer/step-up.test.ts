import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE } from '../../http/server.tsx';
import { systemContext } from '../../kernel/request-context.ts';
import { sha256 } from '../../kernel/tokens.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD, setConfig, LAC_AGENT_RESOURCES, postJson } from '../../testing/fixtures.ts';
import { createCustomer } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { ADMIN_LOCKOUT_FAILURES } from '../admin-users/index.ts';
import { lacRepo } from './repo.ts';
import { LAC_ENABLED, LAC_REAUTH_MINUTES, LAC_REQUIRE_REASON, LAC_STORE_VIEW_MANUAL } from './settings.ts';

/**
 * Step-up before an assisted session: a sign-in older than "Require re-authentication after (minutes)" makes the
 * start ask for the password (or a passkey) again, through every door; failures count toward the admin lockout.
 */

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

beforeEach(async () =>
  setConfig(app, { [LAC_ENABLED]: '1', [LAC_STORE_VIEW_MANUAL]: '0', [LAC_REQUIRE_REASON]: '0', [LAC_REAUTH_MINUTES]: '15', [ADMIN_LOCKOUT_FAILURES]: '6' }),
);

async function staff() {
  const admin = await createAdmin(app, LAC_AGENT_RESOURCES);
  const browser = new Agent(app);
  await browser.signInAdmin(admin.username, TEST_PASSWORD);
  return { admin, browser };
}

/** Lets `minutes` pass while the admin keeps the admin panel open (a click every 5 minutes keeps its session alive). */
async function wait(browser: Agent, minutes: number) {
  for (let left = minutes; left > 0; left -= 5) {
    app.clock.advance(Math.min(5, left) * 60_000);
    expect((await browser.get('/admin/customers')).statusCode).toBe(200);
  }
}

const tokenOf = (body: string) => /name="token" value="([^"]+)"/.exec(body)?.[1];
const sessionsOf = (customerId: number) => lacRepo.openSessions(app.ctx.db, { customerId });
const userRow = (id: number) => app.ctx.db.selectFrom('admin_users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const adminSession = (browser: Agent) =>
  app.ctx.db
    .selectFrom('sessions')
    .selectAll()
    .where('id_hash', '=', sha256(browser.cookies.get(ADMIN_COOKIE) ?? ''))
    .executeTakeFirst();
const logOf = (adminId: number, group: string) =>
  app.ctx.db
    .selectFrom('action_log')
    .select(['action', 'result', 'details', 'full_details'])
    .where('admin_id', '=', adminId)
    .where('action_group', '=', group)
    .orderBy('id')
    .execute();

describe('step-up before a Login as Customer session', () => {
  it('a fresh sign-in starts at once; the dialog asks for nothing more', async () => {
    const c = await createCustomer(app, { consent: true });
    const { browser } = await staff();
    const page = await browser.get(`/admin/customers/${c.id}/edit`);
    expect(page.body).toContain('action="/admin/loginascustomer/login"');
    expect(page.body).not.toContain('name="password"');
    const res = await browser.post('/admin/loginascustomer/login', { customer_id: String(c.id) });
    expect(res.statusCode).toBe(200);
    expect(tokenOf(res.body)).toBeDefined();
    expect(await sessionsOf(c.id)).toHaveLength(1);
  });

  it('a stale sign-in is refused with step-up required, logged, and the dialog and page ask for the password', async () => {
    const c = await createCustomer(app, { consent: true });
    const { admin, browser } = await staff();
    await wait(browser, 16);
    const page = await browser.get(`/admin/customers/${c.id}/edit`);
    expect(page.body).toContain('action="/admin/loginascustomer/step-up"');
    expect(page.body).toContain('name="password"');
    expect(page.body).not.toContain('Use passkey'); // no passkey registered
    const confirm = await browser.get(`/admin/loginascustomer/confirm/${c.id}`);
    expect(confirm.body).toContain('Confirm your identity');

    const res = await browser.post('/admin/loginascustomer/login', { customer_id: String(c.id), reason: 'Phone call' });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('Please confirm your identity to log in as this customer.');
    expect(res.body).toContain('action="/admin/loginascustomer/step-up"');
    expect(res.body).toContain('value="Phone call"'); // what was chosen is kept
    expect(tokenOf(res.body)).toBeUndefined();
    expect(await sessionsOf(c.id)).toHaveLength(0);
    const failure = (await logOf(admin.id, 'login_as_customer')).at(-1)!;
    expect(failure.result).toBe('Failure');
    expect(JSON.parse(failure.full_details).code).toBe('step_up_required');
    // Without a password the step-up door answers the same.
    const empty = await browser.post('/admin/loginascustomer/step-up', { customer_id: String(c.id) });
    expect(empty.statusCode).toBe(401);
    expect(empty.body).toContain('The password or passkey was not accepted.');
  });

  it('the correct password continues to start the session and renews the last authentication', async () => {
    const c = await createCustomer(app, { consent: true });
    const { admin, browser } = await staff();
    await wait(browser, 16);
    const before = (await adminSession(browser))!.authenticated_at!;
    await app.ctx.db.updateTable('admin_users').set({ failed_logins: 2 }).where('id', '=', admin.id).execute();
    const res = await browser.post('/admin/loginascustomer/step-up', { customer_id: String(c.id), password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(tokenOf(res.body)).toBeDefined();
    expect(await sessionsOf(c.id)).toHaveLength(1);
    const after = (await adminSession(browser))!.authenticated_at!;
    expect(after > before).toBe(true);
    expect(after).toBe(app.clock.now().toISOString());
    expect((await userRow(admin.id)).failed_logins).toBe(0);
    expect((await logOf(admin.id, 'admin_sign_in')).at(-1)).toMatchObject({
      action: 'Confirm Identity',
      result: 'Success',
      details: 'Confirmed with password',
    });
    // Fresh again: the next start needs nothing more.
    const again = await browser.post('/admin/loginascustomer/login', { customer_id: String(c.id) });
    expect(tokenOf(again.body)).toBeDefined();
  });

  it('a wrong password counts toward the admin lockout, is logged, and the failure that locks ends the admin session', async () => {
    await setConfig(app, { [ADMIN_LOCKOUT_FAILURES]: '3' });
    const c = await createCustomer(app, { consent: true });
    const { admin, browser } = await staff();
    await wait(browser, 16);
    const wrong = () => browser.post('/admin/loginascustomer/step-up', { customer_id: String(c.id), password: 'Not-the-password-1' });
    const first = await wrong();
    expect(first.statusCode).toBe(401);
    expect(first.body).toContain('The password or passkey was not accepted. Please try again.');
    expect((await userRow(admin.id)).failed_logins).toBe(1);
    await wrong();
    expect((await userRow(admin.id)).failed_logins).toBe(2);
    expect(await adminSession(browser)).toBeDefined();
    const third = await wrong();
    expect(third.statusCode).toBe(401);
    expect(third.body).toContain('Too many failed attempts. Your account is locked and you have been signed out.');
    const user = await userRow(admin.id);
    expect(user.locked_until! > app.clock.now().toISOString()).toBe(true);
    expect(await adminSession(browser)).toBeUndefined();
    expect((await browser.get('/admin/dashboard')).headers.location).toMatch(/^\/admin\/login/);
    expect(await sessionsOf(c.id)).toHaveLength(0);
    const signIn = (await logOf(admin.id, 'admin_sign_in')).filter((e) => e.action === 'Confirm Identity');
    expect(signIn.map((e) => [e.result, e.details])).toEqual([
      ['Failure', 'Wrong password'],
      ['Failure', 'Wrong password'],
      ['Failure', 'Wrong password; account locked'],
    ]);
    const refusals = (await logOf(admin.id, 'login_as_customer')).map((e) => JSON.parse(e.full_details).code);
    expect(refusals).toEqual(['step_up_failed', 'step_up_failed', 'locked']);
    // Locked means locked: the sign-in form refuses the right password too.
    const relogin = new Agent(app);
    const res = await relogin.post('/admin/login', { 'login[username]': admin.username, 'login[password]': TEST_PASSWORD });
    expect(res.statusCode).toBe(401);
  });

  it('respects the setting: 0 asks every time, a longer window does not ask', async () => {
    const c = await createCustomer(app, { consent: true });
    await setConfig(app, { [LAC_REAUTH_MINUTES]: '0' });
    const { browser } = await staff();
    const now = await browser.post('/admin/loginascustomer/login', { customer_id: String(c.id) });
    expect(now.statusCode).toBe(401);
    const confirmed = await browser.post('/admin/loginascustomer/step-up', { customer_id: String(c.id), password: TEST_PASSWORD });
    expect(tokenOf(confirmed.body)).toBeDefined();
    expect((await browser.post('/admin/loginascustomer/login', { customer_id: String(c.id) })).statusCode).toBe(401);

    await setConfig(app, { [LAC_REAUTH_MINUTES]: '60' });
    const other = await staff();
    await wait(other.browser, 20);
    expect(tokenOf((await other.browser.post('/admin/loginascustomer/login', { customer_id: String(c.id) })).body)).toBeDefined();
    await wait(other.browser, 45);
    expect((await other.browser.post('/admin/loginascustomer/login', { customer_id: String(c.id) })).statusCode).toBe(401);
  });

  it('refuses an out-of-range setting with a message', async () => {
    const r = await app.ctx.services.config.save(await systemContext(app.ctx), 'default', 0, [{ path: LAC_REAUTH_MINUTES, value: '-1' }]);
    expect(r.ok).toBe(false);
    expect(await app.ctx.services.config.getInt(LAC_REAUTH_MINUTES)).toBe(15);
  });
});

describe('step-up through the API doors', () => {
  const json = (url: string, body: unknown, token?: string) => postJson(app, url, body, token);
  const tokenFor = async (username: string) => (await json('/rest/V1/integration/admin/token', { username, password: TEST_PASSWORD })).body as string;

  it('an admin token older than the setting is refused with a clear message; a new token works', async () => {
    const admin = await createAdmin(app, LAC_AGENT_RESOURCES);
    const c = await createCustomer(app, { consent: true });
    const old = await tokenFor(admin.username);
    for (let i = 0; i < 4; i++) {
      app.clock.advance(5 * 60_000);
      // The token stays alive (its idle timeout slides) but its authentication does not get younger.
      await app.server.inject({ method: 'GET', url: `/rest/V1/customers/${c.id}`, headers: { authorization: `Bearer ${old}` } });
    }
    const rest = await json('/rest/V1/loginascustomer/sessions', { customer_id: c.id }, old);
    expect(rest.status).toBe(401);
    expect(rest.body.message).toBe('Login as Customer needs a recent sign-in: request a new admin token and try again.');
    const gql = await json(
      '/graphql',
      { query: 'mutation($e: String!) { generateCustomerTokenAsAdmin(input: { customer_email: $e }) { customer_token } }', variables: { e: c.email } },
      old,
    );
    expect(gql.body.errors[0].message).toBe('Login as Customer needs a recent sign-in: request a new admin token and try again.');
    expect(await sessionsOf(c.id)).toHaveLength(0);
    const fresh = await tokenFor(admin.username);
    expect((await json('/rest/V1/loginascustomer/sessions', { customer_id: c.id }, fresh)).status).toBe(201);
  });
});

describe('passkeys: challenges and refusals', () => {
  it('a registration challenge is kept server-side and taken once; a forged answer adds nothing and is logged', async () => {
    const admin = await createAdmin(app, [...LAC_AGENT_RESOURCES, 'account']);
    const browser = new Agent(app);
    await browser.signInAdmin(admin.username, TEST_PASSWORD);
    const options = await browser.post('/admin/system/account/passkeys/options');
    expect(options.statusCode).toBe(200);
    const body = JSON.parse(options.body) as { challenge: string; rp: { id: string }; user: { name: string } };
    expect(body.rp.id).toBe('localhost');
    expect(body.user.name).toBe(admin.username);
    const stored = await app.ctx.db.selectFrom('admin_webauthn_challenges').selectAll().where('challenge', '=', body.challenge).execute();
    expect(stored).toHaveLength(1);
    const forged = JSON.stringify({ id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'AAAA', attestationObject: 'AAAA' } });
    const add = await browser.post('/admin/system/account/passkeys', { name: 'Laptop', current_password: TEST_PASSWORD, response: forged });
    expect(add.statusCode).toBe(400);
    expect(add.body).toContain('The passkey could not be registered. Please try again.');
    expect(await app.ctx.db.selectFrom('admin_webauthn_challenges').selectAll().where('challenge', '=', body.challenge).execute()).toHaveLength(0);
    expect(await app.ctx.db.selectFrom('admin_passkeys').selectAll().where('admin_id', '=', admin.id).execute()).toHaveLength(0);
    expect((await logOf(admin.id, 'admin_sign_in')).at(-1)).toMatchObject({ action: 'Add Passkey', result: 'Failure' });
    // The wrong password refuses before anything is registered, and counts toward the lockout.
    const wrong = await browser.post('/admin/system/account/passkeys', { name: 'Laptop', current_password: 'Nope-nope-1', response: forged });
    expect(wrong.statusCode).toBe(400);
    expect((await userRow(admin.id)).failed_logins).toBe(1);
    // Without JavaScript there is no answer to send: a clear message.
    const noJs = await browser.post('/admin/system/account/passkeys', { name: 'Laptop', current_password: TEST_PASSWORD });
    expect(noJs.body).toContain('Adding a passkey needs JavaScript in your browser.');
  });

  it('without a passkey there is no authentication challenge; a forged passkey step-up counts as a failure', async () => {
    const c = await createCustomer(app, { consent: true });
    const { admin, browser } = await staff();
    await wait(browser, 16);
    expect((await browser.post('/admin/loginascustomer/step-up/passkey')).statusCode).toBe(404);
    const forged = JSON.stringify({
      id: 'AAAA',
      rawId: 'AAAA',
      type: 'public-key',
      response: { clientDataJSON: 'AAAA', authenticatorData: 'AAAA', signature: 'AAAA' },
    });
    const res = await browser.post('/admin/loginascustomer/step-up', { customer_id: String(c.id), passkey_response: forged });
    expect(res.statusCode).toBe(401);
    expect((await userRow(admin.id)).failed_logins).toBe(1);
    expect((await logOf(admin.id, 'admin_sign_in')).at(-1)).toMatchObject({ action: 'Confirm Identity', result: 'Failure', details: 'Passkey not accepted' });
  });

  it('the Account Setting page needs its resource, and removing is limited to your own passkeys', async () => {
    const owner = await createAdmin(app, ['account']);
    await app.ctx.db
      .insertInto('admin_passkeys')
      .values({
        admin_id: owner.id,
        credential_id: `cred-${owner.id}`,
        public_key: 'AAAA',
        counter: 0,
        transports: '[]',
        name: 'Key A',
        created_at: app.clock.now().toISOString(),
        last_used_at: null,
      })
      .execute();
    const key = await app.ctx.db.selectFrom('admin_passkeys').select('id').where('admin_id', '=', owner.id).executeTakeFirstOrThrow();
    const other = await createAdmin(app, ['account']);
    const otherBrowser = new Agent(app);
    await otherBrowser.signInAdmin(other.username, TEST_PASSWORD);
    const res = await otherBrowser.post(`/admin/system/account/passkeys/${key.id}/delete`);
    expect(res.statusCode).toBe(303);
    expect(await app.ctx.db.selectFrom('admin_passkeys').select('id').where('id', '=', key.id).execute()).toHaveLength(1);
    const ownerBrowser = new Agent(app);
    await ownerBrowser.signInAdmin(owner.username, TEST_PASSWORD);
    expect((await ownerBrowser.get('/admin/system/account')).body).toContain('Key A');
    await ownerBrowser.post(`/admin/system/account/passkeys/${key.id}/delete`);
    expect(await app.ctx.db.selectFrom('admin_passkeys').select('id').where('id', '=', key.id).execute()).toHaveLength(0);
    const without = await staff();
    expect((await without.browser.get('/admin/system/account')).statusCode).toBe(403);
  });
});

describe('step-up attempts are limited per IP like the sign-in form', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({ LOGIN_RATE_LIMIT: '3' });
    await limited.ctx.services.config.save(await systemContext(limited.ctx), 'default', 0, [
      { path: LAC_ENABLED, value: '1' },
      { path: LAC_REAUTH_MINUTES, value: '0' },
    ]);
  });
  afterAll(async () => limited?.dispose());

  it('answers 429 past the limit, without counting or logging the refused attempt', async () => {
    const admin = await createAdmin(limited, LAC_AGENT_RESOURCES);
    const c = await createCustomer(limited, { consent: true });
    const browser = new Agent(limited);
    await browser.signInAdmin(admin.username, TEST_PASSWORD);
    const attempt = () => browser.post('/admin/loginascustomer/step-up', { customer_id: String(c.id), password: 'Not-the-password-1' });
    for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
    const failuresBefore = (await limited.ctx.db.selectFrom('admin_users').select('failed_logins').where('id', '=', admin.id).executeTakeFirstOrThrow())
      .failed_logins;
    expect(failuresBefore).toBe(3);
    expect((await attempt()).statusCode).toBe(429);
    const after = await limited.ctx.db.selectFrom('admin_users').select('failed_logins').where('id', '=', admin.id).executeTakeFirstOrThrow();
    expect(after.failed_logins).toBe(3);
  });
});
