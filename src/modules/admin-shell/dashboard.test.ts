import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStores } from '../../db/seed/stores.ts';
import type { RequestContext } from '../../kernel/request-context.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, systemRc, TEST_PASSWORD } from '../../testing/fixtures.ts';
import { createCustomer, createProduct, placeOrder } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { lacRepo } from '../login-as-customer/repo.ts';
import { salesRepo } from '../sales/repo.ts';

// The clock of the test app stands at 2026-01-15T10:00Z: the 30 days are 2025-12-17 … 2026-01-15.
let app: TestApp;
let rc: RequestContext;
let second: number;
let swedish: number;
let c1: Awaited<ReturnType<typeof createCustomer>>;
let c2: Awaited<ReturnType<typeof createCustomer>>;
let guestOrder: { id: number; increment_id: string };

async function order(o: {
  view: number;
  customer?: { id: number; email: string };
  total: number;
  at: string;
  refunded?: number;
  state?: string;
  items: [string, number][];
}) {
  const db = app.ctx.db;
  const id = await salesRepo.insertOrder(db, {
    increment_id: `T${o.at.slice(0, 10).replaceAll('-', '')}${o.total}`,
    store_view_id: o.view,
    website_id: o.view === second ? 2 : 1,
    customer_id: o.customer?.id ?? null,
    customer_email: o.customer?.email ?? 'guest@example.com',
    customer_firstname: o.customer ? 'Test' : 'Gus',
    customer_lastname: o.customer ? 'Customer' : 'Guest',
    state: o.state ?? 'pending',
    status: o.state ?? 'pending',
    hold_before_state: null,
    hold_before_status: null,
    subtotal: o.total,
    grand_total: o.total,
    total_refunded: o.refunded ?? 0,
    shipping_method: 'flatrate_flatrate',
    shipping_description: 'Flat Rate - Fixed',
    payment_method: 'checkmo',
    cart_id: null,
    placed_by_admin_id: null,
    created_at: o.at,
    updated_at: o.at,
  });
  for (const [sku, qty] of o.items)
    await salesRepo.insertItem(db, {
      order_id: id,
      product_id: null,
      sku,
      name: `Name ${sku}`,
      price: 1000,
      qty_ordered: qty,
      qty_canceled: o.state === 'canceled' ? qty : 0,
      row_total: 1000 * qty,
    });
  return id;
}

async function assisted(admin: { id: number; username: string }, customer: { id: number; email: string }, view: number, loggedInAt: string | null) {
  await lacRepo.insertSession(app.ctx.db, {
    admin_id: admin.id,
    admin_username: admin.username,
    admin_name: `Agent ${admin.username}`,
    customer_id: customer.id,
    customer_email: customer.email,
    store_view_id: view,
    status: loggedInAt ? 'ended' : 'pending',
    admin_session_hash: 'x',
    storefront_session_hash: null,
    requested_at: loggedInAt ?? '2026-01-15T09:00:00.000Z',
    logged_in_at: loggedInAt,
    last_seen_at: null,
    expires_at: null,
    ended_at: null,
    end_reason: null,
  });
}

beforeAll(async () => {
  app = await createTestApp();
  rc = await systemRc(app);
  await seedStores(rc);
  const tree = await app.ctx.services.stores.tree();
  second = tree.views.find((v) => v.code === 'second')!.id;
  swedish = tree.views.find((v) => v.code === 'sv')!.id;
  c1 = await createCustomer(app);
  c2 = await createCustomer(app, { websiteId: 2, storeViewId: second });

  await order({ view: 1, customer: c1, total: 10000, at: '2026-01-15T08:00:00.000Z', items: [['SKU-A', 2]] });
  await order({ view: 1, customer: c1, total: 5000, refunded: 1000, at: '2026-01-10T23:59:59.999Z', items: [['SKU-B', 1]] });
  await order({ view: second, total: 3000, at: '2026-01-14T00:00:00.000Z', items: [['SKU-A', 1]] });
  await order({ view: 1, customer: c1, total: 99999, state: 'canceled', at: '2026-01-15T09:00:00.000Z', items: [['SKU-Z', 50]] });
  await order({ view: second, customer: c2, total: 2000, at: '2025-11-01T12:00:00.000Z', items: [['SKU-C', 5]] });
  // A guest order through the real checkout, at 10:00 today: 1 × $10.00 plus $5.00 flat rate.
  const product = await createProduct(app, { price: 1000 });
  guestOrder = await placeOrder(app, new Agent(app), [{ productId: product.id, qty: 1 }]);

  const x = await createAdmin(app, ['dashboard']);
  const y = await createAdmin(app, ['dashboard']);
  await assisted(x, c1, 1, '2026-01-15T09:30:00.000Z');
  await assisted(x, c1, 1, '2026-01-15T09:40:00.000Z');
  await assisted(x, c1, 1, '2026-01-13T15:00:00.000Z');
  await assisted(y, c2, second, '2026-01-15T07:00:00.000Z');
  await assisted(y, c2, second, null); // never reached the storefront
  await assisted(y, c2, second, '2025-11-20T07:00:00.000Z'); // before the 30 days
});
afterAll(async () => app?.dispose());

