import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../kernel/request-context.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD } from '../../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { NOTIFICATIONS_PATH, NOTIFICATIONS_RESOURCE, SEVERITY } from './public.ts';

const INBOX = ['system', NOTIFICATIONS_RESOURCE];

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

async function staff(resources: string[]) {
  const admin = await createAdmin(app, resources);
  const browser = new Agent(app);
  await browser.signInAdmin(admin.username, TEST_PASSWORD);
  return { admin, browser };
}
const add = async (n: Parameters<TestApp['ctx']['services']['adminNotifications']['add']>[1]) =>
  app.ctx.services.adminNotifications.add(await systemContext(app.ctx), n);
const badge = (body: string) => /class="notifications-counter"[^>]*>(\d+)</.exec(body)?.[1];

describe('System > Notifications', () => {
  it('shows each admin what is meant for them, counts unread ones in the header, and marks read or removes per admin', async () => {
    const a = await staff(INBOX);
    const b = await staff([...INBOX, 'customers']);
    const everyone = await add({ severity: SEVERITY.major, title: 'Everyone {n}', params: { n: 1 } });
    const forCustomers = await add({ severity: SEVERITY.notice, title: 'Customers only', resource: 'customers' });
    const forA = await add({ severity: SEVERITY.minor, title: 'Only for A', adminId: a.admin.id });
    const pageA = await a.browser.get(NOTIFICATIONS_PATH);
    expect(pageA.body).toContain('Everyone 1');
    expect(pageA.body).toContain('Only for A');
    expect(pageA.body).not.toContain('Customers only');
    // Unread for A: the one for everyone and A's own (other tests' notifications for everyone count too).
    expect(Number(badge(pageA.body))).toBeGreaterThanOrEqual(2);
    const unreadA = Number(badge(pageA.body));
    const pageB = await b.browser.get(NOTIFICATIONS_PATH);
    expect(pageB.body).toContain('Customers only');
    expect(pageB.body).not.toContain('Only for A');

    expect((await a.browser.post(`${NOTIFICATIONS_PATH}/${everyone}/read`)).statusCode).toBe(303);
    expect(Number(badge((await a.browser.get(NOTIFICATIONS_PATH)).body))).toBe(unreadA - 1);
    // B cannot touch A's own notification: refused, nothing changes.
    await b.browser.post(`${NOTIFICATIONS_PATH}/${forA}/remove`);
    expect(await app.ctx.db.selectFrom('admin_notification_marks').selectAll().where('notification_id', '=', forA).execute()).toHaveLength(0);
    expect((await b.browser.get(NOTIFICATIONS_PATH)).body).toContain('This notification no longer exists.');
    // Read for A is still unread for B.
    const marks = await app.ctx.db.selectFrom('admin_notification_marks').selectAll().where('notification_id', '=', everyone).execute();
    expect(marks.map((m) => m.admin_id)).toEqual([a.admin.id]);
    await a.browser.post(`${NOTIFICATIONS_PATH}/mass-remove`, { selected: [String(everyone), String(forA), String(forCustomers)] });
    const after = await a.browser.get(NOTIFICATIONS_PATH);
    expect(after.body).toContain('A total of 2 record(s) have been removed.');
    expect(after.body).not.toContain('Everyone 1');
    expect((await b.browser.get(NOTIFICATIONS_PATH)).body).toContain('Everyone 1');
    const logged = await app.ctx.db
      .selectFrom('action_log')
      .select('action')
      .where('admin_id', '=', a.admin.id)
      .where('action_group', '=', 'admin_notifications')
      .execute();
    expect(logged.map((l) => l.action)).toEqual(['Mark as Read', 'Remove']);
  });

  it('Read Details marks it read and goes to its admin link only', async () => {
    const a = await staff(INBOX);
    const id = await add({ severity: SEVERITY.notice, title: 'Linked', link: '/admin/system/notifications?x=1' });
    const res = await a.browser.post(`${NOTIFICATIONS_PATH}/${id}/read`, { next: 'https://evil.example/' });
    expect(res.headers.location).toBe(NOTIFICATIONS_PATH);
    const ok = await a.browser.post(`${NOTIFICATIONS_PATH}/${id}/read`, { next: '/admin/system/notifications?x=1' });
    expect(ok.headers.location).toBe('/admin/system/notifications?x=1');
  });

  it('is refused from outside: no session, no permission, no form key', async () => {
    const id = await add({ severity: SEVERITY.critical, title: 'Secret' });
    const anonymous = new Agent(app);
    expect(String((await anonymous.get(NOTIFICATIONS_PATH)).headers.location)).toContain('/admin/login');
    const other = await staff(['customers']);
    expect((await other.browser.get(NOTIFICATIONS_PATH)).statusCode).toBe(403);
    expect((await other.browser.post(`${NOTIFICATIONS_PATH}/${id}/read`)).statusCode).toBe(403);
    expect((await other.browser.get('/admin/customers')).body).not.toContain('data-role="notifications"');
    const a = await staff(INBOX);
    const forged = await a.browser.post(`${NOTIFICATIONS_PATH}/${id}/read`, { form_key: 'nope' });
    expect(forged.statusCode).not.toBe(303);
    expect(await app.ctx.db.selectFrom('admin_notification_marks').selectAll().where('notification_id', '=', id).execute()).toHaveLength(0);
  });
});
