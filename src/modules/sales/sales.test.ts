import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../kernel/request-context.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD } from '../../testing/fixtures.ts';
import { checkoutSteps, createCustomer, createProduct, placeOrder, signInCustomer } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { readMailbox } from '../mail/mailer.ts';
import { salesRepo } from './repo.ts';
import { stateFor } from './service.ts';

let app: TestApp;
let admin: Agent;
beforeAll(async () => {
  app = await createTestApp();
  const a = await createAdmin(app, 'all');
  admin = new Agent(app);
  await admin.signInAdmin(a.username, TEST_PASSWORD);
});
afterAll(async () => app?.dispose());

const stock = async (id: number) => (await app.ctx.db.selectFrom('products').select('qty').where('id', '=', id).executeTakeFirstOrThrow()).qty;
const order = async (id: number) => (await salesRepo.order(app.ctx.db, id))!;
const items = (id: number) => salesRepo.items(app.ctx.db, id);

describe('totals', () => {
  it('prices lines by the customer group, adds flat rate per item, and offers free shipping over the minimum', async () => {
    const p1 = await createProduct(app, { price: 2000, prices: [{ websiteId: 0, groupId: 2, price: 1500 }] });
    const p2 = await createProduct(app, { price: 999 });
    const wholesale = await createCustomer(app, { groupId: 2 });
    const agent = new Agent(app);
    await signInCustomer(agent, wholesale.email);
    const o = await placeOrder(app, agent, [
      { productId: p1.id, qty: 2 },
      { productId: p2.id, qty: 1 },
    ]);
    expect(o.subtotal).toBe(2 * 1500 + 999);
    expect(o.shipping_amount).toBe(3 * 500);
    expect(o.grand_total).toBe(3999 + 1500);
    expect(o.customer_group_id).toBe(2);
    expect(o.increment_id).toMatch(/^0\d{8}$/);

    // A guest pays the base price; over $100 Free Shipping is offered and chosen.
    const guest = new Agent(app);
    const big = await createProduct(app, { price: 6000 });
    const g = await placeOrder(app, guest, [{ productId: big.id, qty: 2 }], { shipping_method: 'freeshipping_freeshipping' });
    expect([g.subtotal, g.shipping_amount, g.grand_total]).toEqual([12000, 0, 12000]);
    expect(g.customer_id).toBeNull();
  });

  it('refuses Free Shipping below the minimum and changes nothing', async () => {
    const p = await createProduct(app, { price: 1000 });
    const guest = new Agent(app);
    await guest.post('/checkout/cart/add', { product: String(p.id), qty: '1' });
    const before = await app.ctx.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await guest.post('/checkout/shipping', {
      address_id: 'new',
      email: 'x@example.com',
      firstname: 'A',
      lastname: 'B',
      street: 'S',
      city: 'C',
      postcode: '1',
      country_id: 'US',
      telephone: '5550000',
      shipping_method: 'freeshipping_freeshipping',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Please specify a shipping method.');
    // Nothing kept for the next step, so Review & Payments sends the shopper back.
    expect((await guest.get('/checkout/payment')).headers.location).toBe('/checkout');
    const after = await app.ctx.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(await stock(p.id)).toBe(10);
  });
});

describe('stock', () => {
  it('takes stock when the order is placed and refuses more than is there', async () => {
    const p = await createProduct(app, { qty: 3 });
    const agent = new Agent(app);
    const tooMany = await agent.post('/checkout/cart/add', { product: String(p.id), qty: '4' });
    expect(tooMany.statusCode).toBe(303);
    expect((await agent.get('/checkout/cart')).body).toContain('The requested qty is not available');
    const o = await placeOrder(app, agent, [{ productId: p.id, qty: 3 }]);
    expect(await stock(p.id)).toBe(0);
    expect((await items(o.id))[0]!.qty_ordered).toBe(3);
  });

  it('fails the whole order when stock ran out after the cart was filled, keeping cart and stock', async () => {
    const p = await createProduct(app, { qty: 2 });
    const q = await createProduct(app, { qty: 5 });
    const agent = new Agent(app);
    await agent.post('/checkout/cart/add', { product: String(q.id), qty: '1' });
    await agent.post('/checkout/cart/add', { product: String(p.id), qty: '2' });
    await app.ctx.db.updateTable('products').set({ qty: 1 }).where('id', '=', p.id).execute();
    const res = await checkoutSteps(agent, { email: 'late@example.com', shipping_method: 'flatrate_flatrate' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('is not available');
    expect(await stock(q.id)).toBe(5);
    expect(await stock(p.id)).toBe(1);
    expect((await agent.get('/checkout/cart')).body).toContain(q.sku);
  });

  it('places one order for a double submit of the same cart', async () => {
    const p = await createProduct(app, { qty: 10 });
    const agent = new Agent(app);
    const o = await placeOrder(app, agent, [{ productId: p.id, qty: 1 }]);
    const again = await agent.post('/checkout/placeOrder', { payment_method: 'checkmo', billing_same_as_shipping: '1', shown_total: String(o.grand_total) });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/checkout/onepage/success');
    const count = await app.ctx.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('cart_id', '=', o.cart_id!)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    expect(await stock(p.id)).toBe(9);
    expect((await agent.get('/checkout/onepage/success')).body).toContain(o.increment_id);
  });
});

describe('state transitions', () => {
  it('pending → processing (partial invoice) → complete → closed (full refund with return to stock)', async () => {
    const p = await createProduct(app, { price: 1000, qty: 10 });
    const o = await placeOrder(app, new Agent(app), [{ productId: p.id, qty: 2 }]);
    const [item] = await items(o.id);
    expect((await order(o.id)).state).toBe('pending');

    expect((await admin.post(`/admin/sales/orders/${o.id}/invoice/save`, { [`qty[${item!.id}]`]: '3' })).statusCode).toBe(400);
    expect((await order(o.id)).state).toBe('pending');
    expect((await admin.post(`/admin/sales/orders/${o.id}/invoice/save`, { [`qty[${item!.id}]`]: '1' })).statusCode).toBe(303);
    let now = await order(o.id);
    expect([now.state, now.total_invoiced]).toEqual(['processing', 1000 + 1000]);
    await admin.post(`/admin/sales/orders/${o.id}/invoice/save`, { [`qty[${item!.id}]`]: '1' });
    expect((await order(o.id)).state).toBe('processing');
    await admin.post(`/admin/sales/orders/${o.id}/ship/save`, { [`qty[${item!.id}]`]: '2', track_carrier: 'ups', track_title: 'UPS', track_number: '1Z1' });
    now = await order(o.id);
    expect([now.state, now.total_invoiced]).toEqual(['complete', 3000]);
    expect(await stock(p.id)).toBe(8);

    const tooMuch = await admin.post(`/admin/sales/orders/${o.id}/creditmemo/save`, { [`qty[${item!.id}]`]: '2', shipping_amount: '10.01' });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.body).toContain('Maximum shipping amount allowed to refund is');
    await admin.post(`/admin/sales/orders/${o.id}/creditmemo/save`, { [`qty[${item!.id}]`]: '1', back_to_stock: '1' });
    expect((await order(o.id)).state).toBe('complete');
    await admin.post(`/admin/sales/orders/${o.id}/creditmemo/save`, { [`qty[${item!.id}]`]: '1', back_to_stock: '1', shipping_amount: '10' });
    now = await order(o.id);
    expect([now.state, now.total_refunded]).toEqual(['closed', 3000]);
    expect(await stock(p.id)).toBe(10);
    const memos = await salesRepo.documentsOf(app.ctx.db, 'credit_memos', o.id);
    expect(memos.map((m) => m.grand_total)).toEqual([1000, 2000]);
    const log = await app.ctx.db
      .selectFrom('action_log')
      .select(['action', 'full_action_name'])
      .where('action_group', '=', 'sales')
      .where('details', 'like', `%#${o.increment_id})`)
      .orderBy('id')
      .execute();
    expect(log.map((l) => l.action)).toEqual(['Invoice', 'Invoice', 'Ship', 'Credit Memo', 'Credit Memo']);
  });

  it('cancels a pending order, returning stock, and refuses documents afterwards', async () => {
    const p = await createProduct(app, { qty: 5 });
    const o = await placeOrder(app, new Agent(app), [{ productId: p.id, qty: 2 }]);
    expect(await stock(p.id)).toBe(3);
    expect((await admin.post(`/admin/sales/orders/${o.id}/cancel`)).statusCode).toBe(303);
    expect((await order(o.id)).state).toBe('canceled');
    expect(await stock(p.id)).toBe(5);
    const res = await admin.post(`/admin/sales/orders/${o.id}/invoice/save`, {});
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('The order does not allow an invoice to be created.');
    await admin.post(`/admin/sales/orders/${o.id}/cancel`);
    expect(await stock(p.id)).toBe(5);
  });

  it('holds and releases an order, refusing invoices while on hold', async () => {
    const p = await createProduct(app);
    const o = await placeOrder(app, new Agent(app), [{ productId: p.id, qty: 1 }]);
    await admin.post(`/admin/sales/orders/${o.id}/hold`);
    expect((await order(o.id)).state).toBe('holded');
    expect((await admin.post(`/admin/sales/orders/${o.id}/invoice/save`, {})).statusCode).toBe(400);
    await admin.post(`/admin/sales/orders/${o.id}/unhold`);
    expect((await order(o.id)).state).toBe('pending');
  });

  it('adds comments with storefront visibility and emails the customer when asked', async () => {
    const p = await createProduct(app);
    const c = await createCustomer(app);
    const shopper = new Agent(app);
    await signInCustomer(shopper, c.email);
    const o = await placeOrder(app, shopper, [{ productId: p.id, qty: 1 }]);
    expect((await admin.post(`/admin/sales/orders/${o.id}/comment`, { comment: '' })).statusCode).toBe(400);
    await admin.post(`/admin/sales/orders/${o.id}/comment`, { comment: 'Packed with care <b>', is_visible_on_front: '1' });
    await admin.post(`/admin/sales/orders/${o.id}/comment`, { comment: 'Internal note only', is_customer_notified: '1' });
    const mails = (await readMailbox(app.ctx.env.VAR_DIR)).filter((m) => m.to.includes(c.email));
    expect(mails.map((m) => m.subject)).toContain(`Update to your order #${o.increment_id}`);
    expect(mails.find((m) => m.subject.startsWith('Update'))!.text).toContain('Internal note only');
    const view = await shopper.get(`/sales/order/view/${o.id}`);
    expect(view.body).toContain('Packed with care &lt;b>');
    expect(view.body).not.toContain('Packed with care <b>');
    expect(view.body).not.toContain('Internal note only');
    // Another customer cannot see it.
    const other = await createCustomer(app);
    const stranger = new Agent(app);
    await signInCustomer(stranger, other.email);
    expect((await stranger.get(`/sales/order/view/${o.id}`)).statusCode).toBe(404);
  });

  it('admin Reorder creates a new pending order with the same items and addresses', async () => {
    const p = await createProduct(app, { qty: 10 });
    const o = await placeOrder(app, new Agent(app), [{ productId: p.id, qty: 2 }]);
    const res = await admin.post(`/admin/sales/orders/${o.id}/reorder`);
    expect(res.statusCode).toBe(303);
    const newId = Number(/orders\/(\d+)/.exec(res.headers.location as string)![1]);
    expect(newId).not.toBe(o.id);
    const copy = await order(newId);
    expect([copy.state, copy.subtotal, copy.customer_email]).toEqual(['pending', o.subtotal, o.customer_email]);
    expect((await salesRepo.addresses(app.ctx.db, newId)).length).toBe(2);
    expect(await stock(p.id)).toBe(6);
  });

  it('computes states from item quantities', () => {
    const item = (o: number, i: number, s: number, r = 0, c = 0) => ({ qty_ordered: o, qty_invoiced: i, qty_shipped: s, qty_refunded: r, qty_canceled: c });
    expect(stateFor({ state: 'pending' }, [item(2, 0, 0)])).toBe('pending');
    expect(stateFor({ state: 'pending' }, [item(2, 0, 1)])).toBe('processing');
    expect(stateFor({ state: 'processing' }, [item(2, 2, 2)])).toBe('complete');
    expect(stateFor({ state: 'complete' }, [item(2, 2, 2, 2)])).toBe('closed');
    expect(stateFor({ state: 'holded' }, [item(2, 2, 2)])).toBe('holded');
    expect(stateFor({ state: 'pending' }, [item(2, 0, 0, 0, 2)])).toBe('canceled');
  });

  it('numbers orders per store view', async () => {
    const rc = await systemContext(app.ctx);
    const tree = await app.ctx.services.stores.tree();
    expect(tree.views.length).toBeGreaterThan(0);
    const a = await salesRepo.nextNumber(rc.db, 'orders-77');
    const b = await salesRepo.nextNumber(rc.db, 'orders-77');
    expect(b).toBe(a + 1);
  });
});
