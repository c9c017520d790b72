import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../../kernel/app-context.ts';
import { inTransaction, systemContext, type RequestContext } from '../../kernel/request-context.ts';
import { randomToken } from '../../kernel/tokens.ts';
import { adminUsersRepo } from '../../modules/admin-users/repo.ts';
import { seedStores } from './stores.ts';
import { seedTax } from './tax.ts';
import { seedStore } from './store.ts';
import { seedActivity } from './activity.ts';
import { seedProductImages } from './images.ts';
import { seedSwedishCatalogText } from './swedish.ts';

/** Resources of the seeded "Customer Support" role: only what Login as Customer needs. */
export const CUSTOMER_SUPPORT_RESOURCES = [
  'customers.login_as_customer.allow',
  'customers.login_as_customer.full_access',
  'customers.login_as_customer.view_log',
  'customers.login_as_customer.change_opt_in',
];

/** Resources of the seeded "Viewer" role: can look around, cannot log in as customers. */
export const VIEWER_RESOURCES = ['dashboard', 'system.action_logs.report', 'stores.settings.all_stores'];

export interface SeedResult {
  seeded: boolean;
  admin?: { username: string; password: string };
}

async function must<T>(p: Promise<{ ok: true; value: T } | { ok: false; messages: string[] }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.messages.join('; '));
  return r.value;
}

/**
 * Demo data for a new installation: two websites with three store views, an administrator, the roles
 * "Administrators", "Customer Support" and "Viewer", a catalog, customers and orders in every state.
 * Does nothing when admin users already exist.
 */
export async function seedDemo(app: AppContext, opts: { adminPassword?: string } = {}): Promise<SeedResult> {
  const existing = await app.db.selectFrom('admin_users').select('id').limit(1).execute();
  if (existing.length) return { seeded: false };
  const base: RequestContext = await systemContext(app, { actor: { type: 'system', name: 'seed' }, fullActionName: 'cli_seed' });
  // All or nothing: a failed seed leaves an empty database that the next start seeds again.
  return inTransaction(base, (rc) => seedAll(rc, opts));
}

/**
 * Without demo data (production's default), an empty database still gets its first administrator: the role
 * "Administrators" (Resource Access: All) and the user "admin" with a random password. Does nothing when admin
 * users already exist.
 */
export async function seedInitialAdmin(app: AppContext, opts: { adminPassword?: string } = {}): Promise<SeedResult> {
  const existing = await app.db.selectFrom('admin_users').select('id').limit(1).execute();
  if (existing.length) return { seeded: false };
  const base: RequestContext = await systemContext(app, { actor: { type: 'system', name: 'seed' }, fullActionName: 'cli_seed' });
  return inTransaction(base, async (rc) => ({ seeded: true, admin: await createInitialAdmin(rc, opts) }));
}

async function createInitialAdmin(rc: RequestContext, opts: { adminPassword?: string }) {
  const adminUsers = rc.app.services.adminUsers;
  const { id: roleId } = await must(adminUsers.createRole(rc, { name: 'Administrators', all: true, resources: [] }));
  const password = opts.adminPassword ?? `${randomToken(9)}7a`;
  await must(adminUsers.createUser(rc, { username: 'admin', email: 'admin@example.com', firstName: 'Store', lastName: 'Administrator', password, roleId }));
  return { username: 'admin', password };
}

async function seedAll(rc: RequestContext, opts: { adminPassword?: string }): Promise<SeedResult> {
  const app = rc.app;
  const { swedishViewId } = await seedStores(rc);
  // Before the catalog and orders: demo orders are placed through the checkout, with tax.
  await seedTax(rc, swedishViewId);
  const admin = await createInitialAdmin(rc, opts);
  await must(app.services.adminUsers.createRole(rc, { name: 'Customer Support', all: false, resources: CUSTOMER_SUPPORT_RESOURCES }));
  await must(app.services.adminUsers.createRole(rc, { name: 'Viewer', all: false, resources: VIEWER_RESOURCES }));
  await seedStore(rc);
  await seedSwedishCatalogText(rc);
  await seedProductImages(rc);
  await seedActivity(rc);
  return { seeded: true, admin };
}

/** Keeps the first admin's password where the operator can find it (owner-readable only). */
export function rememberInitialAdmin(varDir: string, admin: { username: string; password: string }) {
  mkdirSync(varDir, { recursive: true });
  writeFileSync(join(varDir, 'initial-admin.txt'), `username: ${admin.username}\npassword: ${admin.password}\n`, { mode: 0o600 });
}

export { adminUsersRepo };
