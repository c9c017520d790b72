import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE } from '../../http/server.tsx';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD } from '../../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { SIGN_IN_FAILED } from './service.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

const logRows = (username: string) => app.ctx.db.selectFrom('action_log').selectAll().where('username', '=', username).orderBy('id').execute();

describe('admin sign-in', () => {
  it('signs in with a fresh session id, stores only its hash, and records the login', async () => {
    const admin = await createAdmin(app, 'all');
    const agent = new Agent(app);
    // A session id planted before sign-in is never upgraded.
    agent.cookies.set(ADMIN_COOKIE, 'planted-session-id');
    const res = await agent.signInAdmin(admin.username, TEST_PASSWORD);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/dashboard');
    const raw = agent.cookies.get(ADMIN_COOKIE)!;
    expect(raw).not.toBe('planted-session-id');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/concierge_admin=[^;]+; Path=\/admin; HttpOnly; SameSite=Strict/);
    const sessions = await app.ctx.db.selectFrom('sessions').selectAll().where('subject_id', '=', admin.id).execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.id_hash).not.toContain(raw);
    const dash = await agent.get('/admin/dashboard');
    expect(dash.statusCode).toBe(200);
    expect(dash.body).toContain('Dashboard');
    const log = await logRows(admin.username);
    expect(log.at(-1)).toMatchObject({ action_group: 'admin_sign_in', action: 'Login', result: 'Success', full_action_name: 'adminhtml_auth_login' });
  });

  it('refuses a wrong password with the generic message and logs a Failure', async () => {
    const admin = await createAdmin(app, 'all');
    const agent = new Agent(app);
    const res = await agent.post('/admin/login', { 'login[username]': admin.username, 'login[password]': 'wrong-pass-1' });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain(SIGN_IN_FAILED);
    expect(agent.cookies.has(ADMIN_COOKIE)).toBe(false);
    expect((await logRows(admin.username)).at(-1)).toMatchObject({ action: 'Login', result: 'Failure' });
  });

  it('locks the account after the configured number of failures, even for the right password', async () => {
    const admin = await createAdmin(app, 'all');
    const agent = new Agent(app);
    for (let i = 0; i < 6; i++) await agent.post('/admin/login', { 'login[username]': admin.username, 'login[password]': `wrong-${i}-x` });
    const res = await agent.post('/admin/login', { 'login[username]': admin.username, 'login[password]': TEST_PASSWORD });
    expect(res.statusCode).toBe(401);
    app.clock.advance(31 * 60_000);
    const later = await agent.post('/admin/login', { 'login[username]': admin.username, 'login[password]': TEST_PASSWORD });
    expect(later.statusCode).toBe(303);
  });

  it('rejects a sign-in without a valid form key and changes nothing', async () => {
    const admin = await createAdmin(app, 'all');
    const agent = new Agent(app);
    await agent.get('/admin/login');
    const res = await agent.post('/admin/login', { 'login[username]': admin.username, 'login[password]': TEST_PASSWORD, form_key: 'forged' });
    expect(res.statusCode).toBe(403);
    expect(agent.cookies.has(ADMIN_COOKIE)).toBe(false);
  });

  it('signs out on POST only, ends the session and records Logout', async () => {
    const admin = await createAdmin(app, 'all');
    const agent = new Agent(app);
    await agent.signInAdmin(admin.username, TEST_PASSWORD);
    expect((await agent.get('/admin/logout')).statusCode).toBe(404);
    const res = await agent.post('/admin/logout');
    expect(res.statusCode).toBe(303);
    expect(await app.ctx.db.selectFrom('sessions').select('id_hash').where('subject_id', '=', admin.id).execute()).toHaveLength(0);
    const after = await agent.get('/admin/dashboard');
    expect(after.statusCode).toBe(302);
    expect(after.headers.location).toContain('/admin/login');
    expect((await logRows(admin.username)).at(-1)).toMatchObject({ action: 'Logout', result: 'Success' });
  });

  it('signs an idle admin out after the session lifetime', async () => {
    const admin = await createAdmin(app, 'all');
    const agent = new Agent(app);
    await agent.signInAdmin(admin.username, TEST_PASSWORD);
    app.clock.advance(901_000);
    const res = await agent.get('/admin/dashboard');
    expect(res.statusCode).toBe(302);
  });
});