describe('dashboard figures from each module', () => {
  it('sums lifetime sales without canceled orders and refunds, averages them, and counts the orders', async () => {
    const all = await app.ctx.services.sales.dashboardFigures(rc, { days: 30 });
    expect([all.lifetimeSales, all.averageOrder, all.orderCount]).toEqual([20500, 4100, 5]);
    const main = await app.ctx.services.sales.dashboardFigures(rc, { storeViewId: 1, days: 30 });
    expect([main.lifetimeSales, main.averageOrder, main.orderCount]).toEqual([15500, 5167, 3]);
    const other = await app.ctx.services.sales.dashboardFigures(rc, { storeViewId: second, days: 30 });
    expect([other.lifetimeSales, other.averageOrder, other.orderCount]).toEqual([5000, 2500, 2]);
  });

  it('buckets orders and revenue per UTC day, every one of the 30 days present', async () => {
    const { perDay } = await app.ctx.services.sales.dashboardFigures(rc, { days: 30 });
    expect(perDay).toHaveLength(30);
    expect([perDay[0]!.day, perDay[29]!.day]).toEqual(['2025-12-17', '2026-01-15']);
    expect(perDay.filter((d) => d.orders > 0)).toEqual([
      { day: '2026-01-10', orders: 1, sales: 4000 },
      { day: '2026-01-14', orders: 1, sales: 3000 },
      { day: '2026-01-15', orders: 2, sales: 11500 },
    ]);
    const scoped = await app.ctx.services.sales.dashboardFigures(rc, { storeViewId: second, days: 30 });
    expect(scoped.perDay.filter((d) => d.orders > 0)).toEqual([{ day: '2026-01-14', orders: 1, sales: 3000 }]);
  });

  it('lists the last orders (guests included) with item counts, and the bestsellers by quantity', async () => {
    const all = await app.ctx.services.sales.dashboardFigures(rc, { days: 30 });
    expect(all.lastOrders.map((o) => [o.grand_total, o.customer_id === null, o.items])).toEqual([
      [1500, true, 1],
      [99999, false, 50],
      [10000, false, 2],
      [3000, true, 1],
      [5000, false, 1],
    ]);
    expect(all.lastOrders[0]!.increment_id).toBe(guestOrder.increment_id);
    expect(all.bestsellers.slice(0, 2).map((b) => [b.sku, b.qty])).toEqual([
      ['SKU-C', 5],
      ['SKU-A', 3],
    ]);
    expect(all.bestsellers.some((b) => b.sku === 'SKU-Z')).toBe(false);
    const scoped = await app.ctx.services.sales.dashboardFigures(rc, { storeViewId: second, days: 30 });
    expect(scoped.bestsellers.map((b) => [b.sku, b.qty])).toEqual([
      ['SKU-C', 5],
      ['SKU-A', 1],
    ]);
  });

  it('names the newest customers with their order totals', async () => {
    const newest = await app.ctx.services.customers.newest(rc, { limit: 5 });
    expect(newest.map((c) => c.id)).toEqual([c2.id, c1.id]);
    expect((await app.ctx.services.customers.newest(rc, { storeViewId: second, limit: 5 })).map((c) => c.id)).toEqual([c2.id]);
    const totals = await app.ctx.services.sales.customerTotals(rc, [c1.id, c2.id]);
    expect(totals.get(c1.id)).toEqual({ orders: 2, sales: 14000 });
    expect(totals.get(c2.id)).toEqual({ orders: 1, sales: 2000 });
  });

  it('counts assisted sessions that reached the storefront, per day and per agent', async () => {
    const lac = app.ctx.services.loginAsCustomer;
    const perDay = await lac.sessionsPerDay(rc, { days: 30 });
    expect(perDay).toHaveLength(30);
    expect(perDay.filter((d) => d.sessions > 0)).toEqual([
      { day: '2026-01-13', sessions: 1 },
      { day: '2026-01-15', sessions: 3 },
    ]);
    const agents = await lac.sessionsPerAgent(rc, { days: 30 });
    expect(agents.map((a) => a.sessions)).toEqual([3, 1]);
    expect(agents[0]!.name).toMatch(/^Agent /);
    expect((await lac.sessionsPerAgent(rc, { storeViewId: second, days: 30 })).map((a) => a.sessions)).toEqual([1]);
    expect((await lac.sessionsPerDay(rc, { storeViewId: swedish, days: 30 })).every((d) => d.sessions === 0)).toBe(true);
  });
});

/** Tags of an SVG fragment balance and its text holds no raw markup characters (well-formed as XML). */
function wellFormed(svg: string) {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|#\d+|#x[\da-f]+);)/gi)) {
    if (!m[2]) return false;
    if (m[1]) {
      if (stack.pop() !== m[2]) return false;
    } else if (!m[4]) stack.push(m[2]);
  }
  return stack.length === 0;
}
const charts = (body: string) => new Map([...body.matchAll(/<figure class="chart" data-chart="([\w-]+)">([\s\S]*?)<\/figure>/g)].map((m) => [m[1]!, m[2]!]));

