import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../testing/agent.ts';
import { createAdmin, TEST_PASSWORD, unique } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { catalogRepo } from '../modules/catalog/repo.ts';
import { customersRepo } from '../modules/customers/repo.ts';

// Admin grids page by keyset over (sort column, id). These walk whole grids forwards and backwards through the
// pager's own links, with many equal sort values, on a real database.
let app: TestApp;
let agent: Agent;
const tag = unique('ks');
const LASTNAMES = ['Berg', 'Alm', 'Ceder'];
const customers: { id: number; lastname: string; created_at: string }[] = [];
const products: { id: number; qty: number }[] = [];

beforeAll(async () => {
  app = await createTestApp();
  const admin = await createAdmin(app, ['customers', 'customers.all', 'catalog', 'catalog.inventory', 'catalog.inventory.products']);
  agent = new Agent(app);
  await agent.signInAdmin(admin.username, TEST_PASSWORD);
  for (let i = 0; i < 47; i++) {
    const lastname = LASTNAMES[i % 3]!;
    const created_at = new Date(Date.UTC(2026, 0, 1 + (i % 5))).toISOString();
    const id = await customersRepo.insert(app.ctx.db, {
      website_id: 1,
      store_view_id: 1,
      group_id: 1,
      email: `${tag}-${i}@example.com`,
      firstname: 'Page',
      lastname,
      password_hash: 'not-a-password',
      is_active: 1,
      assistance_allowed: 0,
      default_billing_id: null,
      default_shipping_id: null,
      created_at,
      updated_at: created_at,
      updated_by_admin_id: null,
    });
    customers.push({ id, lastname, created_at });
  }
  for (let i = 0; i < 23; i++) {
    const now = new Date().toISOString();
    const qty = i % 4;
    const id = await catalogRepo.insertProduct(app.ctx.db, {
      sku: `${tag}-${i}`,
      name: `${tag} item ${i}`,
      url_key: `${tag}-${i}`,
      description: '',
      image_url: '',
      price: 100,
      qty,
      is_in_stock: 1,
      status: 1,
      created_at: now,
      updated_at: now,
    });
    products.push({ id, qty });
  }
});
afterAll(async () => app?.dispose());

const link = (body: string, cls: string) => {
  const m = new RegExp(`class="${cls}"(?: rel="\\w+")? href="([^"]+)"`).exec(body);
  return m ? m[1]!.replace(/&amp;/g, '&') : undefined;
};

/** Follows Next from `url` to the end, then Previous back to the start; returns the ids of each page both ways. */
async function walk(url: string, idsOf: (body: string) => number[]) {
  const forward: number[][] = [];
  let next: string | undefined = url;
  let body = '';
  while (next) {
    const res = await agent.get(next);
    expect(res.statusCode).toBe(200);
    body = res.body;
    forward.push(idsOf(body));
    next = link(body, 'pager-next');
  }
  const backward: number[][] = [idsOf(body)];
  let prev = link(body, 'pager-prev');
  while (prev) {
    body = (await agent.get(prev)).body;
    backward.unshift(idsOf(body));
    prev = link(body, 'pager-prev');
  }
  expect(link(body, 'pager-first')).toBeUndefined();
  return { forward, backward, firstPage: body };
}

const customerIds = (body: string) => [...body.matchAll(/name="selected" value="(\d+)"/g)].map((m) => Number(m[1]));
const productIds = (body: string) => [...new Set([...body.matchAll(/href="\/admin\/catalog\/products\/(\d+)\/edit"/g)].map((m) => Number(m[1])))];

describe('keyset paging in admin grids', () => {
  it('walks the customers grid by last name (many ties) forwards and back, each row exactly once', async () => {
    const { forward, backward, firstPage } = await walk(`/admin/customers?email=${tag}&sort=lastname&dir=asc`, customerIds);
    const expected = [...customers].sort((a, b) => a.lastname.localeCompare(b.lastname) || a.id - b.id).map((c) => c.id);
    expect(forward.map((p) => p.length)).toEqual([20, 20, 7]);
    expect(forward.flat()).toEqual(expected);
    expect(backward).toEqual(forward);
    expect(firstPage).toContain('47 records found');
  });

  it('walks it newest first by created date, and a middle page offers First, Previous and Next', async () => {
    const { forward } = await walk(`/admin/customers?email=${tag}&sort=created_at&dir=desc`, customerIds);
    const expected = [...customers].sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id).map((c) => c.id);
    expect(forward.flat()).toEqual(expected);
    const middle = (await agent.get(`/admin/customers?email=${tag}&sort=created_at&dir=desc&after=${forward[0]!.at(-1)}`)).body;
    expect(customerIds(middle)).toEqual(forward[1]);
    for (const cls of ['pager-first', 'pager-prev', 'pager-next']) expect(link(middle, cls), cls).toBeDefined();
    // Paging keeps the filter and the sort.
    expect(link(middle, 'pager-next')).toContain(`email=${tag}`);
    expect(link(middle, 'pager-next')).toContain('sort=created_at');
  });

  it('starts over at the first page for a cursor row that is gone, junk, or past the end', async () => {
    const url = `/admin/customers?email=${tag}&sort=lastname&dir=asc`;
    const first = customerIds((await agent.get(url)).body);
    expect(first).toHaveLength(20);
    const last = [...customers].sort((a, b) => a.lastname.localeCompare(b.lastname) || a.id - b.id).at(-1)!.id;
    for (const cursor of ['after=999999999', 'before=999999999', 'after=abc', 'after=-3', 'before=1e3', `after=${last}`]) {
      const res = await agent.get(`${url}&${cursor}`);
      expect(res.statusCode, cursor).toBe(200);
      expect(customerIds(res.body), cursor).toEqual(first);
    }
    // Sorted by id, the id is the sort value itself: "before" a number past the end is the last page.
    const tail = customerIds((await agent.get(`/admin/customers?email=${tag}&sort=id&dir=asc&before=999999999`)).body);
    expect(tail).toEqual(customers.slice(-20).map((c) => c.id));
  });

  it('walks the products grid by quantity (four values over 23 rows)', async () => {
    const { forward, backward } = await walk(`/admin/catalog/products?name=${tag}&sort=qty&dir=desc`, productIds);
    const expected = [...products].sort((a, b) => b.qty - a.qty || b.id - a.id).map((p) => p.id);
    expect(forward.flat()).toEqual(expected);
    expect(backward).toEqual(forward);
  });
});

describe('cursorOf', () => {
  it('ignores a cursor beyond the 32-bit id range (the grid starts over) instead of failing on PostgreSQL', async () => {
    const { cursorOf } = await import('./keyset.ts');
    expect(cursorOf({ after: '999999999999999' })).toEqual({ after: undefined });
    expect(cursorOf({ before: '2147483648' })).toEqual({ after: undefined });
    expect(cursorOf({ after: '2147483647' })).toEqual({ after: 2147483647 });
  });
});
