import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD } from '../../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

const TITLE = 'login_as_customer/general/shopping_assistance_checkbox_title';
const ENABLED = 'login_as_customer/general/enabled';
const LAC_SECTION = '/admin/stores/config/edit/section/login_as_customer';
const SAVE = '/admin/stores/config/save/section/login_as_customer';

let app: TestApp;
let agent: Agent;
beforeAll(async () => {
  app = await createTestApp();
  const admin = await createAdmin(app, ['stores', 'stores.settings', 'stores.settings.config', 'stores.settings.config.login_as_customer']);
  agent = new Agent(app);
  await agent.signInAdmin(admin.username, TEST_PASSWORD);
});
afterAll(async () => app?.dispose());

const lacFields = (extra: Record<string, string | string[]> = {}) => ({
  [`config[${ENABLED}]`]: '1',
  'config[login_as_customer/general/disable_page_cache]': '1',
  'config[login_as_customer/general/store_view_manual_choice_enabled]': '0',
  [`inherit[${TITLE}]`]: '1',
  'inherit[login_as_customer/general/shopping_assistance_checkbox_tooltip]': '1',
  'inherit[login_as_customer/security/session_lifetime]': '1',
  'inherit[login_as_customer/security/idle_timeout]': '1',
  'inherit[login_as_customer/security/token_lifetime]': '1',
  'inherit[login_as_customer/security/require_reason]': '1',
  'inherit[login_as_customer/security/notify_customer]': '1',
  'inherit[login_as_customer/security/blocked_actions]': '1',
  ...extra,
});

describe('Stores > Configuration page', () => {
  it('shows only the sections the role may see and refuses the others on the server', async () => {
    const page = await agent.get('/admin/stores/config');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Login as Customer Settings');
    expect(page.body).toContain('Enable Login as Customer');
    expect(page.body).not.toContain('Admin Actions Logging');
    expect((await agent.get('/admin/stores/config/edit/section/admin')).statusCode).toBe(403);
    const forged = await agent.post('/admin/stores/config/save/section/admin', { 'config[admin/security/lockout_failures]': '0' });
    expect(forged.statusCode).toBe(403);
    expect(await app.ctx.services.config.getInt('admin/security/lockout_failures')).toBe(6);
    expect((await agent.get('/admin/stores/config/edit/section/nope')).statusCode).toBe(404);
  });

  it('saves the seed step "Enable Login as Customer = Yes" and logs it under Login As Customer', async () => {
    const res = await agent.post(SAVE, lacFields());
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(LAC_SECTION);
    expect(await app.ctx.services.config.getBool(ENABLED)).toBe(true);
    const page = await agent.get(LAC_SECTION);
    expect(page.body).toContain('You saved the configuration.');
    const log = await app.ctx.db
      .selectFrom('action_log')
      .selectAll()
      .where('action_group', '=', 'login_as_customer')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(log.full_details).changes[ENABLED]).toEqual({ old: null, new: '1' });
  });

  it('overrides a value at website scope and inherits it at the store view', async () => {
    const scope = '?scope=websites-1';
    const websitePage = await agent.get(`${LAC_SECTION}${scope}`);
    expect(websitePage.body).toContain('Use Default Value');
    expect(websitePage.body).not.toContain('Enable Login as Customer');
    const res = await agent.post(`${SAVE}${scope}`, {
      [`config[${TITLE}]`]: 'Let our team help you',
      'inherit[login_as_customer/general/shopping_assistance_checkbox_tooltip]': '1',
    });
    expect(res.statusCode).toBe(303);
    expect(await app.ctx.services.config.get(TITLE, { storeViewId: 1 })).toBe('Let our team help you');
    expect(await app.ctx.services.config.get(TITLE)).toBe('Allow remote shopping assistance');
    const viewPage = await agent.get(`${LAC_SECTION}?scope=stores-1`);
    expect(viewPage.body).toContain('Use Website');
    expect(viewPage.body).toContain('value="Let our team help you" disabled');
    // Back to inheriting.
    await agent.post(`${SAVE}${scope}`, { [`inherit[${TITLE}]`]: '1', 'inherit[login_as_customer/general/shopping_assistance_checkbox_tooltip]': '1' });
    expect(await app.ctx.services.config.get(TITLE, { storeViewId: 1 })).toBe('Allow remote shopping assistance');
  });

  it('re-shows the form with messages on bad input and saves nothing', async () => {
    const before = await app.ctx.services.config.getInt('login_as_customer/security/token_lifetime');
    // Unticking "Use system value" means the form no longer sends inherit[...] for that field.
    const fields: Record<string, string | string[]> = lacFields({ 'config[login_as_customer/security/token_lifetime]': '5', [`config[${ENABLED}]`]: '0' });
    delete fields['inherit[login_as_customer/security/token_lifetime]'];
    const res = await agent.post(SAVE, fields);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Enter a whole number from 10 to 600.');
    expect(res.body).toContain('value="5"');
    expect(await app.ctx.services.config.getInt('login_as_customer/security/token_lifetime')).toBe(before);
    expect(await app.ctx.services.config.getBool(ENABLED)).toBe(true);
  });

  it('requires a session and the Configuration permission', async () => {
    expect((await new Agent(app).get('/admin/stores/config')).statusCode).toBe(302);
    const other = await createAdmin(app, ['dashboard']);
    const a = new Agent(app);
    await a.signInAdmin(other.username, TEST_PASSWORD);
    expect((await a.get('/admin/stores/config')).statusCode).toBe(403);
    expect((await a.post(SAVE, lacFields({ [`config[${ENABLED}]`]: '0' }))).statusCode).toBe(403);
    expect(await app.ctx.services.config.getBool(ENABLED)).toBe(true);
  });
});