describe('the Dashboard page from outside', () => {
  let dashboardOnly: Agent;
  let everything: Agent;
  beforeAll(async () => {
    const a = await createAdmin(app, ['dashboard']);
    dashboardOnly = new Agent(app);
    await dashboardOnly.signInAdmin(a.username, TEST_PASSWORD);
    const b = await createAdmin(app, 'all');
    everything = new Agent(app);
    await everything.signInAdmin(b.username, TEST_PASSWORD);
  });

  it('sends visitors without a session to sign in, and refuses a role without Dashboard', async () => {
    const anonymous = await new Agent(app).get('/admin/dashboard');
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toMatch(/^\/admin\/login/);
    const other = await createAdmin(app, ['sales', 'customers']);
    const browser = new Agent(app);
    await browser.signInAdmin(other.username, TEST_PASSWORD);
    const refused = await browser.get('/admin/dashboard');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toContain('Lifetime Sales');
  });

  it('shows the figures, tables and well-formed charts with one bar per day', async () => {
    const res = await dashboardOnly.get('/admin/dashboard');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/data-figure="lifetime-sales">\s*<dt>Lifetime Sales<\/dt>\s*<dd>\$205\.00<\/dd>/);
    expect(res.body).toContain('<dd>$41.00</dd>');
    expect(res.body).toMatch(/data-figure="orders">\s*<dt>Number of Orders<\/dt>\s*<dd>5<\/dd>/);
    expect(res.body).toContain(`<tr data-order="${guestOrder.increment_id}">`);
    expect(res.body).toContain('<td>Guest</td>');
    // Without the order and customer permissions, names are not links that would answer 403.
    expect(res.body).not.toContain(`href="/admin/sales/orders/${guestOrder.id}"`);
    expect(res.body).not.toContain(`href="/admin/customers/${c1.id}/edit"`);
    const found = charts(res.body);
    expect([...found.keys()]).toEqual(['chart-orders', 'chart-revenue', 'chart-assisted', 'chart-agents']);
    for (const [id, html] of found) {
      const svg = /<svg[\s\S]*<\/svg>/.exec(html)![0];
      expect(wellFormed(svg), id).toBe(true);
      expect(svg).toContain(`aria-labelledby="${id}-title ${id}-desc"`);
      expect(svg).toMatch(new RegExp(`<title id="${id}-title">[^<]+</title><desc id="${id}-desc">[^<]+</desc>`));
      expect(html).toContain('<table class="visually-hidden" data-role="chart-data">');
    }
    const bars = (id: string) => found.get(id)!.match(/class="chart-bar"/g)?.length;
    expect([bars('chart-orders'), bars('chart-revenue'), bars('chart-assisted'), bars('chart-agents')]).toEqual([30, 30, 30, 2]);
    expect(found.get('chart-revenue')).toContain('<td>$115.00</td>');
    expect(wellFormed('<svg><g></svg>')).toBe(false);
  });

  it('links orders and customers for an admin who may open them', async () => {
    const res = await everything.get('/admin/dashboard');
    expect(res.body).toContain(`<a href="/admin/sales/orders/${guestOrder.id}">${guestOrder.increment_id}</a>`);
    expect(res.body).toContain(`href="/admin/customers/${c2.id}/edit"`);
    expect((await everything.get(`/admin/sales/orders/${guestOrder.id}`)).statusCode).toBe(200);
  });

  it('scopes every figure to the chosen store view, and shows the empty states where there is nothing', async () => {
    const res = await dashboardOnly.get(`/admin/dashboard?store=${second}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<option value="${second}" selected>Second Store View</option>`);
    expect(res.body).toMatch(/data-figure="lifetime-sales">\s*<dt>Lifetime Sales<\/dt>\s*<dd>\$50\.00<\/dd>/);
    expect(
      charts(res.body)
        .get('chart-agents')!
        .match(/class="chart-bar"/g),
    ).toHaveLength(1);

    const empty = await dashboardOnly.get(`/admin/dashboard?store=${swedish}`);
    for (const text of [
      'No orders yet.',
      'No products sold yet.',
      'No customers yet.',
      'No orders in the last 30 days.',
      'No Login as Customer sessions in the last 30 days.',
    ])
      expect(empty.body).toContain(text);
    expect(empty.body).toContain('<dd>$0.00</dd>');
  });

  it('answers a store view that does not exist with a message and All Store Views', async () => {
    for (const bad of ['abc', '999999', '-1']) {
      const res = await dashboardOnly.get(`/admin/dashboard?store=${encodeURIComponent(bad)}`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`The store view &#34;${bad}&#34; does not exist; All Store Views are shown.`);
      expect(res.body).toContain('<dd>$205.00</dd>');
    }
  });
});
