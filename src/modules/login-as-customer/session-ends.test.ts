import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { systemContext } from '../../kernel/request-context.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, createRole, TEST_PASSWORD, LAC_AGENT_RESOURCES } from '../../testing/fixtures.ts';
import { createCustomer } from '../../testing/store-fixtures.ts';
import { createPeerApp, createTestApp, type TestApp } from '../../testing/test-app.ts';
import { adminUsersRepo } from '../admin-users/repo.ts';
import { customersRepo } from '../customers/repo.ts';
import { END_REASON_TEXT } from './service.ts';
import { LAC_ENABLED, LAC_STORE_VIEW_MANUAL } from './settings.ts';

// App A serves the admin panel; app B — another instance on the same database, whose caches never look at
// version stamps during the test — serves the agent's storefront requests. What B sees, it sees without help.
let a: TestApp;
let b: App;
beforeAll(async () => {
  a = await createTestApp();
  b = await createPeerApp(a);
  // Someone else can still manage users, so the agent may be disabled, deleted or moved to another role.
  await createAdmin(a, 'all');
});
afterAll(async () => {
  await b?.close();
  await a?.dispose();
});

beforeEach(async () => {
  const r = await a.ctx.services.config.save(await systemContext(a.ctx), 'default', 0, [
    { path: LAC_ENABLED, value: '1' },
    { path: LAC_STORE_VIEW_MANUAL, value: '0' },
  ]);
  if (!r.ok) throw new Error(r.messages.join());
});

/** The agent signs in to the admin on A, starts a session, and redeems it; the storefront is then used on B. */
async function assistedOnPeer() {
  const customer = await createCustomer(a, { consent: true });
  const admin = await createAdmin(a, LAC_AGENT_RESOURCES);
  const panel = new Agent(a);
  await panel.signInAdmin(admin.username, TEST_PASSWORD);
  const res = await panel.post('/admin/loginascustomer/login', { customer_id: String(customer.id) });
  const token = /name="token" value="([^"]+)"/.exec(res.body)![1]!;
  const action = /action="([^"]*\/loginascustomer\/login\/redeem)"/.exec(res.body)![1]!;
  expect((await panel.post(action, { token })).statusCode).toBe(303);
  const storefront = new Agent(b);
  for (const [k, v] of panel.cookies) storefront.cookies.set(k, v);
  // B has now read (and keeps) its own copy of the live session.
  expect((await storefront.get('/customer/account')).statusCode).toBe(200);
  return { customer, admin, panel, storefront };
}

const session = (customerId: number) =>
  a.ctx.db.selectFrom('lac_sessions').select(['status', 'end_reason']).where('customer_id', '=', customerId).orderBy('id', 'desc').executeTakeFirstOrThrow();
const endEntries = (adminId: number) =>
  a.ctx.db
    .selectFrom('action_log')
    .select('details')
    .where('action_group', '=', 'login_as_customer')
    .where('admin_id', '=', adminId)
    .where('action', '=', 'End Session')
    .execute();

async function expectEndedOnPeer(s: Awaited<ReturnType<typeof assistedOnPeer>>, reason: string) {
  const next = await s.storefront.get('/customer/account');
  expect(next.statusCode).toBe(302);
  expect(next.headers.location).toContain('/customer/account/login');
  // Nothing can be saved any more as the customer.
  const save = await s.storefront.post('/customer/address/formPost', {
    firstname: 'X',
    lastname: 'Y',
    street: '1 St',
    city: 'C',
    postcode: '1',
    country_id: 'US',
    telephone: '5550000',
  });
  expect(save.statusCode).toBe(303);
  expect(save.headers.location).toContain('/customer/account/login');
  expect(await a.ctx.db.selectFrom('customer_addresses').select('id').where('customer_id', '=', s.customer.id).where('firstname', '=', 'X').execute()).toEqual(
    [],
  );
  expect(await session(s.customer.id)).toEqual({ status: 'ended', end_reason: reason });
  expect((await endEntries(s.admin.id)).map((e) => e.details)).toEqual([expect.stringContaining(END_REASON_TEXT[reason]!)]);
}

const manager = () => systemContext(a.ctx);
const userInput = (admin: Awaited<ReturnType<typeof createAdmin>>, patch: Partial<{ password: string; roleId: number | null; isActive: boolean }>) => ({
  username: admin.username,
  email: `${admin.username}@example.com`,
  firstName: 'Test',
  lastName: 'Admin',
  password: '',
  roleId: admin.roleId,
  isActive: true,
  ...patch,
});

