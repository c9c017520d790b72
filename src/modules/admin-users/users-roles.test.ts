import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE } from '../../http/server.tsx';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, createRole, TEST_PASSWORD, unique } from '../../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { adminUsersRepo } from './repo.ts';

let app: TestApp;
let boss: Awaited<ReturnType<typeof createAdmin>>;
let agent: Agent;
beforeAll(async () => {
  app = await createTestApp();
  boss = await createAdmin(app, 'all');
  agent = new Agent(app);
  await agent.signInAdmin(boss.username, TEST_PASSWORD);
});
afterAll(async () => app?.dispose());

const userForm = (u: { id?: number; username: string; roleId: number | null; active?: boolean; password?: string }, extra: Record<string, string> = {}) => ({
  ...(u.id ? { user_id: String(u.id) } : {}),
  username: u.username,
  firstname: 'Pat',
  lastname: 'Lee',
  email: `${u.username}@example.com`,
  password: u.password ?? '',
  password_confirmation: u.password ?? '',
  interface_locale: 'en_US',
  ...(u.active === false ? {} : { is_active: '1' }),
  ...(u.roleId ? { role_id: String(u.roleId) } : {}),
  current_password: TEST_PASSWORD,
  ...extra,
});

describe('System > Permissions > All Users', () => {
  it('creates a user through the form and records it', async () => {
    const roleId = await createRole(app, ['dashboard']);
    const username = unique('new-');
    const res = await agent.post('/admin/system/users/save', userForm({ username, roleId, password: 'Another-pass-9' }));
    expect(res.statusCode).toBe(303);
    const user = await adminUsersRepo.byUsername(app.ctx.db, username);
    expect(user).toMatchObject({ role_id: roleId, is_active: 1 });
    const grid = await agent.get(`/admin/system/users?username=${username}`);
    expect(grid.body).toContain(username);
  });

  it('refuses a wrong "Your Password", a bad email and mismatched passwords, changing nothing', async () => {
    const username = unique('bad-');
    const wrong = await agent.post('/admin/system/users/save', userForm({ username, roleId: null, password: 'Another-pass-9' }, { current_password: 'nope' }));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('The password entered for the current user is invalid. Verify the password and try again.');
    const badEmail = await agent.post('/admin/system/users/save', userForm({ username, roleId: null, password: 'Another-pass-9' }, { email: 'not-an-email' }));
    expect(badEmail.body).toContain('Please enter a valid email address.');
    const mismatch = await agent.post(
      '/admin/system/users/save',
      userForm({ username, roleId: null, password: 'Another-pass-9' }, { password_confirmation: 'x' }),
    );
    expect(mismatch.body).toContain('Your password confirmation must match your password.');
    expect(await adminUsersRepo.byUsername(app.ctx.db, username)).toBeUndefined();
  });

  it('deactivating a user or changing their role ends their sessions', async () => {
    const roleA = await createRole(app, ['dashboard']);
    const roleB = await createRole(app, ['dashboard', 'system']);
    const victim = await createAdmin(app, ['dashboard']);
    await adminUsersRepo.updateUser(app.ctx.db, victim.id, { role_id: roleA });
    const theirs = new Agent(app);
    await theirs.signInAdmin(victim.username, TEST_PASSWORD);
    expect((await theirs.get('/admin/dashboard')).statusCode).toBe(200);
    await agent.post('/admin/system/users/save', userForm({ id: victim.id, username: victim.username, roleId: roleB }));
    expect((await theirs.get('/admin/dashboard')).statusCode).toBe(302);
    await theirs.signInAdmin(victim.username, TEST_PASSWORD);
    await agent.post('/admin/system/users/save', userForm({ id: victim.id, username: victim.username, roleId: roleB, active: false }));
    expect((await theirs.get('/admin/dashboard')).statusCode).toBe(302);
    const again = await theirs.post('/admin/login', { 'login[username]': victim.username, 'login[password]': TEST_PASSWORD });
    expect(again.statusCode).toBe(401);
    expect(theirs.cookies.has(ADMIN_COOKIE)).toBe(false);
  });

  it('never lets an admin delete or deactivate themself', async () => {
    const self = await agent.post(`/admin/system/users/${boss.id}/delete`);
    expect(self.statusCode).toBe(303);
    expect(await adminUsersRepo.byId(app.ctx.db, boss.id)).toBeDefined();
    const deactivate = await agent.post('/admin/system/users/save', userForm({ id: boss.id, username: boss.username, roleId: boss.roleId, active: false }));
    expect(deactivate.body).toContain('You cannot deactivate your own account.');
  });

  it('asks for confirmation on its own page before deleting', async () => {
    const doomed = await createAdmin(app, ['dashboard']);
    const confirm = await agent.get(`/admin/system/users/${doomed.id}/delete`);
    expect(confirm.body).toContain('Are you sure you want to delete the user');
    expect(await adminUsersRepo.byId(app.ctx.db, doomed.id)).toBeDefined();
    await agent.post(`/admin/system/users/${doomed.id}/delete`);
    expect(await adminUsersRepo.byId(app.ctx.db, doomed.id)).toBeUndefined();
  });
});

