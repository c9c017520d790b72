import { formatDate } from '../../kernel/dates.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemContext } from '../../kernel/request-context.ts';
import { INVALID_FORM_KEY } from '../../http/server.tsx';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD } from '../../testing/fixtures.ts';
import { createCustomer, signInCustomer } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { customersRepo } from './repo.ts';
import { CUSTOMER_LOCKOUT_FAILURES, CUSTOMER_LOCKOUT_MINUTES, SIGN_IN_FAILED } from './service.ts';
import { STOREFRONT_COOKIE } from './session.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

const setting = async (path: string, value: string) => app.ctx.services.config.save(await systemContext(app.ctx), 'default', 0, [{ path, value }]);
// Each test starts from Magento's defaults.
beforeEach(async () => {
  await setting(CUSTOMER_LOCKOUT_FAILURES, '10');
  await setting(CUSTOMER_LOCKOUT_MINUTES, '10');
});

const attempt = (agent: Agent, email: string, password: string) =>
  agent.post('/customer/account/loginPost', { 'login[username]': email, 'login[password]': password });
const row = async (id: number) => (await customersRepo.byId(app.ctx.db, id))!;
const lockEntries = (customerId: number) =>
  app.ctx.db
    .selectFrom('action_log')
    .selectAll()
    .where('action_group', '=', 'customers')
    .where('action', 'in', ['Lock', 'Unlock'])
    .where('details', 'like', `%(ID ${customerId})%`)
    .orderBy('id')
    .execute();

