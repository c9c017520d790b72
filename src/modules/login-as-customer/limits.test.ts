import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemContext } from '../../kernel/request-context.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD, setConfig } from '../../testing/fixtures.ts';
import { createCustomer } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { readMailbox } from '../mail/mailer.ts';
import { TIMEZONE } from '../stores/index.ts';
import { localClock, withinHours } from './limits.ts';
import {
  LAC_ALERT_EMAIL,
  LAC_ALERT_PER_HOUR,
  LAC_ENABLED,
  LAC_HOURS_FROM,
  LAC_HOURS_TO,
  LAC_MAX_CUSTOMERS_PER_DAY,
  LAC_MAX_PER_HOUR,
  LAC_REQUIRE_REASON,
  LAC_STORE_VIEW_MANUAL,
  LAC_WORKING_DAYS,
} from './settings.ts';

const AGENT = ['customers', 'customers.all', 'customers.login_as_customer', 'customers.login_as_customer.allow', 'customers.login_as_customer.full_access'];
const ALL_DAYS = '1,2,3,4,5,6,0';
/** Thursday 15 January 2026, 10:00 UTC (11:00 in Stockholm). */
const START = new Date('2026-01-15T10:00:00.000Z');

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

beforeEach(async () => {
  app.clock.set(START);
  await setConfig(app, {
    [LAC_ENABLED]: '1',
    [LAC_STORE_VIEW_MANUAL]: '0',
    [LAC_REQUIRE_REASON]: '0',
    [LAC_MAX_PER_HOUR]: '',
    [LAC_MAX_CUSTOMERS_PER_DAY]: '',
    [LAC_HOURS_FROM]: '',
    [LAC_HOURS_TO]: '',
    [LAC_WORKING_DAYS]: ALL_DAYS,
    [LAC_ALERT_PER_HOUR]: '',
    [LAC_ALERT_EMAIL]: '',
    [TIMEZONE]: 'UTC',
  });
});

async function agent() {
  const admin = await createAdmin(app, AGENT);
  const browser = new Agent(app);
  await browser.signInAdmin(admin.username, TEST_PASSWORD);
  return { admin, browser };
}
const consenting = () => createCustomer(app, { consent: true });
const start = async (browser: Agent, customerId: number) => {
  const res = await browser.post('/admin/loginascustomer/login', { customer_id: String(customerId) });
  return { res, started: /name="token" value="[^"]+"/.test(res.body) };
};
const failureCodes = async (adminId: number) =>
  (
    await app.ctx.db
      .selectFrom('action_log')
      .select('full_details')
      .where('action_group', '=', 'login_as_customer')
      .where('admin_id', '=', adminId)
      .where('result', '=', 'Failure')
      .orderBy('id')
      .execute()
  ).map((e) => (JSON.parse(e.full_details ?? '{}') as { code?: string }).code);
const sessionCount = async (adminId: number) => (await app.ctx.db.selectFrom('lac_sessions').select('id').where('admin_id', '=', adminId).execute()).length;

describe('sessions per agent per hour', () => {
  it('allows sessions up to the limit and refuses the next with a clear message, logged', async () => {
    await setConfig(app, { [LAC_MAX_PER_HOUR]: '2' });
    const { admin, browser } = await agent();
    const c = await consenting();
    expect((await start(browser, c.id)).started).toBe(true);
    expect((await start(browser, c.id)).started).toBe(true);
    const over = await start(browser, c.id);
    expect(over.started).toBe(false);
    expect(over.res.statusCode).toBe(400);
    expect(over.res.body).toContain('You have reached the maximum number of Login as Customer sessions per hour.');
    expect(await sessionCount(admin.id)).toBe(2);
    expect(await failureCodes(admin.id)).toEqual(['limit_sessions_per_hour']);
    // Another agent has a count of their own.
    expect((await start((await agent()).browser, c.id)).started).toBe(true);
    // An hour later the first sessions no longer count.
    app.clock.advance(61 * 60_000);
    await browser.signInAdmin(admin.username, TEST_PASSWORD); // the admin-panel session has been idle for an hour
    expect((await start(browser, c.id)).started).toBe(true);
  });
});

describe('distinct customers per agent per day', () => {
  it('counts different customers, lets the agent go back to one already seen today, and starts again the next day', async () => {
    await setConfig(app, { [LAC_MAX_CUSTOMERS_PER_DAY]: '2', [TIMEZONE]: 'Europe/Stockholm' });
    const { admin, browser } = await agent();
    const [a, b, c] = [await consenting(), await consenting(), await consenting()];
    expect((await start(browser, a.id)).started).toBe(true);
    expect((await start(browser, b.id)).started).toBe(true);
    const third = await start(browser, c.id);
    expect(third.started).toBe(false);
    expect(third.res.body).toContain('You have reached the maximum number of different customers you may log in as today.');
    expect((await start(browser, a.id)).started).toBe(true);
    expect(await failureCodes(admin.id)).toEqual(['limit_customers_per_day']);
  });

  it('starts the day at midnight in the store time zone, not in UTC', async () => {
    await setConfig(app, { [LAC_MAX_CUSTOMERS_PER_DAY]: '1', [TIMEZONE]: 'Europe/Stockholm' });
    // 22:30 UTC on the 15th is 23:30 in Stockholm; 23:10 UTC is already the 16th there.
    app.clock.set(new Date('2026-01-15T22:30:00.000Z'));
    const { admin, browser } = await agent();
    const [a, b] = [await consenting(), await consenting()];
    expect((await start(browser, a.id)).started).toBe(true);
    expect((await start(browser, b.id)).started).toBe(false);
    app.clock.set(new Date('2026-01-15T23:10:00.000Z'));
    await browser.signInAdmin(admin.username, TEST_PASSWORD); // the admin-panel session has been idle for 40 minutes
    expect((await start(browser, b.id)).started).toBe(true);
  });
});