describe('System > Permissions > User Roles', () => {
  it('creates a Custom role, adding the ancestors of each chosen resource', async () => {
    const name = unique('Support ');
    const res = await agent.post('/admin/system/roles/save', {
      rolename: name,
      all: '0',
      'resource[]': ['customers.login_as_customer.allow', 'system.action_logs.report'],
      current_password: TEST_PASSWORD,
    });
    expect(res.statusCode).toBe(303);
    const role = (await adminUsersRepo.roleByName(app.ctx.db, name))!;
    expect(await adminUsersRepo.roleResources(app.ctx.db, role.id)).toEqual(
      ['customers', 'customers.login_as_customer', 'customers.login_as_customer.allow', 'system', 'system.action_logs', 'system.action_logs.report'].sort(),
    );
    const edit = await agent.get(`/admin/system/roles/${role.id}/edit`);
    expect(edit.body).toContain('Role Resources');
    expect(edit.body).toContain('Allow Login as Customer');
    expect(edit.body).toContain('View Login as Customer Log');
  });

  it('refuses unknown resources, empty and duplicate names, and deleting a role in use', async () => {
    const name = unique('Dup ');
    await agent.post('/admin/system/roles/save', { rolename: name, all: '0', 'resource[]': ['dashboard'], current_password: TEST_PASSWORD });
    const dup = await agent.post('/admin/system/roles/save', { rolename: name, all: '0', current_password: TEST_PASSWORD });
    expect(dup.body).toContain('A role with the same name already exists.');
    const empty = await agent.post('/admin/system/roles/save', { rolename: ' ', all: '0', current_password: TEST_PASSWORD });
    expect(empty.body).toContain('Role Name is required.');
    const unknown = await agent.post('/admin/system/roles/save', {
      rolename: unique('U '),
      all: '0',
      'resource[]': ['made.up'],
      current_password: TEST_PASSWORD,
    });
    expect(unknown.statusCode).toBe(400);
    const inUse = await agent.post(`/admin/system/roles/${boss.roleId}/delete`);
    expect(inUse.statusCode).toBe(303);
    expect(await adminUsersRepo.roleById(app.ctx.db, boss.roleId)).toBeDefined();
  });

  it('will not take role management away from the last administrator', async () => {
    // Only `boss` (role: All) and nobody else can manage roles in this app? Others may; make sure the rule holds for the last one.
    const managers = await adminUsersRepo.countActiveWith(app.ctx.db, 'system.permissions.roles');
    expect(managers).toBe(1);
    const res = await agent.post('/admin/system/roles/save', {
      role_id: String(boss.roleId),
      rolename: 'Boss role',
      all: '0',
      'resource[]': ['dashboard'],
      current_password: TEST_PASSWORD,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('You cannot lock out the last administrator who can manage users and roles.');
    expect((await adminUsersRepo.roleById(app.ctx.db, boss.roleId))!.all_resources).toBe(1);
  });

  it('tells listeners when a role loses resources, so dependent access can end', async () => {
    const seen: number[] = [];
    app.ctx.services.adminUsers.onAccessChanged(async (_rc, adminId) => void seen.push(adminId));
    const member = await createAdmin(app, ['customers', 'customers.login_as_customer', 'customers.login_as_customer.allow']);
    await agent.post('/admin/system/roles/save', {
      role_id: String(member.roleId),
      rolename: unique('Reduced '),
      all: '0',
      'resource[]': ['dashboard'],
      current_password: TEST_PASSWORD,
    });
    expect(seen).toContain(member.id);
    const user = (await adminUsersRepo.byId(app.ctx.db, member.id))!;
    expect((await app.ctx.services.adminUsers.permissionsOf(app.ctx.db, user)).resources.has('customers.login_as_customer.allow')).toBe(false);
  });
});
