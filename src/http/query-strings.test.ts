import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../testing/agent.ts';
import { createAdmin, TEST_PASSWORD } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/** A name repeated in the query string parses as an array; pages read the first value instead of failing. */
let app: TestApp;
let admin: Agent;
beforeAll(async () => {
  app = await createTestApp();
  const a = await createAdmin(app, 'all');
  admin = new Agent(app);
  await admin.signInAdmin(a.username, TEST_PASSWORD);
});
afterAll(async () => app?.dispose());

describe('repeated query-string names', () => {
  it('filter the admin grids by the first value', async () => {
    const stores = await admin.get('/admin/stores/all?website=Main&website=zzz');
    expect(stores.statusCode).toBe(200);
    expect(stores.body).toContain('Main Website');
    const roles = await admin.get('/admin/system/roles?name=zzz-no-such-role&name=a');
    expect(roles.statusCode).toBe(200);
    const users = await admin.get('/admin/system/users?username=a&username=b&email=x&email=y');
    expect(users.statusCode).toBe(200);
  });

  it('never fail a page, admin or storefront, whatever name is repeated', async () => {
    const names = ['q', 'p', 'name', 'username', 'email', 'website', 'store', 'view', 'sort', 'dir', 'limit', 'after', 'before', 'tab', 'scope', 'return', 'token', 'back', 'parent', 'product_list_order', 'product_list_dir', 'product_list_limit'];
    const query = names.map((n) => `${n}=a&${n}=b`).join('&');
    const failures: string[] = [];
    for (const route of app.routes.filter((r) => r.method === 'GET' && !r.url.includes(':') && !r.url.startsWith('/static/'))) {
      const res = await admin.get(`${route.url}?${query}`);
      if (res.statusCode >= 500) failures.push(`${route.url} → ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });
});