describe('every end of the admin-panel session ends its assisted session, in another process too', () => {
  it('sign-out', async () => {
    const s = await assistedOnPeer();
    expect((await s.panel.post('/admin/logout')).statusCode).toBe(303);
    await expectEndedOnPeer(s, 'admin_logout');
  });

  it('expiry of the admin-panel session', async () => {
    const s = await assistedOnPeer();
    await a.ctx.db
      .updateTable('sessions')
      .set({ expires_at: '2000-01-01T00:00:00.000Z' })
      .where('kind', '=', 'admin')
      .where('subject_id', '=', s.admin.id)
      .execute();
    await expectEndedOnPeer(s, 'admin_session_expired');
  });

  it('a password change by another admin', async () => {
    const s = await assistedOnPeer();
    const r = await a.ctx.services.adminUsers.updateUser(await manager(), s.admin.id, userInput(s.admin, { password: 'Changed-pass-42' }));
    expect(r.ok).toBe(true);
    await expectEndedOnPeer(s, 'admin_password_changed');
  });

  it('a new sign-in in the same browser', async () => {
    const s = await assistedOnPeer();
    await s.panel.signInAdmin(s.admin.username, TEST_PASSWORD);
    await expectEndedOnPeer(s, 'admin_signed_in_again');
  });

  it('the admin user disabled', async () => {
    const s = await assistedOnPeer();
    expect(await a.ctx.services.adminUsers.updateUser(await manager(), s.admin.id, userInput(s.admin, { isActive: false }))).toEqual({
      ok: true,
      value: { id: s.admin.id },
    });
    await expectEndedOnPeer(s, 'admin_disabled');
  });

  it('the admin user deleted', async () => {
    const s = await assistedOnPeer();
    expect((await a.ctx.services.adminUsers.deleteUser(await manager(), s.admin.id)).ok).toBe(true);
    expect(await adminUsersRepo.byId(a.ctx.db, s.admin.id)).toBeUndefined();
    await expectEndedOnPeer(s, 'admin_deleted');
  });

  it('a new role, even one that still allows Login as Customer', async () => {
    const s = await assistedOnPeer();
    const other = await createRole(a, LAC_AGENT_RESOURCES);
    expect((await a.ctx.services.adminUsers.updateUser(await manager(), s.admin.id, userInput(s.admin, { roleId: other }))).ok).toBe(true);
    await expectEndedOnPeer(s, 'admin_role_changed');
  });

  it('a session row removed behind the services is caught by the next request all the same', async () => {
    const s = await assistedOnPeer();
    await a.ctx.db.deleteFrom('sessions').where('kind', '=', 'admin').where('subject_id', '=', s.admin.id).execute();
    await expectEndedOnPeer(s, 'admin_session_ended');
  });
});

describe('deactivating or deleting the customer ends the assisted session at that moment', () => {
  const save = async (customerId: number, active: boolean) => {
    const c = (await customersRepo.byId(a.ctx.db, customerId))!;
    const admin = await createAdmin(a, 'all');
    const rc = await systemContext(a.ctx, {
      actor: { type: 'admin', id: admin.id, username: admin.username, firstName: 'Test', lastName: 'Admin', roleId: admin.roleId },
    });
    await a.ctx.services.customers.adminSave(
      rc,
      { firstname: c.firstname, lastname: c.lastname, email: c.email, websiteId: c.website_id, groupId: c.group_id, active },
      c.id,
    );
  };

  it('deactivation: ended with its reason and an End Session entry before any storefront request', async () => {
    const s = await assistedOnPeer();
    await save(s.customer.id, false);
    expect(await session(s.customer.id)).toEqual({ status: 'ended', end_reason: 'customer_inactive' });
    expect((await endEntries(s.admin.id)).map((e) => e.details)).toEqual([expect.stringContaining(END_REASON_TEXT.customer_inactive!)]);
    expect((await s.storefront.get('/customer/account')).statusCode).toBe(302);
    // Reactivating later never revives the old session, and it is not closed a second time as something else.
    await save(s.customer.id, true);
    expect(await session(s.customer.id)).toEqual({ status: 'ended', end_reason: 'customer_inactive' });
    expect(await endEntries(s.admin.id)).toHaveLength(1);
  });

  it('deletion by an admin', async () => {
    const s = await assistedOnPeer();
    const admin = await createAdmin(a, 'all');
    const rc = await systemContext(a.ctx, {
      actor: { type: 'admin', id: admin.id, username: admin.username, firstName: 'Test', lastName: 'Admin', roleId: admin.roleId },
    });
    await a.ctx.services.customers.adminDelete(rc, [s.customer.id]);
    expect(await session(s.customer.id)).toEqual({ status: 'ended', end_reason: 'customer_deleted' });
    expect((await endEntries(s.admin.id)).map((e) => e.details)).toEqual([expect.stringContaining(END_REASON_TEXT.customer_deleted!)]);
    expect((await s.storefront.get('/customer/account')).statusCode).toBe(302);
  });
});
