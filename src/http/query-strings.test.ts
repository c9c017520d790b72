import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../testing/agent.ts';
import { createAdmin, TEST_PASSWORD } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/**
 * Query strings and path ids as clients really send them: a repeated name parses as an array (pages read the first
 * value), and numbers beyond the database's integer range (PostgreSQL refuses them) match nothing.
 */
let app: TestApp;
let admin: Agent;
let adminName = '';
beforeAll(async () => {
  app = await createTestApp();
  const a = await createAdmin(app, 'all');
  adminName = a.username;
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
    const names = [
      'q',
      'p',
      'name',
      'username',
      'email',
      'website',
      'store',
      'view',
      'sort',
      'dir',
      'limit',
      'after',
      'before',
      'tab',
      'scope',
      'return',
      'token',
      'back',
      'parent',
      'product_list_order',
      'product_list_dir',
      'product_list_limit',
    ];
    const query = names.map((n) => `${n}=a&${n}=b`).join('&');
    const failures: string[] = [];
    for (const route of app.routes.filter((r) => r.method === 'GET' && !r.url.includes(':') && !r.url.startsWith('/static/'))) {
      const res = await admin.get(`${route.url}?${query}`);
      if (res.statusCode >= 500) failures.push(`${route.url} → ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('treat ids and numbers beyond the database integer range as no match, on every database', async () => {
    const huge = '99999999999999999999';
    for (const url of [
      `/admin/system/users/${huge}/edit`,
      `/admin/system/roles/${huge}/edit`,
      `/admin/catalog/products?id=${huge}&qty_from=${huge}&qty_to=1.5&website=9.1e-251`,
      `/admin/catalog/products?price_from=9999999999.99&price_to=9999999999`,
      `/admin/customers?id=${huge}&group=1.5&website=abc`,
      `/admin/sales/orders?store=admin`,
      `/admin/sales/orders?store=${huge}`,
      `/admin/system/users?page=1e300`,
      `/admin/customers/login-as-customer/log?id=${huge}&customer_id=${huge}&admin_id=${huge}`,
      `/admin/system/action-logs/${huge}`,
      '/admin/sales/orders?status=a%00b',
    ]) {
      const res = await admin.get(url);
      expect(res.statusCode, url).toBeLessThan(500);
    }
    for (const url of [`/admin/system/users/${huge}/delete`, '/admin/system/users/2147483648/unlock', `/admin/system/roles/${huge}/delete`]) {
      const res = await admin.post(url);
      expect(res.statusCode, url).toBeLessThan(500);
    }
    const save = await admin.post('/admin/customers/save', {
      website_id: '1e-300',
      group_id: '2.5e-323',
      firstname: 'A',
      lastname: 'B',
      email: 'float-ids@example.com',
    });
    expect(save.statusCode).toBeLessThan(500);
    const token = (
      await app.server.inject({ method: 'POST', url: '/rest/V1/integration/admin/token', payload: { username: adminName, password: TEST_PASSWORD } })
    ).json() as string;
    const rest = await app.server.inject({ method: 'GET', url: `/rest/V1/customers/${huge}`, headers: { authorization: `Bearer ${token}` } });
    expect(rest.statusCode).toBe(404);
  });

  it('drop U+0000 from submitted text (PostgreSQL text cannot hold it) instead of failing', async () => {
    const nul = await app.server.inject({ method: 'POST', url: '/rest/V1/integration/admin/token', payload: { username: 'a\u0000b', password: 'x' } });
    expect(nul.statusCode).toBe(401);
    const res = await admin.post('/admin/customers/groups/save', { code: 'Nul\u0000Group' });
    expect(res.statusCode).toBeLessThan(500);
    const row = await app.ctx.db.selectFrom('customer_groups').select('code').where('code', '=', 'NulGroup').executeTakeFirst();
    expect(row?.code).toBe('NulGroup');
  });
});
