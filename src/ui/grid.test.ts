import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext, type RequestContext } from '../kernel/request-context.ts';
import { catalogRepo } from '../modules/catalog/repo.ts';
import { Agent } from '../testing/agent.ts';
import { createAdmin, TEST_PASSWORD, unique } from '../testing/fixtures.ts';
import { createProduct } from '../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { Grid, keysetPager, listPager, type GridColumn } from './grid.tsx';
import { pageWindow } from './grid-pager.tsx';

let app: TestApp;
let rc: RequestContext;
let agent: Agent;
let adminId: number;
const tag = unique('gridtag');
const PRODUCTS = '/admin/catalog/products';
const RESOURCE = 'catalog.inventory.products';

beforeAll(async () => {
  app = await createTestApp();
  rc = await systemContext(app.ctx);
  for (let i = 0; i < 45; i++) {
    const p = await createProduct(app, { price: 1000 + i });
    await catalogRepo.updateProduct(app.ctx.db, p.id, { name: `${tag} ${String(i).padStart(2, '0')}` });
  }
  const admin = await createAdmin(app, ['catalog', 'catalog.inventory', RESOURCE]);
  adminId = admin.id;
  agent = new Agent(app);
  await agent.signInAdmin(admin.username, TEST_PASSWORD);
});
afterAll(async () => app?.dispose());

const rowIds = (body: string) => [...body.matchAll(/href="\/admin\/catalog\/products\/(\d+)\/edit"[^>]*>[^<]*gridtag/g)].map((m) => Number(m[1]));
const hrefOf = (body: string, cls: string) => body.match(new RegExp(`class="${cls}"[^>]*href="([^"]+)"`))?.[1]?.replace(/&amp;/g, '&');
const hidden = async () =>
  (
    await app.ctx.db
      .selectFrom('admin_grid_preferences')
      .selectAll()
      .where('admin_id', '=', adminId)
      .where('grid_id', '=', 'product_listing')
      .executeTakeFirst()
  )?.hidden_columns;

describe('grid pager (render)', () => {
  it('numbers the first pages and follows the cursor beyond them', () => {
    const first = keysetPager(rc, '/g', { name: 'x' }, 95, { page: 1, nextAfter: 7 });
    expect(first.summary).toBe('95 records found');
    expect(first.prevUrl).toBeUndefined();
    expect(first.nextUrl).toBe('/g?name=x&page=2');
    expect(first.pages?.filter((p) => !('gap' in p)).map((p) => ('n' in p ? p.n : 0))).toEqual([1, 2, 3, 5]);
    expect(first.perPage?.links.map((l) => l.n)).toEqual([20, 30, 50, 100, 200]);
    // Page 50 of 200 rows each would be 10,000 rows deep: past the numbered pages, Next takes the cursor.
    const deep = keysetPager(rc, '/g', { limit: '200' }, 1_000_000, { page: 50, prevBefore: 3, nextAfter: 9 });
    expect(deep.summary).toBe('More than 10,000 records found');
    expect(deep.nextUrl).toBe('/g?limit=200&after=9');
    expect(deep.prevUrl).toBe('/g?limit=200&page=49');
    const byCursor = keysetPager(rc, '/g', {}, undefined, { prevBefore: 3, nextAfter: 9 }, 20);
    expect(byCursor.summary).toBe('20 records on this page');
    expect([byCursor.prevUrl, byCursor.nextUrl]).toEqual(['/g?before=3', '/g?after=9']);
  });

  it('pages a list in memory and keeps the window short', () => {
    const p = listPager(rc, '/l', { page: '3', limit: '30' }, 100);
    expect(p.prevUrl).toBe('/l?page=2&limit=30');
    expect(p.nextUrl).toBe('/l?page=4&limit=30');
    expect(listPager(rc, '/l', { page: '9' }, 10).nextUrl).toBeUndefined();
    expect(pageWindow(10, 40)).toEqual([1, 8, 9, 10, 11, 12, 40]);
  });

  it('draws aria-sort, removable chips, row labels and hides chosen columns', () => {
    type Row = { id: number; name: string };
    const columns: GridColumn<Row>[] = [
      { label: 'ID', value: (r) => r.id, sort: 'id', filter: { type: 'text', name: 'id' } },
      { label: 'Name', value: (r) => r.name, filter: { type: 'text', name: 'name' } },
      { label: 'Status', key: 'status', value: () => 'on', filter: { type: 'select', name: 'status', options: [{ value: '1', label: 'Enabled' }] } },
    ];
    const html = String(
      Grid({
        rc: { ...rc, hiddenGridColumns: { g1: ['status'] } },
        id: 'g1',
        action: '/g',
        columns,
        rows: [{ id: 1, name: '<b>x</b>' }],
        query: { name: 'ab', status: '1', sort: 'id', dir: 'asc', columns: 'choose' },
        sort: { key: 'id', dir: 'asc' },
        select: { form: 'f', value: (r) => String(r.id), label: (r) => `Select row ${r.name}` },
        columnsAction: '/g/columns',
      }),
    );
    expect(html).toContain('aria-sort="ascending"');
    expect(html).toContain('class="grid-chip" href="/g?status=1&sort=id&dir=asc"'); // the Name chip removes only the name
    expect(html).toContain('name="return" value="/g?name=ab&status=1&sort=id&dir=asc"');
    expect(html).toContain('aria-label="Remove filter Status: Enabled"');
    expect(html).toContain('aria-label="Select row <b>x</b>"');
    expect(html).toContain('<td>&lt;b>x&lt;/b></td>');
    // Status is hidden: no header, no filter input, but still offered (unticked) in the chooser.
    expect(html).not.toContain('name="status" form=');
    expect(html).toMatch(/name="visible" value="status"(?![^>]*checked)/);
    expect(html).toMatch(/name="visible" value="id" checked/);
  });
});