describe('customer sign-in lockout', () => {
  it('locks after the maximum of wrong passwords, refuses the right one with the same answer, and unlocks when the time is up', async () => {
    expect(await app.ctx.services.config.getInt(CUSTOMER_LOCKOUT_FAILURES)).toBe(10);
    expect(await app.ctx.services.config.getInt(CUSTOMER_LOCKOUT_MINUTES)).toBe(10);
    const c = await createCustomer(app);
    const agent = new Agent(app);
    let lastWrong = await attempt(agent, c.email, 'Wrong-pass-0');
    for (let i = 1; i < 9; i++) lastWrong = await attempt(agent, c.email, `Wrong-pass-${i}`);
    expect(lastWrong.statusCode).toBe(401);
    expect(lastWrong.body).toContain(SIGN_IN_FAILED);
    expect((await row(c.id)).failures_num).toBe(9);
    expect((await row(c.id)).lock_expires).toBeNull();
    expect(await lockEntries(c.id)).toHaveLength(0);

    // The tenth wrong password locks the account for 10 minutes and is logged with who and from where.
    const lockEnds = new Date(app.clock.now().getTime() + 10 * 60_000).toISOString();
    await attempt(agent, c.email, 'Wrong-pass-9');
    const locked = await row(c.id);
    expect(locked.failures_num).toBe(10);
    expect(locked.lock_expires).toBe(lockEnds);
    const [entry] = await lockEntries(c.id);
    expect(entry).toMatchObject({ action: 'Lock', result: 'Failure', ip: '127.0.0.1' });
    expect(entry!.details).toContain(c.email);
    expect(JSON.parse(entry!.full_details)).toMatchObject({
      customer_id: c.id,
      email: c.email,
      failures: 10,
      lock_expires: locked.lock_expires,
      ip: '127.0.0.1',
    });

    // While locked, the right password gets exactly the answer a wrong one got, and nothing more is counted.
    const right = await attempt(agent, c.email, TEST_PASSWORD);
    expect(right.statusCode).toBe(401);
    expect(right.body).toBe(lastWrong.body);
    expect(agent.cookies.has(STOREFRONT_COOKIE)).toBe(false);
    expect((await attempt(agent, c.email, 'Wrong-pass-x')).body).toBe(lastWrong.body);
    expect((await row(c.id)).failures_num).toBe(10);
    expect(await lockEntries(c.id)).toHaveLength(1);

    app.clock.advance(9 * 60_000);
    expect((await attempt(agent, c.email, TEST_PASSWORD)).statusCode).toBe(401);
    app.clock.advance(60_000);
    expect((await attempt(agent, c.email, TEST_PASSWORD)).statusCode).toBe(303);
    expect(await row(c.id)).toMatchObject({ failures_num: 0, lock_expires: null });
  });

  it('resets the count on a successful sign-in, and starts a new count once a lock has run out', async () => {
    await setting(CUSTOMER_LOCKOUT_FAILURES, '3');
    await setting(CUSTOMER_LOCKOUT_MINUTES, '5');
    const c = await createCustomer(app);
    const agent = new Agent(app);
    await attempt(agent, c.email, 'Wrong-pass-1');
    await attempt(agent, c.email, 'Wrong-pass-2');
    await signInCustomer(new Agent(app), c.email);
    expect((await row(c.id)).failures_num).toBe(0);
    for (let i = 0; i < 3; i++) await attempt(agent, c.email, `Wrong-pass-${i}`);
    expect((await row(c.id)).lock_expires).not.toBeNull();
    app.clock.advance(5 * 60_000);
    await attempt(agent, c.email, 'Wrong-pass-after');
    expect(await row(c.id)).toMatchObject({ failures_num: 1, lock_expires: null });
  });

  it('never locks when the maximum is 0, and refuses invalid settings without changing them', async () => {
    await setting(CUSTOMER_LOCKOUT_FAILURES, '0');
    const c = await createCustomer(app);
    const agent = new Agent(app);
    for (let i = 0; i < 12; i++) await attempt(agent, c.email, `Wrong-pass-${i}`);
    expect((await row(c.id)).lock_expires).toBeNull();
    await signInCustomer(new Agent(app), c.email);

    const rc = await systemContext(app.ctx);
    for (const [path, value] of [
      [CUSTOMER_LOCKOUT_FAILURES, '-1'],
      [CUSTOMER_LOCKOUT_FAILURES, '101'],
      [CUSTOMER_LOCKOUT_FAILURES, 'ten'],
      [CUSTOMER_LOCKOUT_MINUTES, '0'],
      [CUSTOMER_LOCKOUT_MINUTES, '2.5'],
    ] as const) {
      const saved = await app.ctx.services.config.save(rc, 'default', 0, [{ path, value }]);
      expect(saved.ok, `${path} = ${value}`).toBe(false);
      if (!saved.ok) expect(saved.messages.join(' ')).toMatch(/whole number/);
    }
    expect(await app.ctx.services.config.getInt(CUSTOMER_LOCKOUT_FAILURES)).toBe(0);
    expect(await app.ctx.services.config.getInt(CUSTOMER_LOCKOUT_MINUTES)).toBe(10);
  });

  it('shows both settings in Customer Configuration > Password Options', async () => {
    const admin = await createAdmin(app, 'all');
    const agent = new Agent(app);
    await agent.signInAdmin(admin.username, TEST_PASSWORD);
    const page = await agent.get('/admin/stores/config/edit/section/customer');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Password Options');
    expect(page.body).toContain('Maximum Login Failures to Lockout Account');
    expect(page.body).toContain('Lockout Time (minutes)');
    expect(page.body).toContain('Share Customer Accounts');
  });

  it('counts every one of many wrong passwords sent at once, and locks exactly once', async () => {
    await setting(CUSTOMER_LOCKOUT_FAILURES, '100');
    const c = await createCustomer(app);
    await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(new Agent(app), c.email, `Wrong-pass-${i}`)));
    expect((await row(c.id)).failures_num).toBe(20);

    await setting(CUSTOMER_LOCKOUT_FAILURES, '5');
    const d = await createCustomer(app);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(new Agent(app), d.email, `Wrong-pass-${i}`)));
    expect(answers.every((r) => r.statusCode === 401)).toBe(true);
    const locked = await row(d.id);
    expect(locked.failures_num).toBe(5);
    expect(locked.lock_expires).not.toBeNull();
    expect((await lockEntries(d.id)).map((e) => e.action)).toEqual(['Lock']);
  });

  it('counts a wrong current password in Account Information, and refuses changes while locked', async () => {
    await setting(CUSTOMER_LOCKOUT_FAILURES, '3');
    const c = await createCustomer(app);
    const agent = new Agent(app);
    await signInCustomer(agent, c.email);
    const change = (current: string) =>
      agent.post('/customer/account/editPost', {
        firstname: 'Test',
        lastname: 'Customer',
        email: 'changed@example.com',
        change_email: '1',
        current_password: current,
      });
    const wrong = await change('Wrong-pass-1');
    expect(wrong.body).toContain('The password doesn&#39;t match this account.');
    expect((await row(c.id)).failures_num).toBe(1);
    await change('Wrong-pass-2');
    const third = await change('Wrong-pass-3');
    expect(third.body).toContain(SIGN_IN_FAILED);
    const [entry] = await lockEntries(c.id);
    expect(JSON.parse(entry!.full_details)).toMatchObject({ door: 'account information', failures: 3 });
    // Locked: the right current password changes nothing, and the storefront sign-in is refused too.
    expect((await change(TEST_PASSWORD)).body).toContain(SIGN_IN_FAILED);
    expect((await row(c.id)).email).toBe(c.email);
    expect((await attempt(new Agent(app), c.email, TEST_PASSWORD)).statusCode).toBe(401);
  });
});

