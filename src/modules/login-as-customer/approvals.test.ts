import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemContext } from '../../kernel/request-context.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD, setConfig } from '../../testing/fixtures.ts';
import { createCustomer } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { APPROVALS_PATH, APPROVE_RESOURCE } from './public.ts';
import { LAC_APPROVAL_VALIDITY, LAC_ENABLED, LAC_REQUIRE_REASON, LAC_STORE_VIEW_MANUAL } from './settings.ts';

const AGENT = ['customers', 'customers.all', 'customers.login_as_customer', 'customers.login_as_customer.allow', 'customers.login_as_customer.full_access'];
const APPROVER = ['customers', 'customers.all', 'customers.login_as_customer', APPROVE_RESOURCE, 'system', 'system.notifications'];

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

beforeEach(async () => setConfig(app, { [LAC_ENABLED]: '1', [LAC_STORE_VIEW_MANUAL]: '0', [LAC_REQUIRE_REASON]: '0', [LAC_APPROVAL_VALIDITY]: '30' }));

async function staff(resources: string[]) {
  const admin = await createAdmin(app, resources);
  const browser = new Agent(app);
  await browser.signInAdmin(admin.username, TEST_PASSWORD);
  return { admin, browser };
}

async function protectedCustomer(reason: 'staff' | 'vip' | 'fraud_hold' = 'vip') {
  const c = await createCustomer(app, { consent: true });
  await app.ctx.db.updateTable('customers').set({ protected_reason: reason }).where('id', '=', c.id).execute();
  return c;
}

const start = (browser: Agent, customerId: number) => browser.post('/admin/loginascustomer/login', { customer_id: String(customerId) });
const tokenOf = (body: string) => /name="token" value="([^"]+)"/.exec(body)?.[1];
const request = (browser: Agent, customerId: number, comment = 'Customer called about a missing order') =>
  browser.post(`/admin/loginascustomer/approval/${customerId}/request`, { comment });
const approvalOf = (customerId: number) =>
  app.ctx.db.selectFrom('lac_approvals').selectAll().where('customer_id', '=', customerId).orderBy('id', 'desc').executeTakeFirst();
const sessionsOf = (customerId: number) => app.ctx.db.selectFrom('lac_sessions').selectAll().where('customer_id', '=', customerId).execute();
const entries = (adminId: number, result: 'Success' | 'Failure') =>
  app.ctx.db
    .selectFrom('action_log')
    .select(['action', 'details', 'full_details'])
    .where('action_group', '=', 'login_as_customer')
    .where('admin_id', '=', adminId)
    .where('result', '=', result)
    .orderBy('id')
    .execute();
const codeOf = (e: { full_details: string | null }) => (JSON.parse(e.full_details ?? '{}') as { code?: string }).code;

/** An agent's request for a protected customer, approved by a second admin. */
async function approved(comment = 'Checked with the team lead') {
  const c = await protectedCustomer();
  const agent = await staff(AGENT);
  const approver = await staff(APPROVER);
  expect((await request(agent.browser, c.id)).statusCode).toBe(303);
  const a = (await approvalOf(c.id))!;
  const res = await approver.browser.post(`${APPROVALS_PATH}/${a.id}/approve`, { comment });
  expect(res.statusCode).toBe(303);
  return { c, agent, approver, approvalId: a.id };
}

