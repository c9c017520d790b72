import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../kernel/request-context.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD } from '../../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { adminUsersRepo } from './repo.ts';
import { ADMIN_LOCKOUT_FAILURES } from './service.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

describe('admin lockout under parallel attempts', () => {
  it('counts every wrong password and locks exactly once', async () => {
    const r = await app.ctx.services.config.save(await systemContext(app.ctx), 'default', 0, [{ path: ADMIN_LOCKOUT_FAILURES, value: '5' }]);
    expect(r.ok).toBe(true);
    const admin = await createAdmin(app, 'all');
    const browser = new Agent(app);
    await browser.get('/admin/login');
    const attempts = await Promise.all(
      Array.from({ length: 20 }, () => browser.post('/admin/login', { 'login[username]': admin.username, 'login[password]': 'Wrong-pass-1' })),
    );
    expect(attempts.every((a) => a.statusCode === 401)).toBe(true);
    const row = (await adminUsersRepo.byId(app.ctx.db, admin.id))!;
    expect(row.locked_until! > app.clock.now().toISOString()).toBe(true);
    const locks = await app.ctx.db
      .selectFrom('action_log')
      .select('details')
      .where('action_group', '=', 'admin_sign_in')
      .where('admin_id', '=', admin.id)
      .where('details', '=', 'Wrong password; account locked')
      .execute();
    expect(locks).toHaveLength(1);
    // Locked: even the right password is refused.
    expect((await browser.post('/admin/login', { 'login[username]': admin.username, 'login[password]': TEST_PASSWORD })).statusCode).toBe(401);
  });
});
