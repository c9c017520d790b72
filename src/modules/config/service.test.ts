import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readVersion } from '../../db/versioned-cache.ts';
import { inTransaction, systemContext } from '../../kernel/request-context.ts';
import { PAGE_CACHE_VERSION } from '../page-cache/public.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { createStoresService } from '../stores/service.ts';
import { createConfigService } from './service.ts';

const TITLE = 'login_as_customer/general/shopping_assistance_checkbox_title';
const ENABLED = 'login_as_customer/general/enabled';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

describe('scoped configuration', () => {
  it('resolves store view → website → default → code default', async () => {
    const config = app.ctx.services.config;
    const rc = await systemContext(app.ctx);
    expect(await config.get(TITLE, { storeViewId: 1 })).toBe('Allow remote shopping assistance');
    expect((await config.save(rc, 'default', 0, [{ path: TITLE, value: 'Default title' }])).ok).toBe(true);
    expect(await config.get(TITLE, { storeViewId: 1 })).toBe('Default title');
    expect((await config.save(rc, 'websites', 1, [{ path: TITLE, value: 'Website title' }])).ok).toBe(true);
    expect(await config.get(TITLE, { storeViewId: 1 })).toBe('Website title');
    expect(await config.get(TITLE, {})).toBe('Default title');
    expect((await config.save(rc, 'stores', 1, [{ path: TITLE, value: 'View title' }])).ok).toBe(true);
    expect(await config.get(TITLE, { storeViewId: 1 })).toBe('View title');
    expect(await config.get(TITLE, { websiteId: 1 })).toBe('Website title');
    // Removing the store view override falls back to the website again.
    await config.save(rc, 'stores', 1, [{ path: TITLE, value: null }]);
    expect(await config.get(TITLE, { storeViewId: 1 })).toBe('Website title');
  });

  it('refuses invalid values and scopes, and saves nothing of a failing batch', async () => {
    const config = app.ctx.services.config;
    const rc = await systemContext(app.ctx);
    const before = await config.get(ENABLED);
    const bad = await config.save(rc, 'default', 0, [
      { path: ENABLED, value: 'maybe' },
      { path: TITLE, value: 'Would be saved' },
    ]);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.messages.join(' ')).toContain('Choose Yes or No.');
    expect(await config.get(ENABLED)).toBe(before);
    const wrongScope = await config.save(rc, 'websites', 1, [{ path: ENABLED, value: '1' }]);
    expect(wrongScope.ok).toBe(false);
    const blank = await config.save(rc, 'default', 0, [{ path: TITLE, value: '   ' }]);
    expect(blank.ok).toBe(false);
  });

  it('records each change in the action log with old and new values, under the section group', async () => {
    const rc = await systemContext(app.ctx, { actor: { type: 'system', name: 'cfg-test' } });
    await app.ctx.services.config.save(rc, 'default', 0, [{ path: ENABLED, value: '1' }]);
    const row = await app.ctx.db.selectFrom('action_log').selectAll().where('username', '=', 'cfg-test').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row.action_group).toBe('login_as_customer');
    expect(JSON.parse(row.full_details).changes[ENABLED]).toEqual({ old: null, new: '1' });
  });

  it('another process sees a saved value through the version stamp', async () => {
    // A second config service on the same database stands in for another app process.
    const stores = createStoresService({ db: () => app.ctx.db, checkEveryMs: 0 });
    const other = createConfigService({ db: () => app.ctx.db, registry: app.ctx.registry, stores, checkEveryMs: 0 });
    const rc = await systemContext(app.ctx);
    await app.ctx.services.config.save(rc, 'default', 0, [{ path: 'login_as_customer/security/token_lifetime', value: '45' }]);
    expect(await other.getInt('login_as_customer/security/token_lifetime')).toBe(45);
    await app.ctx.services.config.save(rc, 'default', 0, [{ path: 'login_as_customer/security/token_lifetime', value: '90' }]);
    expect(await other.getInt('login_as_customer/security/token_lifetime')).toBe(90);
  });

  it('skips groups switched off in Admin Actions Logging', async () => {
    const rc = await systemContext(app.ctx, { actor: { type: 'system', name: 'quiet-test' } });
    await app.ctx.services.config.save(rc, 'default', 0, [{ path: 'admin/admin_actions_logging/admin_permissions', value: '0' }]);
    await app.ctx.services.adminUsers.createRole(rc, { name: 'Quiet role', all: false, resources: ['dashboard'] });
    const rows = await app.ctx.db.selectFrom('action_log').select('action_group').where('username', '=', 'quiet-test').execute();
    expect(rows.map((r) => r.action_group)).not.toContain('admin_permissions');
    await app.ctx.services.config.save(rc, 'default', 0, [{ path: 'admin/admin_actions_logging/admin_permissions', value: '1' }]);
  });
});

describe("a save inside a caller's transaction", () => {
  it('flushes the page cache on that transaction, committed with it (a seed saves settings so)', async () => {
    const rc = await systemContext(app.ctx);
    const before = await readVersion(app.ctx.db, PAGE_CACHE_VERSION);
    await inTransaction(rc, async (trx) => {
      expect((await app.ctx.services.config.save(trx, 'default', 0, [{ path: TITLE, value: 'Inside a transaction' }])).ok).toBe(true);
    });
    expect(await readVersion(app.ctx.db, PAGE_CACHE_VERSION)).toBeGreaterThan(before);
  });
});
