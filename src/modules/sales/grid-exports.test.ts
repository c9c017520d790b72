import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, systemRc, TEST_PASSWORD } from '../../testing/fixtures.ts';
import { createCustomer, createProduct, placeOrder } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

// The orders and customers grids' CSV exports: what the filters show, every row (more than one read batch), streamed.
let app: TestApp;
let admin: Agent;
beforeAll(async () => {
  app = await createTestApp();
  const a = await createAdmin(app, 'all');
  admin = new Agent(app);
  await admin.signInAdmin(a.username, TEST_PASSWORD);
});
afterAll(async () => app?.dispose());

const lines = (body: string) =>
  body
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean);

describe('grid exports', () => {
  it('exports the orders the grid filters to, every one of them, with a Purchase Date carrying its offset', async () => {
    const p = await createProduct(app, { qty: 1000 });
    const shopper = new Agent(app);
    const emails: string[] = [];
    for (let i = 0; i < 3; i++) {
      const email = `export-${i}@example.com`;
      emails.push(email);
      await placeOrder(app, shopper, [{ productId: p.id, qty: 1 }], { email, firstname: `=cmd|' /C calc'!A0` });
    }
    const res = await admin.get('/admin/sales/orders/export/csv?email=export-');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="orders-\d{4}-\d\d-\d\d\.csv"/);
    const [header, ...rows] = lines(res.body);
    expect(header).toBe('ID,Purchase Point,Purchase Date,Bill-to Name,Customer Email,Grand Total (Purchased),Status');
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.split(',')[4]).sort()).toEqual(emails);
    expect(rows[0]).toMatch(/,2026-01-15T10:00:00Z,/);
    // A name that is a spreadsheet formula stays text.
    expect(rows[0]).toContain(`'=cmd|' /C calc'!A0 Buyer`);
    const grid = await admin.get('/admin/sales/orders?email=export-');
    expect(grid.body).toContain('href="/admin/sales/orders/export/csv?email=export-"');
    const log = await app.ctx.db.selectFrom('action_log').selectAll().where('action', '=', 'Export').where('action_group', '=', 'sales').execute();
    expect(log).toHaveLength(1);
  });

  it('exports every customer the filters match, following the cursor past one read batch to the end', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await createCustomer(app));
    const res = await admin.get('/admin/customers/export/csv?name=Test');
    const [header, ...rows] = lines(res.body);
    expect(header.startsWith('ID,First Name,Last Name,Email,Group,Web Site,Customer Since,')).toBe(true);
    expect(new Set(rows.map((r) => r.split(',')[3]))).toEqual(new Set(made.map((c) => c.email)));
    // Read two at a time: three batches, the last one short, every row once.
    const rc = await systemRc(app);
    const file = await app.ctx.services.customers.exportCustomers(rc, { name: 'Test' }, 2);
    const emails: string[] = [];
    for await (const row of file.rows) emails.push(row[3]!);
    expect(emails.sort()).toEqual(made.map((c) => c.email).sort());
  });

  it('refuses visitors without a session or without the permission', async () => {
    const anonymous = new Agent(app);
    for (const url of ['/admin/sales/orders/export/csv', '/admin/customers/export/csv']) {
      const res = await anonymous.get(url);
      expect(res.statusCode, url).toBe(302);
      expect(res.headers.location).toContain('/admin/login');
    }
    const viewer = await createAdmin(app, ['dashboard']);
    const agent = new Agent(app);
    await agent.signInAdmin(viewer.username, TEST_PASSWORD);
    for (const url of ['/admin/sales/orders/export/csv', '/admin/customers/export/csv']) expect((await agent.get(url)).statusCode, url).toBe(403);
  });
});
