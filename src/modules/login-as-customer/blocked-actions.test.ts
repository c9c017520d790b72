import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OuterHandleInTransactionError } from '../../db/database.ts';
import { inTransaction, systemContext } from '../../kernel/request-context.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD, setConfig, LAC_AGENT_RESOURCES } from '../../testing/fixtures.ts';
import { createCustomer } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { customersRepo } from '../customers/repo.ts';
import { BLOCKED_MESSAGE } from '../customers/service.ts';
import { BLOCKABLE_ACTIONS, LAC_BLOCKED_ACTIONS, LAC_ENABLED, LAC_STORE_VIEW_MANUAL, type BlockableAction } from './settings.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

const ALL = BLOCKABLE_ACTIONS.map((a) => a.value).join(',');
beforeEach(async () => setConfig(app, { [LAC_ENABLED]: '1', [LAC_STORE_VIEW_MANUAL]: '0', [LAC_BLOCKED_ACTIONS]: ALL }));

/** An admin who clicked "Login as Customer" and a browser now in the assisted session. */
async function assistedBrowser(customerId: number) {
  const admin = await createAdmin(app, LAC_AGENT_RESOURCES);
  const browser = new Agent(app);
  await browser.signInAdmin(admin.username, TEST_PASSWORD);
  const res = await browser.post('/admin/loginascustomer/login', { customer_id: String(customerId) });
  const token = /name="token" value="([^"]+)"/.exec(res.body)![1]!;
  const action = /action="([^"]*\/loginascustomer\/login\/redeem)"/.exec(res.body)![1]!;
  expect((await browser.post(action, { token })).statusCode).toBe(303);
  return { admin, browser };
}

async function extraAddress(customerId: number) {
  const now = isoUtc(app.clock.now());
  return customersRepo.insertAddress(app.ctx.db, {
    customer_id: customerId,
    firstname: 'Second',
    lastname: 'Address',
    company: '',
    street: '2 Other St',
    city: 'Elsewhere',
    region: '',
    postcode: '22222',
    country_id: 'US',
    telephone: '555-1111',
    created_at: now,
    updated_at: now,
    updated_by_admin_id: null,
  });
}

/** Performs one blockable action the way the storefront form does; returns the page the browser ends on. */
async function perform(browser: Agent, action: BlockableAction, customer: { id: number; email: string }) {
  const account = { firstname: 'Test', lastname: 'Customer', email: customer.email, assistance_allowed: '1' };
  const send = async () => {
    switch (action) {
      case 'change_password':
        return browser.post('/customer/account/editPost', {
          ...account,
          change_password: '1',
          current_password: TEST_PASSWORD,
          password: 'Hijack-pass-9',
          password_confirmation: 'Hijack-pass-9',
        });
      case 'change_email':
        return browser.post('/customer/account/editPost', {
          ...account,
          change_email: '1',
          email: `taken-over-${customer.id}@example.com`,
          current_password: TEST_PASSWORD,
        });
      case 'change_consent':
        return browser.post('/customer/account/editPost', { ...account, assistance_allowed: '' });
      case 'delete_address':
        return browser.post(`/customer/address/delete/${await extraAddress(customer.id)}`);
      case 'delete_account':
        return browser.post('/customer/account/deletePost', { current_password: TEST_PASSWORD, confirm: '1' });
    }
  };
  const res = await send();
  // Refusals answer with the form again (400) or a redirect carrying the message as a flash.
  if (res.statusCode === 303) return { status: 303, body: (await browser.get(res.headers.location as string)).body };
  return { status: res.statusCode, body: res.body };
}

async function healthWithin(ms: number) {
  const started = Date.now();
  const res = await Promise.race([
    app.server.inject({ method: 'GET', url: '/health' }),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`/health did not answer within ${ms} ms`)), ms)),
  ]);
  expect(res.statusCode).toBe(200);
  return Date.now() - started;
}