describe('unlocking a customer in the admin', () => {
  async function lockedCustomer() {
    await setting(CUSTOMER_LOCKOUT_FAILURES, '2');
    const c = await createCustomer(app);
    const agent = new Agent(app);
    await attempt(agent, c.email, 'Wrong-pass-1');
    await attempt(agent, c.email, 'Wrong-pass-2');
    expect(app.ctx.services.customers.lockedUntil(await systemContext(app.ctx), await row(c.id))).not.toBeNull();
    return c;
  }

  it('shows the lock and an Unlock button only while locked; Unlock needs a session, the permission and the form key', async () => {
    const c = await lockedCustomer();
    // Shown in the admin's zone (the Default Config Timezone, UTC here), the way every time is shown.
    const lockEnd = formatDate((await row(c.id)).lock_expires!, { locale: 'en_US', timeZone: 'UTC' });
    const url = `/admin/customers/${c.id}/unlock`;

    const anonymous = await new Agent(app).post(url);
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/admin\/login/);

    const viewer = await createAdmin(app, ['dashboard']);
    const viewerAgent = new Agent(app);
    await viewerAgent.signInAdmin(viewer.username, TEST_PASSWORD);
    expect((await viewerAgent.post(url)).statusCode).toBe(403);

    const manager = await createAdmin(app, ['customers', 'customers.all']);
    const agent = new Agent(app);
    await agent.signInAdmin(manager.username, TEST_PASSWORD);
    const page = await agent.get(`/admin/customers/${c.id}/edit`);
    expect(page.body).toContain(`action="/admin/customers/${c.id}/unlock"`);
    expect(page.body).toContain(`Locked until ${lockEnd}`);
    expect(lockEnd).toMatch(/UTC$/);
    const grid = await agent.get(`/admin/customers?email=${encodeURIComponent(c.email)}`);
    expect(grid.body).toMatch(/<td[^>]*>Locked<\/td>/);

    const noKey = await agent.post(url, {}, { formKey: false });
    expect(noKey.statusCode).toBe(403);
    expect(noKey.body).toContain(INVALID_FORM_KEY);
    expect((await row(c.id)).lock_expires).not.toBeNull();
    expect(await lockEntries(c.id)).toHaveLength(1);

    const done = await agent.post(url);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/admin/customers/${c.id}/edit?tab=view`);
    expect(await row(c.id)).toMatchObject({ failures_num: 0, lock_expires: null });
    const entries = await lockEntries(c.id);
    expect(entries.map((e) => [e.action, e.result, e.username])).toEqual([
      ['Lock', 'Failure', ''],
      ['Unlock', 'Success', manager.username],
    ]);
    const after = await agent.get(`/admin/customers/${c.id}/edit`);
    expect(after.body).toContain('You unlocked the customer account.');
    expect(after.body).not.toContain(`/admin/customers/${c.id}/unlock`);
    await signInCustomer(new Agent(app), c.email);

    // Unlocking again changes nothing and says so.
    await agent.post(url);
    expect((await agent.get(`/admin/customers/${c.id}/edit`)).body).toContain('This customer account is not locked.');
    expect(await lockEntries(c.id)).toHaveLength(2);
  });

  it('unlocks the selected customers with the grid mass action', async () => {
    const a = await lockedCustomer();
    const b = await lockedCustomer();
    const free = await createCustomer(app);
    const admin = await createAdmin(app, ['customers', 'customers.all']);
    const agent = new Agent(app);
    await agent.signInAdmin(admin.username, TEST_PASSWORD);
    expect((await agent.get('/admin/customers')).body).toContain('<option value="unlock"');
    const res = await agent.post('/admin/customers/massAction', { mass_action: 'unlock', selected: [String(a.id), String(b.id), String(free.id)] });
    expect(res.statusCode).toBe(303);
    expect((await agent.get('/admin/customers')).body).toContain('A total of 2 customer account(s) were unlocked.');
    for (const c of [a, b]) {
      expect((await row(c.id)).lock_expires).toBeNull();
      expect((await lockEntries(c.id)).map((e) => e.action)).toEqual(['Lock', 'Unlock']);
    }
    expect(await lockEntries(free.id)).toHaveLength(0);
  });
});
