import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStores } from '../../db/seed/stores.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, systemRc, TEST_PASSWORD } from '../../testing/fixtures.ts';
import { createCustomer, createProduct, signInCustomer } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { readMailbox } from '../mail/mailer.ts';
import { SALES_ACL } from './index.ts';
import { salesRepo } from './repo.ts';

/** Sales > Orders > Create New Order, from the outside: real HTTP, real database (both kinds). */
let app: TestApp;
let admin: Agent;
let adminName: string;
let adminId: number;
beforeAll(async () => {
  app = await createTestApp();
  const a = await createAdmin(app, 'all');
  adminName = a.username;
  adminId = a.id;
  admin = new Agent(app);
  await admin.signInAdmin(a.username, TEST_PASSWORD);
});
afterAll(async () => app?.dispose());

const CREATE = '/admin/sales/order_create';
const db = () => app.ctx.db;
const stock = async (id: number) => (await db().selectFrom('products').select('qty').where('id', '=', id).executeTakeFirstOrThrow()).qty;
const count = async (table: 'orders' | 'carts' | 'cart_items' | 'jobs') =>
  Number(
    (
      await db()
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
/** What a refused request must leave as it was. */
const snapshot = async (quoteId: number, productIds: number[]) => ({
  orders: await count('orders'),
  jobs: await count('jobs'),
  quote: await db().selectFrom('carts').selectAll().where('id', '=', quoteId).executeTakeFirst(),
  items: await db().selectFrom('cart_items').select(['product_id', 'qty']).where('cart_id', '=', quoteId).orderBy('id').execute(),
  stock: await Promise.all(productIds.map(stock)),
});

/** Opens a quote for the customer in the default store view; returns its id. */
async function openQuote(agent: Agent, customerId: number) {
  const res = await agent.post(`${CREATE}/start`, { customer_id: String(customerId), store_id: '1' });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
  const m = /\/admin\/sales\/order_create\/(\d+)$/.exec(String(res.headers.location));
  expect(m).not.toBeNull();
  return Number(m![1]);
}

const submitFields = (addressId: number | string, extra: Record<string, string> = {}) => ({
  address_id: String(addressId),
  shipping_method: 'flatrate_flatrate',
  payment_method: 'checkmo',
  ...extra,
});

describe('Create New Order', () => {
  it('places an order for the customer at their group price, takes stock, notes the admin and shows in My Orders', async () => {
    const p1 = await createProduct(app, { price: 2000, qty: 10, prices: [{ websiteId: 0, groupId: 2, price: 1500 }] });
    const p2 = await createProduct(app, { price: 999, qty: 5 });
    const c = await createCustomer(app, { groupId: 2 });
    const shopper = new Agent(app);
    await signInCustomer(shopper, c.email);
    const storefrontCart = await shopper.get('/checkout/cart');

    const grid = await admin.get('/admin/sales/orders');
    expect(grid.body).toContain(`href="${CREATE}"`);
    const edit = await admin.get(`/admin/customers/${c.id}/edit`);
    expect(edit.body).toContain('data-role="customer-create-order"');

    const quoteId = await openQuote(admin, c.id);
    const page = await admin.get(`${CREATE}/${quoteId}?search=${encodeURIComponent(p1.sku)}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Create New Order for Test Customer in Default Store View');
    expect(page.body).toContain('$15.00'); // the wholesale price of the customer's group, not the base price

    const add = await admin.post(`${CREATE}/${quoteId}/add`, { product: [String(p1.id), String(p2.id)], [`qty[${p1.id}]`]: '2', [`qty[${p2.id}]`]: '1' });
    expect(add.statusCode).toBe(303);
    const filled = await admin.get(`${CREATE}/${quoteId}`);
    expect(filled.body).toContain('You added 2 products to the order.');
    expect(filled.body).toContain('$39.99'); // 2 × 15.00 + 9.99
    // The quote is the admin's: the customer's storefront cart does not show it.
    expect((await shopper.get('/checkout/cart')).body).toBe(storefrontCart.body);

    const jobsBefore = await count('jobs');
    const res = await admin.post(
      `${CREATE}/${quoteId}/submit`,
      submitFields(c.addressId, { send_confirmation: '1', order_comment: 'Call before delivery', append_comments: '1' }),
    );
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    const orderId = Number(/\/admin\/sales\/orders\/(\d+)$/.exec(String(res.headers.location))![1]);
    const view = await admin.get(String(res.headers.location));
    expect(view.body).toContain('You created the order.');

    const o = (await salesRepo.order(db(), orderId))!;
    expect([o.subtotal, o.shipping_amount, o.grand_total]).toEqual([3999, 1500, 5499]);
    expect([o.customer_id, o.customer_group_id, o.customer_email, o.placed_by_admin_id, o.cart_id]).toEqual([c.id, 2, c.email, adminId, quoteId]);
    expect([await stock(p1.id), await stock(p2.id)]).toEqual([8, 4]);
    const comments = await db()
      .selectFrom('order_comments')
      .select(['comment', 'is_visible_on_front', 'admin_id'])
      .where('order_id', '=', orderId)
      .orderBy('id')
      .execute();
    expect(comments).toEqual([
      { comment: `Order created by admin ${adminName}`, is_visible_on_front: 0, admin_id: adminId },
      { comment: 'Call before delivery', is_visible_on_front: 1, admin_id: adminId },
    ]);
    const log = await db()
      .selectFrom('action_log')
      .select(['action', 'details'])
      .where('action_group', '=', 'sales')
      .where('details', 'like', `%#${o.increment_id})`)
      .execute();
    expect(log.map((l) => l.action)).toEqual(['Create']);
    expect(await count('jobs')).toBeGreaterThan(jobsBefore); // the confirmation email is queued
    const mails = (await readMailbox(app.ctx.env.VAR_DIR)).filter((m) => m.to.includes(c.email));
    expect(mails.map((m) => m.subject)).toEqual([`Your Main Website order confirmation #${o.increment_id}`]);

    const history = await shopper.get('/sales/order/history');
    expect(history.body).toContain(o.increment_id);

    // A second submit of the same quote gives the same order back, not a second one.
    const orders = await count('orders');
    const again = await admin.post(`${CREATE}/${quoteId}/submit`, submitFields(c.addressId));
    expect(again.headers.location).toBe(`/admin/sales/orders/${orderId}`);
    expect(await count('orders')).toBe(orders);
    expect((await admin.get(`${CREATE}/${quoteId}`)).statusCode).toBe(404);
  });

  it('sends no confirmation email when "Email Order Confirmation" is unticked', async () => {
    const p = await createProduct(app, { price: 500 });
    const c = await createCustomer(app);
    const quoteId = await openQuote(admin, c.id);
    await admin.post(`${CREATE}/${quoteId}/add`, { product: String(p.id) });
    const jobs = await count('jobs');
    const res = await admin.post(`${CREATE}/${quoteId}/submit`, submitFields(c.addressId));
    expect(res.statusCode).toBe(303);
    expect(await count('jobs')).toBe(jobs);
    expect((await readMailbox(app.ctx.env.VAR_DIR)).filter((m) => m.to.includes(c.email))).toEqual([]);
  });

  it('refuses every bad input with a message and changes nothing', async () => {
    const p = await createProduct(app, { price: 1000, qty: 3 });
    const c = await createCustomer(app);
    const other = await createCustomer(app);
    const quoteId = await openQuote(admin, c.id);

    const refusedWith = async (url: string, form: Record<string, string | string[]>, message: string) => {
      const before = await snapshot(quoteId, [p.id]);
      const res = await admin.post(`${CREATE}/${quoteId}/${url}`, form);
      expect(res.statusCode, `${url} ${JSON.stringify(form)}`).toBe(400);
      expect(res.body).toContain(message);
      expect(await snapshot(quoteId, [p.id])).toEqual(before);
    };
    await refusedWith('submit', submitFields(c.addressId), 'Please add products to the order.');
    await refusedWith('add', {}, 'Please select products to add to the order.');
    await refusedWith('add', { product: String(p.id), [`qty[${p.id}]`]: '4' }, 'The requested qty is not available');
    await refusedWith('add', { product: String(p.id), [`qty[${p.id}]`]: 'abc' }, 'Please enter a quantity greater than 0.');
    await refusedWith('add', { product: '99999999' }, 'This product is no longer available.');

    expect((await admin.post(`${CREATE}/${quoteId}/add`, { product: String(p.id), [`qty[${p.id}]`]: '2' })).statusCode).toBe(303);
    const line = await db().selectFrom('cart_items').select('id').where('cart_id', '=', quoteId).executeTakeFirstOrThrow();
    await refusedWith('items', { [`item[${line.id}][qty]`]: '9' }, 'The requested qty is not available');
    await refusedWith('items', { [`item[${line.id}][qty]`]: '-1' }, 'Please enter a quantity greater than 0.');
    await refusedWith('submit', submitFields(c.addressId, { shipping_method: '' }), 'Please specify a shipping method.');
    await refusedWith('submit', submitFields(c.addressId, { payment_method: 'free' }), 'Please specify a payment method.');
    await refusedWith('submit', submitFields(other.addressId), 'Please select a billing address.');
    await refusedWith(
      'submit',
      submitFields('new', { firstname: 'Ann', lastname: '', street: '', city: 'Town', postcode: '1', country_id: 'US', telephone: '1' }),
      'Please correct the highlighted fields.',
    );
    await refusedWith('submit', submitFields(c.addressId, { order_comment: 'x'.repeat(5001) }), 'Please enter less or equal than 5000 symbols.');

    // Stock sold elsewhere after the products were added: the quote shows it, and the order is refused.
    await db().updateTable('products').set({ qty: 1 }).where('id', '=', p.id).execute();
    await refusedWith('submit', submitFields(c.addressId), `The requested qty of &#34;Product ${p.sku}&#34; is not available.`);

    // Updating quantities and removing a line work (a valid change), and the choices are kept on the quote.
    const upd = await admin.post(`${CREATE}/${quoteId}/items`, { [`item[${line.id}][qty]`]: '1', payment_method: 'checkmo', order_comment: 'Kept' });
    expect(upd.statusCode).toBe(303);
    const kept = await admin.get(`${CREATE}/${quoteId}`);
    expect(kept.body).toContain('Kept</textarea>');
    await admin.post(`${CREATE}/${quoteId}/items`, { [`item[${line.id}][qty]`]: '1', [`item[${line.id}][remove]`]: '1' });
    expect(await db().selectFrom('cart_items').select('id').where('cart_id', '=', quoteId).execute()).toEqual([]);
  });

  it('asks before "Cancel" discards the quote', async () => {
    const p = await createProduct(app);
    const c = await createCustomer(app);
    const quoteId = await openQuote(admin, c.id);
    await admin.post(`${CREATE}/${quoteId}/add`, { product: String(p.id) });
    const confirm = await admin.get(`${CREATE}/${quoteId}/cancel`);
    expect(confirm.body).toContain('Are you sure you want to cancel this order?');
    const res = await admin.post(`${CREATE}/${quoteId}/cancel`);
    expect(res.headers.location).toBe('/admin/sales/orders');
    const quote = await db().selectFrom('carts').select('is_active').where('id', '=', quoteId).executeTakeFirstOrThrow();
    expect(quote.is_active).toBe(0);
    expect((await admin.get(`${CREATE}/${quoteId}`)).statusCode).toBe(404);
    expect((await admin.post(`${CREATE}/${quoteId}/submit`, submitFields(c.addressId))).statusCode).toBe(404);
  });

  it('lists customers to choose from, by name or email', async () => {
    const c = await createCustomer(app);
    const res = await admin.get(`${CREATE}?email=${encodeURIComponent(c.email)}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Please select a customer');
    expect(res.body).toContain(c.email);
    expect(res.body).toContain(`name="customer_id" value="${c.id}"`);
    const none = await admin.post(`${CREATE}/start`, {});
    expect(none.headers.location).toBe(CREATE);
    expect(await admin.get(CREATE).then((r) => r.body)).toContain('Please select a customer.');
  });
});

describe('Create New Order authorization', () => {
  it('sends a visitor without a session to sign in, refuses a role without Create, serves one with it', async () => {
    const c = await createCustomer(app);
    const carts = await count('carts');
    const anonymous = new Agent(app);
    for (const url of [CREATE, `${CREATE}/store?customer_id=${c.id}`]) expect((await anonymous.get(url)).headers.location).toMatch(/^\/admin\/login/);
    expect((await anonymous.post(`${CREATE}/start`, { customer_id: String(c.id) })).headers.location).toMatch(/^\/admin\/login/);

    const viewer = await createAdmin(app, ['sales', 'sales.operations', 'sales.operations.orders', SALES_ACL.view, 'customers', 'customers.all']);
    const without = new Agent(app);
    await without.signInAdmin(viewer.username, TEST_PASSWORD);
    expect((await without.get(CREATE)).statusCode).toBe(403);
    expect((await without.post(`${CREATE}/start`, { customer_id: String(c.id), store_id: '1' })).statusCode).toBe(403);
    expect((await without.get('/admin/sales/orders')).body).not.toContain(`href="${CREATE}"`);
    expect((await without.get(`/admin/customers/${c.id}/edit`)).body).not.toContain('customer-create-order');
    expect(await count('carts')).toBe(carts);

    // Another admin's open quote is out of reach too.
    const quoteId = await openQuote(admin, c.id);
    for (const action of ['add', 'items', 'submit', 'cancel', 'reload'])
      expect((await without.post(`${CREATE}/${quoteId}/${action}`, { product: '1' })).statusCode, action).toBe(403);

    const creator = await createAdmin(app, ['sales', 'sales.operations', 'sales.operations.orders', 'sales.operations.orders.actions', SALES_ACL.create]);
    const withCreate = new Agent(app);
    await withCreate.signInAdmin(creator.username, TEST_PASSWORD);
    expect((await withCreate.get(CREATE)).statusCode).toBe(200);
    expect(await openQuote(withCreate, c.id)).toBeGreaterThan(quoteId);
  });

  it('refuses a change without a valid form key, changing nothing', async () => {
    const c = await createCustomer(app);
    const p = await createProduct(app);
    const quoteId = await openQuote(admin, c.id);
    const carts = await count('carts');
    const forged = await admin.post(`${CREATE}/start`, { customer_id: String(c.id), store_id: '1' }, { formKey: false });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('Invalid Form Key');
    const wrong = await admin.post(`${CREATE}/${quoteId}/add`, { product: String(p.id), form_key: 'forged' });
    expect(wrong.statusCode).toBe(403);
    const submit = await admin.post(`${CREATE}/${quoteId}/submit`, { form_key: 'forged' });
    expect(submit.statusCode).toBe(403);
    expect(await count('carts')).toBe(carts);
    expect(await db().selectFrom('cart_items').select('id').where('cart_id', '=', quoteId).execute()).toEqual([]);
  });
});

// Last in the file: the demo's stores (a Swedish Store View on the Main Website, a Second Website) stay for good.
describe('Create New Order in a store view of several', () => {
  let svId: number;
  let secondViewId: number;
  beforeAll(async () => {
    await seedStores(await systemRc(app));
    const views = (await app.ctx.services.stores.tree()).views;
    svId = views.find((v) => v.code === 'sv')!.id;
    secondViewId = views.find((v) => v.website_id !== 1)!.id;
  });

  it('asks for the store view, then orders in its language, currency and numbering', async () => {
    const p = await createProduct(app, { price: 2000 });
    const c = await createCustomer(app);
    const start = await admin.post(`${CREATE}/start`, { customer_id: String(c.id) });
    expect(start.headers.location).toBe(`${CREATE}/store?customer_id=${c.id}`);
    const choice = await admin.get(String(start.headers.location));
    expect(choice.body).toContain('Please select a store');
    expect(choice.body).toContain('Swedish Store View');
    expect(choice.body).not.toContain('Second Store View');

    // A store view of another website is refused, and no quote is opened.
    const carts = await count('carts');
    const wrong = await admin.post(`${CREATE}/start`, { customer_id: String(c.id), store_id: String(secondViewId) });
    expect(wrong.headers.location).toBe(CREATE);
    expect((await admin.get(CREATE)).body).toContain('Please select a store.');
    expect(await count('carts')).toBe(carts);

    const res = await admin.post(`${CREATE}/start`, { customer_id: String(c.id), store_id: String(svId) });
    const quoteId = Number(/(\d+)$/.exec(String(res.headers.location))![1]);
    expect((await admin.get(`${CREATE}/${quoteId}`)).body).toContain('Create New Order for Test Customer in Swedish Store View');
    await admin.post(`${CREATE}/${quoteId}/add`, { product: String(p.id) });
    const submitted = await admin.post(`${CREATE}/${quoteId}/submit`, submitFields(c.addressId, { send_confirmation: '1' }));
    const orderId = Number(/(\d+)$/.exec(String(submitted.headers.location))![1]);
    const o = (await salesRepo.order(db(), orderId))!;
    expect([o.store_view_id, o.base_currency_code, o.order_currency_code, o.grand_total]).toEqual([svId, 'USD', 'SEK', 2500]);
    expect(o.increment_id.startsWith(String(svId))).toBe(true);
    const mails = (await readMailbox(app.ctx.env.VAR_DIR)).filter((m) => m.to.includes(c.email));
    // (The mailbox reader unfolds the encoded subject with a space inside the store name.)
    expect(mails.map((m) => m.subject)).toEqual([expect.stringMatching(new RegExp(`^Orderbekräftelse från .+, beställning nr ${o.increment_id}$`))]);
  });
});
