import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD, unique } from '../../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let app: TestApp;
let agent: Agent;
beforeAll(async () => {
  app = await createTestApp();
  const admin = await createAdmin(app, ['stores', 'stores.settings', 'stores.settings.all_stores']);
  agent = new Agent(app);
  await agent.signInAdmin(admin.username, TEST_PASSWORD);
});
afterAll(async () => app?.dispose());

const tree = () => app.ctx.services.stores.tree();
const code = () =>
  unique('c')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 20);

describe('Stores > All Stores', () => {
  it('lists the default website, store and store view', async () => {
    const res = await agent.get('/admin/stores/all');
    expect(res.statusCode).toBe(200);
    for (const label of ['Main Website', 'Main Website Store', 'Default Store View', 'Create Website', 'Create Store', 'Create Store View'])
      expect(res.body).toContain(label);
  });

  it('creates a website, a store and a store view reachable by its URL prefix and by host', async () => {
    const wCode = code();
    expect((await agent.post('/admin/stores/all/website/save', { name: 'Outlet Website', code: wCode, sort_order: '5' })).statusCode).toBe(303);
    const website = (await tree()).websites.find((w) => w.code === wCode)!;
    const sCode = code();
    expect(
      (await agent.post('/admin/stores/all/store/save', { name: 'Outlet Store', code: sCode, website_id: String(website.id), sort_order: '0' })).statusCode,
    ).toBe(303);
    const store = (await tree()).stores.find((s) => s.code === sCode)!;
    expect((await tree()).websites.find((w) => w.id === website.id)!.default_store_id).toBe(store.id);
    const vCode = code();
    const res = await agent.post('/admin/stores/all/view/save', {
      name: 'Outlet View',
      code: vCode,
      store_id: String(store.id),
      url_path: 'outlet',
      is_active: '1',
      sort_order: '0',
    });
    expect(res.statusCode).toBe(303);
    const t = await tree();
    const view = t.views.find((v) => v.code === vCode)!;
    expect(view.website_id).toBe(website.id);
    const matched = app.ctx.services.stores.matchUrl(t, 'localhost', '/outlet/catalog/product/x?y=1');
    expect(matched).toEqual({ view, url: '/catalog/product/x?y=1' });
    expect(app.ctx.services.stores.matchUrl(t, 'localhost', '/outletx').view.code).toBe('default');

    const hCode = code();
    await agent.post('/admin/stores/all/view/save', {
      name: 'Outlet Host View',
      code: hCode,
      store_id: String(store.id),
      host: 'outlet.example.com',
      url_path: '',
      is_active: '1',
      sort_order: '1',
    });
    const t2 = await tree();
    expect(app.ctx.services.stores.matchUrl(t2, 'outlet.example.com:3000', '/').view.code).toBe(hCode);
    const log = await app.ctx.db.selectFrom('action_log').selectAll().where('action_group', '=', 'stores').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(log.details).toContain('Outlet Host View');
  });

  it('validates codes, prefixes and hosts, and saves nothing when invalid', async () => {
    const before = (await tree()).views.length;
    const bad = await agent.post('/admin/stores/all/view/save', {
      name: '',
      code: '1bad-code',
      store_id: '1',
      url_path: 'admin',
      host: 'not a host',
      is_active: '1',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The store code may contain only letters (a-z), numbers (0-9) or underscore (_), and the first character must be a letter.');
    expect(bad.body).toContain('must not be a reserved word');
    expect(bad.body).toContain('Enter a valid host name');
    expect(bad.body).toContain('Name is required.');
    const dupCode = await agent.post('/admin/stores/all/view/save', { name: 'Dup', code: 'default', store_id: '1', url_path: 'dup', is_active: '1' });
    expect(dupCode.body).toContain('The code &#34;default&#34; is already used.');
    const dupPath = await agent.post('/admin/stores/all/view/save', { name: 'Root twin', code: code(), store_id: '1', url_path: '', is_active: '1' });
    expect(dupPath.body).toContain('Another store view already uses this URL path prefix and host.');
    expect((await tree()).views.length).toBe(before);
  });

  it('refuses to delete or disable the defaults and levels that still have children', async () => {
    await agent.post('/admin/stores/all/view/1/delete');
    expect((await tree()).views.some((v) => v.id === 1)).toBe(true);
    await agent.post('/admin/stores/all/website/1/delete');
    expect((await tree()).websites.some((w) => w.id === 1)).toBe(true);
    const page = await agent.get('/admin/stores/all');
    expect(page.body).toContain('The default website cannot be deleted.');
    const disable = await agent.post('/admin/stores/all/view/save', {
      id: '1',
      name: 'Default Store View',
      code: 'default',
      store_id: '1',
      url_path: '',
      sort_order: '0',
    });
    expect(disable.body).toContain('The default store view cannot be disabled.');
    const wCode = code();
    await agent.post('/admin/stores/all/website/save', { name: 'Busy Website', code: wCode, sort_order: '0' });
    const w = (await tree()).websites.find((x) => x.code === wCode)!;
    await agent.post('/admin/stores/all/store/save', { name: 'Busy Store', code: code(), website_id: String(w.id), sort_order: '0' });
    await agent.post(`/admin/stores/all/website/${w.id}/delete`);
    expect((await tree()).websites.some((x) => x.id === w.id)).toBe(true);
  });

  it('deletes an extra store view after a confirmation page', async () => {
    const vCode = code();
    await agent.post('/admin/stores/all/view/save', { name: 'Temporary View', code: vCode, store_id: '1', url_path: 'temp', is_active: '1', sort_order: '0' });
    const view = (await tree()).views.find((v) => v.code === vCode)!;
    const confirm = await agent.get(`/admin/stores/all/view/${view.id}/delete`);
    expect(confirm.body).toContain('Are you sure you want to delete');
    await agent.post(`/admin/stores/all/view/${view.id}/delete`);
    expect((await tree()).views.some((v) => v.id === view.id)).toBe(false);
  });
});