describe('a session as a protected customer needs a second admin', () => {
  it('refuses to start without any approval, logs it, and the button leads to "Request approval"', async () => {
    const c = await protectedCustomer('staff');
    const { admin, browser } = await staff(AGENT);
    const page = await browser.get(`/admin/customers/${c.id}/edit`);
    expect(page.body).toContain(`href="/admin/loginascustomer/approval/${c.id}"`);
    expect(page.body).not.toContain(`lac-dialog-${c.id}`);
    const res = await start(browser, c.id);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('This customer account is protected');
    expect(tokenOf(res.body)).toBeUndefined();
    expect(await sessionsOf(c.id)).toHaveLength(0);
    expect((await entries(admin.id, 'Failure')).map(codeOf)).toEqual(['approval_required']);
  });

  it('requires a comment to request, and a pending request does not let the session start', async () => {
    const c = await protectedCustomer();
    const { admin, browser } = await staff(AGENT);
    const empty = await request(browser, c.id, '   ');
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Please enter a comment.');
    expect(await approvalOf(c.id)).toBeUndefined();
    expect((await request(browser, c.id)).statusCode).toBe(303);
    expect((await approvalOf(c.id))!.status).toBe('pending');
    expect((await browser.get(`/admin/loginascustomer/approval/${c.id}`)).body).toContain('data-state="pending"');
    // A second request while one waits is refused and adds nothing.
    expect((await request(browser, c.id)).body).toContain('A request to log in as this customer is already waiting for approval.');
    expect(await app.ctx.db.selectFrom('lac_approvals').select('id').where('customer_id', '=', c.id).execute()).toHaveLength(1);
    const res = await start(browser, c.id);
    expect(res.body).toContain('Your request to log in as this customer is waiting for approval.');
    expect(await sessionsOf(c.id)).toHaveLength(0);
    expect((await entries(admin.id, 'Failure')).map(codeOf)).toContain('approval_pending');
    expect((await entries(admin.id, 'Success')).map((e) => e.action)).toEqual(['Request Approval']);
  });

  it('notifies the approvers; an approver approves with a comment, and the agent starts one session', async () => {
    const { c, agent, approver, approvalId } = await approved();
    const inbox = await approver.browser.get('/admin/system/notifications');
    expect(inbox.body).toContain('Login as Customer approval requested');
    expect(inbox.body).toContain(c.email);
    const a = (await approvalOf(c.id))!;
    expect(a.status).toBe('approved');
    expect(a.decision_comment).toBe('Checked with the team lead');
    expect((await entries(approver.admin.id, 'Success')).map((e) => e.action)).toEqual(['Approve Request']);
    // The requester is told in their own inbox (they need the inbox permission to read it).
    const told = await app.ctx.db.selectFrom('admin_notifications').select('title').where('admin_id', '=', agent.admin.id).execute();
    expect(told.map((n) => n.title)).toEqual(['Your Login as Customer request was approved']);
    // The normal dialog now shows, and the session starts.
    expect((await agent.browser.get(`/admin/customers/${c.id}/edit`)).body).toContain(`lac-dialog-${c.id}`);
    const res = await start(agent.browser, c.id);
    expect(res.statusCode).toBe(200);
    expect(tokenOf(res.body)).toBeTruthy();
    const [session] = await sessionsOf(c.id);
    expect((await approvalOf(c.id))!).toMatchObject({ status: 'used', lac_session_id: session!.id, id: approvalId });
    const event = await app.ctx.db.selectFrom('lac_events').selectAll().where('lac_session_id', '=', session!.id).executeTakeFirst();
    expect(event).toMatchObject({ kind: 'access.approved' });
  });

  it('refuses a second session on the same approval (used once)', async () => {
    const { c, agent } = await approved();
    expect(tokenOf((await start(agent.browser, c.id)).body)).toBeTruthy();
    const again = await start(agent.browser, c.id);
    expect(again.statusCode).toBe(400);
    expect(tokenOf(again.body)).toBeUndefined();
    expect(await sessionsOf(c.id)).toHaveLength(1);
    expect((await entries(agent.admin.id, 'Failure')).map(codeOf)).toEqual(['approval_used']);
  });

  it('refuses a denied request; Deny needs a comment', async () => {
    const c = await protectedCustomer('fraud_hold');
    const agent = await staff(AGENT);
    const approver = await staff(APPROVER);
    await request(agent.browser, c.id);
    const a = (await approvalOf(c.id))!;
    await approver.browser.post(`${APPROVALS_PATH}/${a.id}/deny`, { comment: '' });
    expect((await approvalOf(c.id))!.status).toBe('pending');
    expect((await approver.browser.get(APPROVALS_PATH)).body).toContain('Please enter a comment.');
    await approver.browser.post(`${APPROVALS_PATH}/${a.id}/deny`, { comment: 'Account under investigation' });
    expect((await approvalOf(c.id))!).toMatchObject({ status: 'denied', decision_comment: 'Account under investigation' });
    const res = await start(agent.browser, c.id);
    expect(res.body).toContain('Your request to log in as this customer was denied.');
    expect(await sessionsOf(c.id)).toHaveLength(0);
    expect((await entries(agent.admin.id, 'Failure')).map(codeOf)).toEqual(['approval_denied']);
    // A decided request cannot be decided again.
    await approver.browser.post(`${APPROVALS_PATH}/${a.id}/approve`, { comment: 'changed my mind' });
    expect((await approvalOf(c.id))!.status).toBe('denied');
  });

  it('refuses an approval past its validity, and a request not decided in time cannot be approved', async () => {
    await setConfig(app, { [LAC_APPROVAL_VALIDITY]: '2' });
    const { c, agent } = await approved();
    app.clock.advance(3 * 60_000);
    const res = await start(agent.browser, c.id);
    expect(res.body).toContain('Your approval to log in as this customer has expired.');
    expect(await sessionsOf(c.id)).toHaveLength(0);
    expect((await entries(agent.admin.id, 'Failure')).map(codeOf)).toEqual(['approval_expired']);

    const other = await protectedCustomer();
    const approver = await staff(APPROVER);
    await request(agent.browser, other.id);
    app.clock.advance(3 * 60_000);
    const late = (await approvalOf(other.id))!;
    await approver.browser.post(`${APPROVALS_PATH}/${late.id}/approve`, { comment: '' });
    expect((await approvalOf(other.id))!.status).toBe('pending');
    expect((await entries(approver.admin.id, 'Failure')).map((e) => e.details)).toEqual([expect.stringContaining('no longer waiting for a decision')]);
    expect((await approver.browser.get(`${APPROVALS_PATH}?status=expired`)).body).toContain(other.email);
  });

  it('refuses an admin approving their own request, on the server', async () => {
    const c = await protectedCustomer();
    const both = await staff([...AGENT, APPROVE_RESOURCE]);
    await request(both.browser, c.id);
    const a = (await approvalOf(c.id))!;
    const grid = await both.browser.get(`${APPROVALS_PATH}?status=pending`);
    expect(grid.body).toContain('Your own request');
    await both.browser.post(`${APPROVALS_PATH}/${a.id}/approve`, { comment: 'me' });
    expect((await approvalOf(c.id))!.status).toBe('pending');
    expect((await both.browser.get(APPROVALS_PATH)).body).toContain('You cannot approve or deny your own request.');
    expect((await entries(both.admin.id, 'Failure')).map((e) => e.action)).toEqual(['Approve Request']);
    expect(tokenOf((await start(both.browser, c.id)).body)).toBeUndefined();
  });

  it('refuses an approver without "Approve Login as Customer" (403, nothing changes)', async () => {
    const c = await protectedCustomer();
    const agent = await staff(AGENT);
    const other = await staff(AGENT);
    await request(agent.browser, c.id);
    const a = (await approvalOf(c.id))!;
    expect((await other.browser.post(`${APPROVALS_PATH}/${a.id}/approve`, { comment: 'ok' })).statusCode).toBe(403);
    expect((await other.browser.get(APPROVALS_PATH)).statusCode).toBe(403);
    expect((await approvalOf(c.id))!.status).toBe('pending');
    // The service refuses too, whatever door calls it.
    const rc = {
      ...(await systemContext(app.ctx)),
      actor: { type: 'admin' as const, id: other.admin.id, username: 'x', firstName: 'X', lastName: 'Y', roleId: null },
      permissions: { all: false, resources: new Set(AGENT) },
    };
    const r = await app.ctx.services.loginAsCustomer.decideApproval(rc, a.id, { decision: 'approve', comment: 'ok' });
    expect(r.ok).toBe(false);
    expect((await approvalOf(c.id))!.status).toBe('pending');
  });

  it('starts unprotected customers without any approval', async () => {
    const c = await createCustomer(app, { consent: true });
    const { browser } = await staff(AGENT);
    expect(tokenOf((await start(browser, c.id)).body)).toBeTruthy();
    expect(await approvalOf(c.id)).toBeUndefined();
  });
});

