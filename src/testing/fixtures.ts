import type { App } from '../app.ts';
import { systemContext, type RequestContext } from '../kernel/request-context.ts';
import { randomToken } from '../kernel/tokens.ts';
import { adminUsersRepo } from '../modules/admin-users/repo.ts';

export const TEST_PASSWORD = 'Secret-pass-123';

let counter = 0;
/** A short unique suffix so each test owns its rows. */
export const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}${randomToken(3).replace(/[^a-zA-Z0-9]/g, '')}`;

export async function systemRc(app: App): Promise<RequestContext> {
  return systemContext(app.ctx);
}

function must<T>(r: { ok: true; value: T } | { ok: false; messages: string[] }): T {
  if (!r.ok) throw new Error(r.messages.join('; '));
  return r.value;
}

/** Saves settings at the default scope through the config service (validated and logged, like the admin page). */
export async function setConfig(app: App, values: Record<string, string>) {
  must(
    await app.ctx.services.config.save(
      await systemRc(app),
      'default',
      0,
      Object.entries(values).map(([path, value]) => ({ path, value })),
    ),
  );
}

/** A JSON POST to the app (REST doors), with a bearer token when given: the status and the parsed answer. */
export async function postJson(app: App, url: string, body: unknown, token?: string): Promise<{ status: number; body: any }> {
  const res = await app.server.inject({
    method: 'POST',
    url,
    payload: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

/** What an agent needs to open assisted sessions with full access (Customers > All Customers > Login as Customer). */
export const LAC_AGENT_RESOURCES = [
  'customers',
  'customers.all',
  'customers.login_as_customer',
  'customers.login_as_customer.allow',
  'customers.login_as_customer.full_access',
];

/** Creates a role with exactly these resources ('all' for Resource Access: All). */
export async function createRole(app: App, resources: string[] | 'all', name = unique('role-')) {
  const rc = await systemRc(app);
  return must(await app.ctx.services.adminUsers.createRole(rc, { name, all: resources === 'all', resources: resources === 'all' ? [] : resources })).id;
}

/** Creates an active admin user in a new role with the given resources. */
export async function createAdmin(
  app: App,
  resources: string[] | 'all',
  overrides: Partial<{ username: string; firstName: string; lastName: string; password: string }> = {},
) {
  const roleId = await createRole(app, resources);
  const username = overrides.username ?? unique('admin-');
  const rc = await systemRc(app);
  const { id } = must(
    await app.ctx.services.adminUsers.createUser(rc, {
      username,
      email: `${username}@example.com`,
      firstName: overrides.firstName ?? 'Test',
      lastName: overrides.lastName ?? 'Admin',
      password: overrides.password ?? TEST_PASSWORD,
      roleId,
    }),
  );
  const user = (await adminUsersRepo.byId(app.ctx.db, id))!;
  return { id, username, roleId, user, password: overrides.password ?? TEST_PASSWORD };
}