const snapshot = async (customerId: number) => ({
  customer: await app.ctx.db
    .selectFrom('customers')
    .select(['email', 'password_hash', 'assistance_allowed', 'assistance_expires_at'])
    .where('id', '=', customerId)
    .executeTakeFirst(),
  addresses: (await app.ctx.db.selectFrom('customer_addresses').select('id').where('customer_id', '=', customerId).orderBy('id').execute()).map((a) => a.id),
});

describe('Blocked actions during assisted sessions: every option', () => {
  for (const { value: action } of BLOCKABLE_ACTIONS) {
    it(`refuses "${action}" with the message, logs a Failure that survives the refusal, and the store keeps answering`, async () => {
      const customer = await createCustomer(app, { consent: true });
      const { admin, browser } = await assistedBrowser(customer.id);
      const before = await snapshot(customer.id);
      const page = await perform(browser, action, customer);
      expect(page.body).toContain(BLOCKED_MESSAGE);
      expect(await healthWithin(1000)).toBeLessThan(1000);
      const entries = await app.ctx.db
        .selectFrom('action_log')
        .select(['action', 'result', 'details'])
        .where('action_group', '=', 'login_as_customer')
        .where('admin_id', '=', admin.id)
        .where('action', '=', 'Blocked Action')
        .execute();
      expect(entries).toEqual([{ action: 'Blocked Action', result: 'Failure', details: expect.stringContaining(`"${action}"`) }]);
      const after = await snapshot(customer.id);
      // delete_address added its target row first; nothing else may have changed, and that row is still there.
      if (action === 'delete_address') expect(after.addresses.length).toBe(before.addresses.length + 1);
      else expect(after).toEqual(before);
      // The assisted session itself goes on.
      expect((await browser.get('/customer/account')).body).toContain('Close Session');
    });
  }

  it('lets each action through when it is not in the setting', async () => {
    await setConfig(app, { [LAC_BLOCKED_ACTIONS]: '' });
    const customer = await createCustomer(app, { consent: true });
    const { browser } = await assistedBrowser(customer.id);
    const address = await extraAddress(customer.id);
    const res = await browser.post(`/customer/address/delete/${address}`);
    expect(res.statusCode).toBe(303);
    expect((await browser.get(res.headers.location as string)).body).toContain('You deleted the address.');
    expect(await customersRepo.address(app.ctx.db, customer.id, address)).toBeUndefined();
    expect(await healthWithin(1000)).toBeLessThan(1000);
  });
});

describe('a transaction owns its connection', () => {
  it('fails at once, instead of freezing, when the outer handle is used inside a transaction', async () => {
    const rc = await systemContext(app.ctx);
    const started = Date.now();
    await expect(
      inTransaction(rc, async (trx) => {
        await trx.db.selectFrom('customers').select('id').limit(1).execute();
        await rc.db.selectFrom('customers').select('id').limit(1).execute();
      }),
    ).rejects.toBeInstanceOf(OuterHandleInTransactionError);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await healthWithin(1000)).toBeLessThan(1000);
  });

  it('rolls back the work of a transaction whose code broke the rule', async () => {
    const rc = await systemContext(app.ctx);
    const name = `guard_${Date.now()}`;
    await expect(
      inTransaction(rc, async (trx) => {
        await sql`insert into cache_versions (name, version) values (${name}, 1)`.execute(trx.db);
        await app.ctx.db.selectFrom('cache_versions').select('name').execute();
      }),
    ).rejects.toBeInstanceOf(OuterHandleInTransactionError);
    expect(await app.ctx.db.selectFrom('cache_versions').select('name').where('name', '=', name).execute()).toEqual([]);
  });

  it('still serves other requests while one transaction is open, and the outer handle again after it', async () => {
    const rc = await systemContext(app.ctx);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const work = inTransaction(rc, async (trx) => {
      await trx.db.selectFrom('customers').select('id').limit(1).execute();
      await held;
    });
    const health = app.server.inject({ method: 'GET', url: '/health' });
    release();
    await work;
    expect((await health).statusCode).toBe(200);
    expect(await app.ctx.db.selectFrom('customers').select('id').limit(1).execute()).toBeDefined();
  });
});
