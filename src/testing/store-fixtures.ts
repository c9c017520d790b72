import type { App } from '../app.ts';
import { isoUtc } from '../kernel/clock.ts';
import { hashPassword } from '../kernel/passwords.ts';
import { ROOT_CATEGORY_ID } from '../modules/catalog/public.ts';
import { catalogRepo } from '../modules/catalog/repo.ts';
import { customersRepo } from '../modules/customers/repo.ts';
import type { Agent } from './agent.ts';
import { TEST_PASSWORD, unique } from './fixtures.ts';

/** A product straight into the catalog (no action log), owned by one test. */
export async function createProduct(
  app: App,
  o: { price?: number; qty?: number; websites?: number[]; prices?: { websiteId: number; groupId: number; price: number }[]; status?: number } = {},
) {
  const db = app.ctx.db;
  const now = isoUtc(app.ctx.clock.now());
  const sku = unique('SKU-');
  const id = await catalogRepo.insertProduct(db, {
    sku,
    name: `Product ${sku}`,
    url_key: sku.toLowerCase(),
    description: '',
    image_url: '',
    price: o.price ?? 1000,
    qty: o.qty ?? 10,
    is_in_stock: 1,
    status: o.status ?? 1,
    created_at: now,
    updated_at: now,
  });
  await catalogRepo.replaceWebsites(db, id, o.websites ?? [1]);
  await catalogRepo.replacePrices(db, id, o.prices ?? []);
  return { id, sku, urlKey: sku.toLowerCase() };
}

/**
 * A category under the root, straight into the catalog, owned by one test; the cached tree is read again (it was
 * written without the service). Its products are added with `catalogRepo.replaceCategories`.
 */
export async function createCategory(app: App, name = unique('Category ')) {
  const now = isoUtc(app.ctx.clock.now());
  const urlKey = unique('cat-').toLowerCase();
  const id = await catalogRepo.insertCategory(app.ctx.db, { parent_id: ROOT_CATEGORY_ID, name, url_key: urlKey, created_at: now, updated_at: now });
  app.ctx.services.catalog.invalidate();
  return { id, urlKey, name };
}

/** A customer with one default address on the Main Website (or another). */
export async function createCustomer(app: App, o: { groupId?: number; websiteId?: number; consent?: boolean; storeViewId?: number } = {}) {
  const db = app.ctx.db;
  const now = isoUtc(app.ctx.clock.now());
  const email = `${unique('c')}@example.com`.toLowerCase();
  const id = await customersRepo.insert(db, {
    website_id: o.websiteId ?? 1,
    store_view_id: o.storeViewId ?? 1,
    group_id: o.groupId ?? 1,
    email,
    firstname: 'Test',
    lastname: 'Customer',
    password_hash: await hashPassword(TEST_PASSWORD),
    is_active: 1,
    assistance_allowed: o.consent ? 1 : 0,
    default_billing_id: null,
    default_shipping_id: null,
    created_at: now,
    updated_at: now,
    updated_by_admin_id: null,
  });
  const addressId = await customersRepo.insertAddress(db, {
    customer_id: id,
    firstname: 'Test',
    lastname: 'Customer',
    company: '',
    street: '1 Test St',
    city: 'Testville',
    region: '',
    postcode: '11111',
    country_id: 'US',
    telephone: '555-0000',
    created_at: now,
    updated_at: now,
    updated_by_admin_id: null,
  });
  await customersRepo.update(db, id, { default_billing_id: addressId, default_shipping_id: addressId });
  return { id, email, addressId };
}

export const ADDRESS = { firstname: 'Ann', lastname: 'Buyer', street: '2 Shop St', city: 'Town', postcode: '22222', country_id: 'US', telephone: '555-1234' };

/** Signs a customer in through the storefront form. */
export async function signInCustomer(agent: Agent, email: string, password = TEST_PASSWORD, prefix = '') {
  const res = await agent.post(`${prefix}/customer/account/loginPost`, { 'login[username]': email, 'login[password]': password });
  if (res.statusCode !== 303) throw new Error(`Customer sign-in failed (${res.statusCode})`);
  return res;
}

/**
 * Goes through both checkout steps as a shopper does: Shipping ("Next" with the address and method), then Review &
 * Payments at the total it shows. `extra` overrides any field; payment_method, shown_total and billing_* go to
 * the second step, the rest to the first. Returns the answer to "Place Order".
 */
export async function checkoutSteps(agent: Agent, extra: Record<string, string> = {}, prefix = '') {
  const isPaymentField = (k: string) => k === 'payment_method' || k === 'shown_total' || k.startsWith('billing_');
  const shipping: Record<string, string> = {
    address_id: 'new',
    email: `${unique('g')}@example.com`,
    ...ADDRESS,
    shipping_method: 'flatrate_flatrate',
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => !isPaymentField(k))),
  };
  const step = await agent.post(`${prefix}/checkout/shipping`, shipping);
  if (step.statusCode !== 303 || !String(step.headers.location).endsWith('/checkout/payment'))
    throw new Error(`shipping step failed ${step.statusCode}: ${step.body.slice(0, 2000)}`);
  const payment: Record<string, string> = { payment_method: 'checkmo', billing_same_as_shipping: '1' };
  if (!('shown_total' in extra)) {
    const review = await agent.get(`${prefix}/checkout/payment`);
    const shown = /name="shown_total" value="(\d+)"/.exec(review.body)?.[1];
    if (shown) payment.shown_total = shown;
  }
  return agent.post(`${prefix}/checkout/placeOrder`, { ...payment, ...Object.fromEntries(Object.entries(extra).filter(([k]) => isPaymentField(k))) });
}

/** Adds to cart and places the order through the storefront (both checkout steps); returns the order row. */
export async function placeOrder(app: App, agent: Agent, items: { productId: number; qty: number }[], extra: Record<string, string> = {}) {
  for (const i of items) {
    const res = await agent.post('/checkout/cart/add', { product: String(i.productId), qty: String(i.qty) });
    if (res.statusCode !== 303) throw new Error(`add to cart failed ${res.statusCode}`);
  }
  const res = await checkoutSteps(agent, extra);
  if (res.statusCode !== 303) throw new Error(`place order failed ${res.statusCode}: ${res.body.slice(0, 2000)}`);
  return app.ctx.db.selectFrom('orders').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
}
