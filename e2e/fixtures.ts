import { test as base, expect, type Page } from '@playwright/test';
import { openDatabase, type DatabaseHandle } from '../src/db/database.ts';
import { createSessionStore } from '../src/http/sessions.ts';
import { systemClock } from '../src/kernel/clock.ts';
import { randomToken } from '../src/kernel/tokens.ts';
import { hashPassword } from '../src/modules/admin-users/passwords.ts';
import { adminUsersRepo } from '../src/modules/admin-users/repo.ts';

export const PASSWORD = 'Secret-pass-123';

export interface TestAdmin {
  id: number;
  username: string;
  password: string;
  roleId: number;
  roleName: string;
  firstName: string;
  lastName: string;
}

export const uniq = (prefix: string) => `${prefix}${Date.now().toString(36)}${randomToken(4).replace(/[^a-zA-Z0-9]/g, '')}`;

let shared: DatabaseHandle | undefined;
/** The e2e server's database, opened directly (SQLite in WAL mode allows this beside the server). */
export async function e2eDb(): Promise<DatabaseHandle> {
  shared ??= await openDatabase({ sqliteFile: process.env.E2E_SQLITE_FILE });
  return shared;
}

const now = () => new Date().toISOString();

/** Creates a role with the given resources ('all' = Resource Access All) and an active admin in it. */
export async function createAdmin(resources: string[] | 'all', opts: Partial<Pick<TestAdmin, 'firstName' | 'lastName' | 'username'>> = {}): Promise<TestAdmin> {
  const { db } = await e2eDb();
  const roleName = uniq('Role ');
  const roleId = await adminUsersRepo.insertRole(db, { name: roleName, all_resources: resources === 'all' ? 1 : 0, created_at: now(), updated_at: now() });
  if (resources !== 'all') await adminUsersRepo.replaceRoleResources(db, roleId, resources);
  const username = opts.username ?? uniq('admin');
  const firstName = opts.firstName ?? 'Erin';
  const lastName = opts.lastName ?? 'Tester';
  const id = await adminUsersRepo.insertUser(db, {
    username,
    email: `${username}@example.com`.toLowerCase(),
    first_name: firstName,
    last_name: lastName,
    password_hash: await hashPassword(PASSWORD),
    role_id: roleId,
    is_active: 1,
    interface_locale: 'en_US',
    failed_logins: 0,
    created_at: now(),
    updated_at: now(),
  });
  return { id, username, password: PASSWORD, roleId, roleName, firstName, lastName };
}

/** Logs an admin in directly: a session row plus its cookie, no form. */
export async function loginDirectly(page: Page, admin: TestAdmin) {
  const { db } = await e2eDb();
  const sessions = createSessionStore({ db: () => db, clock: systemClock });
  const { rawId } = await sessions.create(db, 'admin', admin.id, {}, 900);
  const url = new URL(process.env.E2E_BASE_URL!);
  await page.context().addCookies([{ name: 'concierge_admin', value: rawId, domain: url.hostname, path: '/admin', httpOnly: true, sameSite: 'Strict' }]);
}

/** Signs in through the real sign-in form. */
export async function signInWithForm(page: Page, username: string, password: string) {
  await page.goto('/admin/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export const test = base;
export { expect };