describe('approval routes from outside', () => {
  it('sends visitors without an admin session to sign in and refuses a wrong role or a missing form key', async () => {
    const c = await protectedCustomer();
    const agent = await staff(AGENT);
    await request(agent.browser, c.id);
    const a = (await approvalOf(c.id))!;
    const anonymous = new Agent(app);
    for (const url of [APPROVALS_PATH, `/admin/loginascustomer/approval/${c.id}`]) expect((await anonymous.get(url)).statusCode).toBe(302);
    const signIn = await anonymous.post(`${APPROVALS_PATH}/${a.id}/approve`, { comment: 'x' });
    expect(String(signIn.headers.location)).toContain('/admin/login');
    const noLac = await staff(['customers', 'customers.all']);
    expect((await noLac.browser.get(`/admin/loginascustomer/approval/${c.id}`)).statusCode).toBe(403);
    expect((await request(noLac.browser, c.id)).statusCode).toBe(403);
    const approver = await staff(APPROVER);
    const forged = await approver.browser.post(`${APPROVALS_PATH}/${a.id}/approve`, { comment: 'x', form_key: 'forged' });
    expect([400, 403]).toContain(forged.statusCode);
    expect((await approvalOf(c.id))!.status).toBe('pending');
  });

  it('hides the grid (404) while the feature is disabled', async () => {
    const approver = await staff(APPROVER);
    await setConfig(app, { [LAC_ENABLED]: '0' });
    expect((await approver.browser.get(APPROVALS_PATH)).statusCode).toBe(404);
  });
});

