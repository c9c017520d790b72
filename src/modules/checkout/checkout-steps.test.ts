import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../testing/agent.ts';
import { unique } from '../../testing/fixtures.ts';
import { ADDRESS, createCustomer, createProduct, signInCustomer } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

const plain = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
/** The Shipping step's choices on the newest cart (each test fills a cart of its own just before). */
const checkoutState = async () => (await app.ctx.db.selectFrom('carts').select('checkout_json').orderBy('id', 'desc').executeTakeFirstOrThrow()).checkout_json;
const orderCount = async () =>
  Number(
    (
      await app.ctx.db
        .selectFrom('orders')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function withCart(agent: Agent) {
  const p = await createProduct(app, { price: 2500, qty: 20 });
  expect((await agent.post('/checkout/cart/add', { product: String(p.id), qty: '1' })).statusCode).toBe(303);
  return p;
}

describe('checkout: Shipping step', () => {
  it('shows a guest the open address form, and refuses bad input with messages, keeping what was typed and saving nothing', async () => {
    const guest = new Agent(app);
    await withCart(guest);
    const page = await guest.get('/checkout');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('class="opc-progress-bar"');
    expect(page.body).toMatch(/_active" aria-current="step"><span>Shipping</);
    expect(page.body).not.toContain('has-saved'); // no saved addresses: the form is not collapsible
    expect(page.body).toContain('<input type="hidden" name="address_id" value="new"');

    const bad = await guest.post('/checkout/shipping', { address_id: 'new', email: 'not-an-email', ...ADDRESS, street: '', shipping_method: 'teleport' });
    expect(bad.statusCode).toBe(400);
    const text = plain(bad.body);
    expect(text).toContain('Please correct the highlighted fields.');
    expect(text).toContain('Please enter a valid email address');
    expect(text).toContain('This is a required field.');
    expect(text).toContain('Please specify a shipping method.');
    expect(bad.body).toContain('value="not-an-email"');
    expect(bad.body).toContain(`value="${ADDRESS.city}"`);
    expect(await checkoutState()).toBeNull();
    // Review & Payments is not reachable yet, and Place Order sends the shopper back to Shipping.
    expect((await guest.get('/checkout/payment')).headers.location).toBe('/checkout');
    const early = await guest.post('/checkout/placeOrder', { payment_method: 'checkmo', billing_same_as_shipping: '1', shown_total: '3000' });
    expect([early.statusCode, early.headers.location]).toEqual([303, '/checkout']);
    expect(plain((await guest.get('/checkout')).body)).toContain('Please choose a shipping address and method.');
  });

  it('needs the form key on both steps (nothing saved, nothing placed)', async () => {
    const guest = new Agent(app);
    await withCart(guest);
    const forged = await guest.post('/checkout/shipping', {
      address_id: 'new',
      email: 'f@example.com',
      ...ADDRESS,
      shipping_method: 'flatrate_flatrate',
      form_key: 'forged',
    });
    expect([forged.statusCode, forged.headers.location]).toEqual([303, '/']);
    expect(await checkoutState()).toBeNull();
    expect(
      (await guest.post('/checkout/shipping', { address_id: 'new', email: 'f@example.com', ...ADDRESS, shipping_method: 'flatrate_flatrate' })).statusCode,
    ).toBe(303);
    const before = await orderCount();
    const forgedOrder = await guest.post('/checkout/placeOrder', {
      payment_method: 'checkmo',
      billing_same_as_shipping: '1',
      shown_total: '3000',
      form_key: 'forged',
    });
    expect([forgedOrder.statusCode, forgedOrder.headers.location]).toEqual([303, '/']);
    expect(await orderCount()).toBe(before);
  });

  it('with an empty cart, both steps send the shopper to the cart', async () => {
    const empty = new Agent(app);
    expect((await empty.get('/checkout')).headers.location).toBe('/checkout/cart');
    const step = await empty.post('/checkout/shipping', { address_id: 'new', email: 'e@example.com', ...ADDRESS, shipping_method: 'flatrate_flatrate' });
    expect([step.statusCode, step.headers.location]).toEqual([303, '/checkout/cart']);
    expect((await empty.get('/checkout/payment')).headers.location).toBe('/checkout/cart');
  });
});

describe('checkout: a customer with saved addresses', () => {
  it('offers the saved address as a chosen card with the new-address form collapsed, refuses another customer’s address, ships to the card', async () => {
    const customer = await createCustomer(app);
    const other = await createCustomer(app);
    const agent = new Agent(app);
    await signInCustomer(agent, customer.email);
    await withCart(agent);
    const page = await agent.get('/checkout');
    expect(page.body).toContain('checkout-shipping-address has-saved');
    expect(page.body).toContain(`name="address_id" value="${customer.addressId}" checked`);
    expect(page.body).toMatch(/id="address_id_new"(?! checked)/);
    expect(plain(page.body)).toContain('Ship Here');

    const theirs = await agent.post('/checkout/shipping', { address_id: String(other.addressId), shipping_method: 'flatrate_flatrate' });
    expect(theirs.statusCode).toBe(400);
    expect(plain(theirs.body)).toContain('Please choose one of your addresses.');
    expect(await checkoutState()).toBeNull();

    const next = await agent.post('/checkout/shipping', { address_id: String(customer.addressId), shipping_method: 'flatrate_flatrate' });
    expect([next.statusCode, next.headers.location]).toEqual([303, '/checkout/payment']);
    const review = await agent.get('/checkout/payment');
    expect(review.statusCode).toBe(200);
    expect(plain(review.body)).toContain('Ship To: Test');
    expect(plain(review.body)).toContain('1 Test St');
    expect(review.body).toMatch(/aria-current="step"><span>Review &amp; Payments</);
    expect(review.body).toContain('id="billing-same" name="billing_same_as_shipping" value="1" checked');

    // A billing address of its own: refused while incomplete (nothing placed), then placed with it.
    const shown = /name="shown_total" value="(\d+)"/.exec(review.body)![1]!;
    const before = await orderCount();
    const incomplete = await agent.post('/checkout/placeOrder', {
      payment_method: 'checkmo',
      shown_total: shown,
      billing_firstname: 'Bill',
      billing_country_id: 'US',
    });
    expect(incomplete.statusCode).toBe(400);
    expect(plain(incomplete.body)).toContain('This is a required field.');
    expect(incomplete.body).toContain('value="Bill"');
    expect(await orderCount()).toBe(before);
    const billing = {
      billing_firstname: 'Bill',
      billing_lastname: 'Payer',
      billing_street: '9 Money Rd',
      billing_city: 'Paytown',
      billing_postcode: '99999',
      billing_country_id: 'US',
      billing_telephone: '555-9999',
    };
    const placed = await agent.post('/checkout/placeOrder', { payment_method: 'checkmo', shown_total: shown, ...billing });
    expect([placed.statusCode, placed.headers.location]).toEqual([303, '/checkout/onepage/success']);
    const order = await app.ctx.db.selectFrom('orders').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(order.customer_id).toBe(customer.id);
    const addresses = await app.ctx.db.selectFrom('order_addresses').selectAll().where('order_id', '=', order.id).orderBy('address_type').execute();
    expect(addresses.map((a) => [a.address_type, a.street])).toEqual([
      ['billing', '9 Money Rd'],
      ['shipping', '1 Test St'],
    ]);
    // The success page links the order number to the order.
    const success = await agent.get('/checkout/onepage/success');
    expect(success.body).toContain(`href="/sales/order/view/${order.id}"`);
    expect(plain(success.body)).toContain(`Your order number is: ${order.increment_id}`);
  });

  it('a new address typed at checkout is kept for Review & Payments and saved in the address book with the order', async () => {
    const customer = await createCustomer(app);
    const agent = new Agent(app);
    await signInCustomer(agent, customer.email);
    await withCart(agent);
    const street = `${unique('St')} Avenue 5`;
    const next = await agent.post('/checkout/shipping', {
      address_id: 'new',
      ...ADDRESS,
      street,
      save_in_address_book: '1',
      shipping_method: 'flatrate_flatrate',
    });
    expect(next.statusCode).toBe(303);
    // Back on Shipping, the typed address is open and filled in.
    const again = await agent.get('/checkout');
    expect(again.body).toContain('id="address_id_new" checked');
    expect(again.body).toContain(`value="${street}"`);
    const review = await agent.get('/checkout/payment');
    expect(plain(review.body)).toContain(street);
    const shown = /name="shown_total" value="(\d+)"/.exec(review.body)![1]!;
    expect((await agent.post('/checkout/placeOrder', { payment_method: 'checkmo', billing_same_as_shipping: '1', shown_total: shown })).statusCode).toBe(303);
    const saved = await app.ctx.db.selectFrom('customer_addresses').select('street').where('customer_id', '=', customer.id).execute();
    expect(saved.map((a) => a.street)).toContain(street);
  });

  it('a guest’s success page shows the number and offers an account', async () => {
    const guest = new Agent(app);
    await withCart(guest);
    const email = `${unique('g')}@example.com`;
    expect((await guest.post('/checkout/shipping', { address_id: 'new', email, ...ADDRESS, shipping_method: 'flatrate_flatrate' })).statusCode).toBe(303);
    const shown = /name="shown_total" value="(\d+)"/.exec((await guest.get('/checkout/payment')).body)![1]!;
    expect((await guest.post('/checkout/placeOrder', { payment_method: 'checkmo', billing_same_as_shipping: '1', shown_total: shown })).statusCode).toBe(303);
    const success = plain((await guest.get('/checkout/onepage/success')).body);
    expect(success).toMatch(/Your order # is: \d+/);
    expect(success).toContain('You can track your order status by creating an account.');
    expect(success).toContain(`Email Address: ${email.toLowerCase()}`);
    expect(success).toContain('Create an Account');
  });
});