describe('working hours', () => {
  it('refuses outside the hours in the store time zone and allows inside', async () => {
    // 10:00 UTC is 11:00 in Stockholm: outside 08:00–10:30 there, though inside it in UTC.
    await setConfig(app, { [LAC_HOURS_FROM]: '08:00', [LAC_HOURS_TO]: '10:30', [TIMEZONE]: 'Europe/Stockholm' });
    const { admin, browser } = await agent();
    const c = await consenting();
    const out = await start(browser, c.id);
    expect(out.started).toBe(false);
    expect(out.res.body).toContain('Login as Customer is not available outside working hours.');
    expect(await failureCodes(admin.id)).toEqual(['outside_working_hours']);
    await setConfig(app, { [TIMEZONE]: 'UTC' });
    expect((await start(browser, c.id)).started).toBe(true);
  });

  it('refuses on a day that is not a working day', async () => {
    await setConfig(app, { [LAC_WORKING_DAYS]: '1,2,3,5' }); // the 15th is a Thursday
    const { browser } = await agent();
    const c = await consenting();
    expect((await start(browser, c.id)).started).toBe(false);
    await setConfig(app, { [LAC_WORKING_DAYS]: '4' });
    expect((await start(browser, c.id)).started).toBe(true);
  });

  it('reads ranges past midnight and open ends', () => {
    expect(withinHours(23 * 60, 22 * 60, 6 * 60)).toBe(true);
    expect(withinHours(5 * 60, 22 * 60, 6 * 60)).toBe(true);
    expect(withinHours(12 * 60, 22 * 60, 6 * 60)).toBe(false);
    expect(withinHours(7 * 60, 8 * 60, undefined)).toBe(false);
    expect(withinHours(7 * 60, undefined, undefined)).toBe(true);
    expect(localClock(new Date('2026-07-01T22:30:00Z'), 'Europe/Stockholm')).toMatchObject({ weekday: 4, minutes: 30 });
  });

  it('rejects settings that are not times or numbers', async () => {
    const r = await app.ctx.services.config.save(await systemContext(app.ctx), 'default', 0, [
      { path: LAC_HOURS_FROM, value: '25:00' },
      { path: LAC_MAX_PER_HOUR, value: 'many' },
    ]);
    expect(r.ok).toBe(false);
  });
});

describe('alerts', () => {
  it('notifies and queues one email when an agent reaches the threshold, not on every session after', async () => {
    await setConfig(app, { [LAC_ALERT_PER_HOUR]: '2', [LAC_ALERT_EMAIL]: 'security@example.com' });
    const { admin, browser } = await agent();
    const c = await consenting();
    const alerts = () => app.ctx.db.selectFrom('admin_notifications').select(['title', 'params']).where('params', 'like', `%${admin.username}%`).execute();
    // Queued as a mail.send job; the test app runs each job when its transaction commits, into var/mail.
    const mails = async () => (await readMailbox(app.ctx.env.VAR_DIR)).filter((m) => m.to.includes('security@example.com'));
    const before = (await mails()).length;
    expect((await start(browser, c.id)).started).toBe(true);
    expect(await alerts()).toHaveLength(0);
    expect((await start(browser, c.id)).started).toBe(true);
    expect(await alerts()).toHaveLength(1);
    const queued = await mails();
    expect(queued.length).toBe(before + 1);
    expect(queued.at(-1)!.text).toContain(admin.username);
    expect(queued.at(-1)!.subject).toContain('Login as Customer alert');
    expect((await start(browser, c.id)).started).toBe(true);
    expect((await start(browser, c.id)).started).toBe(true);
    expect(await alerts()).toHaveLength(1);
    expect((await mails()).length).toBe(before + 1);
    const logged = await app.ctx.db.selectFrom('action_log').select('action').where('admin_id', '=', admin.id).where('action', '=', 'Limit Alert').execute();
    expect(logged).toHaveLength(1);
  });

  it('alerts without an email when no address is set', async () => {
    await setConfig(app, { [LAC_ALERT_PER_HOUR]: '1' });
    const { admin, browser } = await agent();
    const jobsBefore = (await app.ctx.db.selectFrom('jobs').select('id').where('kind', '=', 'mail.send').execute()).length;
    expect((await start(browser, (await consenting()).id)).started).toBe(true);
    expect(await app.ctx.db.selectFrom('admin_notifications').select('id').where('params', 'like', `%${admin.username}%`).execute()).toHaveLength(1);
    // The customer's own "staff signed in" email is queued at redeem, not at start: no mail job here.
    expect((await app.ctx.db.selectFrom('jobs').select('id').where('kind', '=', 'mail.send').execute()).length).toBe(jobsBefore);
  });
});
