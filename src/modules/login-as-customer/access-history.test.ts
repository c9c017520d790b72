import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCatalog } from '../../kernel/i18n.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { systemContext } from '../../kernel/request-context.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD, LAC_AGENT_RESOURCES } from '../../testing/fixtures.ts';
import { createCustomer, createProduct, signInCustomer } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { HISTORY_MESSAGES } from './history.ts';
import { LAC_BLOCKED_ACTIONS, LAC_ENABLED, LAC_STORE_VIEW_MANUAL } from './settings.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  const r = await app.ctx.services.config.save(await systemContext(app.ctx), 'default', 0, [
    { path: LAC_ENABLED, value: '1' },
    { path: LAC_STORE_VIEW_MANUAL, value: '0' },
    { path: LAC_BLOCKED_ACTIONS, value: '' },
  ]);
  if (!r.ok) throw new Error(r.messages.join());
});
afterAll(async () => app?.dispose());

async function assistedBrowser(customerId: number) {
  const admin = await createAdmin(app, LAC_AGENT_RESOURCES);
  const browser = new Agent(app);
  await browser.signInAdmin(admin.username, TEST_PASSWORD);
  const res = await browser.post('/admin/loginascustomer/login', { customer_id: String(customerId) });
  const token = /name="token" value="([^"]+)"/.exec(res.body)![1]!;
  const action = /action="([^"]*\/loginascustomer\/login\/redeem)"/.exec(res.body)![1]!;
  expect((await browser.post(action, { token })).statusCode).toBe(303);
  return browser;
}

const address = (street: string) => ({
  firstname: 'Test',
  lastname: 'Customer',
  company: '',
  street,
  city: 'Springfield',
  region: 'Oregon',
  postcode: '97477',
  country_id: 'US',
  telephone: '555-0100',
});

/** Every change an agent can make as the customer, through the storefront forms; each must answer with a redirect. */
async function doEverything(browser: Agent, customer: { id: number; email: string }, productId: number) {
  const db = app.ctx.db;
  const expectRedirect = async (p: Promise<{ statusCode: number }>) => expect((await p).statusCode).toBe(303);
  await expectRedirect(browser.post('/checkout/cart/add', { product: String(productId), qty: '2' }));
  const item = await db.selectFrom('cart_items').select('id').where('product_id', '=', productId).orderBy('id', 'desc').executeTakeFirstOrThrow();
  await expectRedirect(browser.post('/checkout/cart/updatePost', { [`cart[${item.id}][qty]`]: '3' }));
  await expectRedirect(browser.post('/checkout/cart/delete', { id: String(item.id) }));
  await expectRedirect(browser.post('/wishlist/index/add', { product: String(productId) }));
  const wish = await db.selectFrom('wishlist_items').select('id').where('customer_id', '=', customer.id).executeTakeFirstOrThrow();
  await expectRedirect(browser.post('/wishlist/index/remove', { item: String(wish.id) }));
  await expectRedirect(browser.post('/newsletter/manage/save', { is_subscribed: '1' }));
  await expectRedirect(browser.post('/customer/address/formPost', address('1 First St')));
  await expectRedirect(browser.post('/customer/address/formPost', address('2 Second St')));
  const idOf = async (street: string) =>
    (await db.selectFrom('customer_addresses').select('id').where('customer_id', '=', customer.id).where('street', '=', street).executeTakeFirstOrThrow()).id;
  await expectRedirect(browser.post(`/customer/address/formPost/${await idOf('1 First St')}`, address('1 Renamed St')));
  await expectRedirect(browser.post(`/customer/address/delete/${await idOf('2 Second St')}`));
  const account = { firstname: 'Renamed', lastname: 'Customer', email: customer.email, assistance_allowed: '1' };
  await expectRedirect(browser.post('/customer/account/editPost', account));
}

describe('Account access history: structured lines', () => {
  it('stores each change as a kind with its values, and shows it in the reader’s language; older lines as stored', async () => {
    const customer = await createCustomer(app, { consent: true });
    const product = await createProduct(app, { qty: 20 });
    const name = `Product ${product.sku}`;
    const browser = await assistedBrowser(customer.id);
    await doEverything(browser, customer, product.id);
    await browser.post('/loginascustomer/session/close');

    const rows = await app.ctx.db.selectFrom('lac_events').selectAll().where('customer_id', '=', customer.id).orderBy('id').execute();
    expect(rows.map((r) => [r.kind, JSON.parse(r.params!), r.description])).toEqual([
      ['cart.add', { qty: 2, product: name }, null],
      ['cart.update', { product: name, from: 2, to: 3 }, null],
      ['cart.remove', { product: name }, null],
      ['wishlist.add', { product: name }, null],
      ['wishlist.remove', {}, null],
      ['newsletter.subscribe', {}, null],
      ['address.added', { street: '1 First St', city: 'Springfield' }, null],
      ['address.added', { street: '2 Second St', city: 'Springfield' }, null],
      ['address.changed', { street: '1 Renamed St', city: 'Springfield' }, null],
      ['address.deleted', { street: '2 Second St', city: 'Springfield' }, null],
      ['account.changed', {}, null],
    ]);
    // A line written before lines had kinds keeps its English text.
    await app.ctx.db
      .insertInto('lac_events')
      .values({
        lac_session_id: rows[0]!.lac_session_id,
        customer_id: customer.id,
        created_at: isoUtc(app.clock.now()),
        description: 'added 1 × Old Mug to cart',
      })
      .execute();

    const own = new Agent(app);
    await signInCustomer(own, customer.email);
    const page = (await own.get('/customer/access-history')).body;
    for (const line of [
      `Added 2 × ${name} to the cart`,
      `Changed the quantity of ${name} in the cart from 2 to 3`,
      `Removed ${name} from the cart`,
      `Added ${name} to the wish list`,
      'Removed an item from the wish list',
      'Subscribed to the newsletter',
      'Added the address 1 First St, Springfield',
      'Changed the address 1 Renamed St, Springfield',
      'Deleted the address 2 Second St, Springfield',
      'Changed the account information',
      'added 1 × Old Mug to cart',
    ])
      expect(page).toContain(line);

    // The message is looked up when the page is shown: a translation applies to lines already stored.
    registerCatalog('en_US', { [HISTORY_MESSAGES['cart.add']]: '{product}: {qty} in the cart' });
    expect((await own.get('/customer/access-history')).body).toContain(`${name}: 2 in the cart`);
  });

  it('writes nothing when the customer makes the same changes themselves', async () => {
    const customer = await createCustomer(app, { consent: true });
    const product = await createProduct(app, { qty: 20 });
    const own = new Agent(app);
    await signInCustomer(own, customer.email);
    await doEverything(own, customer, product.id);
    expect(await app.ctx.db.selectFrom('lac_events').select('id').where('customer_id', '=', customer.id).execute()).toEqual([]);
  });
});