describe('Protected account on the customer form', () => {
  it('is saved and logged for admins who may approve, and refused for others', async () => {
    const c = await createCustomer(app, { consent: true });
    const form = { website_id: '1', group_id: '1', firstname: 'Test', lastname: 'Customer', email: c.email, is_active: '1' };
    const plain = await staff(['customers', 'customers.all']);
    const refused = await plain.browser.post(`/admin/customers/${c.id}/save`, { ...form, protected_reason: 'vip' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('You have no permission to change whether this account is protected.');
    const bad = await (await staff(APPROVER)).browser.post(`/admin/customers/${c.id}/save`, { ...form, protected_reason: 'royalty' });
    expect(bad.statusCode).toBe(400);
    let row = await app.ctx.db.selectFrom('customers').select('protected_reason').where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.protected_reason ?? null).toBeNull();
    const approver = await staff(APPROVER);
    expect((await approver.browser.post(`/admin/customers/${c.id}/save`, { ...form, protected_reason: 'vip' })).statusCode).toBe(303);
    row = await app.ctx.db.selectFrom('customers').select('protected_reason').where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.protected_reason).toBe('vip');
    const logged = await app.ctx.db
      .selectFrom('action_log')
      .select(['action'])
      .where('admin_id', '=', approver.admin.id)
      .where('action', '=', 'Protect Account')
      .execute();
    expect(logged).toHaveLength(1);
    // A form without the field (a role that cannot change it sees it disabled) leaves it as it is.
    expect((await plain.browser.post(`/admin/customers/${c.id}/save`, { ...form, firstname: 'Renamed' })).statusCode).toBe(303);
    row = await app.ctx.db.selectFrom('customers').select('protected_reason').where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.protected_reason).toBe('vip');
  });
});