describe('grid pages (real requests)', () => {
  it('counts, pages by number with a per-page choice, and shows the filter as a chip', async () => {
    const first = await agent.get(`${PRODUCTS}?name=${tag}&sort=name&dir=asc`);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('45 records found');
    expect(rowIds(first.body)).toHaveLength(20);
    expect(first.body).toContain(`aria-label="Remove filter Name: ${tag}"`);
    expect(first.body).toMatch(/aria-current="page"[^>]*>1</);
    const next = hrefOf(first.body, 'pager-next')!;
    expect(next).toContain('page=2');
    const third = await agent.get(`${PRODUCTS}?name=${tag}&sort=name&dir=asc&page=3`);
    expect(rowIds(third.body)).toHaveLength(5);
    expect(third.body).toContain('class="pager-disabled"');
    const thirty = await agent.get(`${PRODUCTS}?name=${tag}&limit=30`);
    expect(rowIds(thirty.body)).toHaveLength(30);
    expect(thirty.body).toMatch(/aria-current="true"[^>]*aria-label="30 per page"/);
    // A junk page size falls back to 20, a junk page number to the first page.
    expect(rowIds((await agent.get(`${PRODUCTS}?name=${tag}&limit=7&page=abc`)).body)).toHaveLength(20);
    // Every row of all three pages, once.
    const all = new Set<number>();
    for (const p of [1, 2, 3]) for (const id of rowIds((await agent.get(`${PRODUCTS}?name=${tag}&sort=name&dir=asc&page=${p}`)).body)) all.add(id);
    expect(all.size).toBe(45);
  });

  it('shows website names and prices with their currency', async () => {
    const body = (await agent.get(`${PRODUCTS}?name=${tag}&sort=price&dir=asc`)).body;
    expect(body).toContain('$10.00');
    expect(body).toContain('Main Website');
  });
});

describe('column chooser POST', () => {
  const url = `${PRODUCTS}/columns`;
  const form = { return: `${PRODUCTS}?name=${tag}`, columns: ['id', 'name', 'sku'], visible: ['id', 'name'] };

  it('sends visitors without a session to sign in and saves nothing', async () => {
    const res = await new Agent(app).post(url, form);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/admin\/login/);
    expect(await hidden()).toBeUndefined();
  });

  it('refuses a role without the grid resource', async () => {
    const other = await createAdmin(app, ['dashboard']);
    const a = new Agent(app);
    await a.signInAdmin(other.username, TEST_PASSWORD);
    expect((await a.post(url, form)).statusCode).toBe(403);
    expect(await app.ctx.db.selectFrom('admin_grid_preferences').selectAll().where('admin_id', '=', other.id).execute()).toEqual([]);
  });

  it('refuses a request without the form key', async () => {
    const res = await agent.post(url, { ...form, form_key: 'forged' });
    expect(res.statusCode).toBe(403);
    expect(await hidden()).toBeUndefined();
  });

  it('refuses bad input with a message, changing nothing', async () => {
    for (const bad of [
      { ...form, visible: [] },
      { ...form, visible: ['id', 'price'] },
      { ...form, columns: ['id', 'no spaces allowed'] },
    ]) {
      const res = await agent.post(url, bad);
      expect(res.statusCode).toBe(303);
      const page = await agent.get(res.headers.location as string);
      expect(page.body).toMatch(/Keep at least one column visible\.|The list of columns is not valid\./);
    }
    expect(await hidden()).toBeUndefined();
  });

  it('remembers the choice for this admin user and goes back to the grid', async () => {
    const res = await agent.post(url, form);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${PRODUCTS}?name=${tag}`);
    expect(JSON.parse((await hidden())!)).toEqual(['sku']);
    const page = await agent.get(`${PRODUCTS}?name=${tag}`);
    expect(page.body).toContain('The grid shows the columns you chose.');
    expect(page.body).not.toContain('<span>SKU</span>');
    expect(page.body).not.toContain('name="visible"'); // the chooser opens from its link only
    expect((await agent.get(`${PRODUCTS}?name=${tag}&columns=choose`)).body).toMatch(/name="visible" value="sku"(?![^>]*checked)/);
    // Another target than this grid is not followed.
    expect((await agent.post(url, { ...form, return: '//evil.example/' })).headers.location).toBe(PRODUCTS);
    expect((await agent.post(url, { ...form, return: '/admin/system/users' })).headers.location).toBe(PRODUCTS);
  });
});
