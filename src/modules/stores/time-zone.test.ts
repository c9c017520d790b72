import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, systemRc, TEST_PASSWORD } from '../../testing/fixtures.ts';
import { createCustomer, signInCustomer } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { TIMEZONE } from './index.ts';

// The test clock stands at 2026-01-15 10:00 UTC: 11:00 in Stockholm (CET), 05:00 in New York (EST).
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

describe('General > Locale Options > Timezone', () => {
  it("shows the storefront's times in the store view's zone and the admin's in the Default Config zone", async () => {
    const rc = await systemRc(app);
    const view = rc.store.view.id;
    expect((await app.ctx.services.config.save(rc, 'stores', view, [{ path: TIMEZONE, value: 'Europe/Stockholm' }])).ok).toBe(true);
    const defaults = [
      { path: TIMEZONE, value: 'America/New_York' },
      { path: 'login_as_customer/general/enabled', value: '1' },
    ];
    expect((await app.ctx.services.config.save(rc, 'default', 0, defaults)).ok).toBe(true);

    const c = await createCustomer(app);
    const shopper = new Agent(app);
    await signInCustomer(shopper, c.email);
    await shopper.post('/customer/account/editPost', { firstname: 'Test', lastname: 'Customer', assistance_allowed: '1', assistance_duration: '24h' });
    // Consent until 2026-01-16 10:00 UTC = 11:00 CET in the store view.
    const edit0 = await shopper.get('/customer/account/edit');
    expect(edit0.body).toContain('as now (until Jan 16, 2026, 11:00 AM GMT+1)');

    const admin = await createAdmin(app, 'all');
    const agent = new Agent(app);
    await agent.signInAdmin(admin.username, TEST_PASSWORD);
    const edit = await agent.get(`/admin/customers/${c.id}/edit`);
    expect(edit.body).toContain('Yes, until Jan 16, 2026, 05:00 AM EST');
  });

  it('refuses a zone that does not exist and changes nothing', async () => {
    const rc = await systemRc(app);
    const before = await app.ctx.services.config.get(TIMEZONE, {});
    const saved = await app.ctx.services.config.save(rc, 'default', 0, [{ path: TIMEZONE, value: 'Mars/Olympus_Mons' }]);
    expect(saved.ok).toBe(false);
    expect(await app.ctx.services.config.get(TIMEZONE, {})).toBe(before);
  });
});
