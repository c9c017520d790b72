import { test as base, expect, type Page } from '@playwright/test';
import { openDatabase, type DatabaseHandle } from '../src/db/database.ts';
import { createSessionStore } from '../src/http/sessions.ts';
import { systemClock } from '../src/kernel/clock.ts';
import { randomToken } from '../src/kernel/tokens.ts';
import { hashPassword } from '../src/kernel/passwords.ts';
import { adminUsersRepo } from '../src/modules/admin-users/repo.ts';

export const PASSWORD = 'Secret-pass-123';

export interface TestAdmin {
  id: number;
  username: string;
  password: string;
  roleId: number;
  roleName: string;
  firstName: string;
  lastName: string;
}

export const uniq = (prefix: string) => `${prefix}${Date.now().toString(36)}${randomToken(4).replace(/[^a-zA-Z0-9]/g, '')}`;

let shared: DatabaseHandle | undefined;
/** The e2e server's database, opened directly (SQLite in WAL mode allows this beside the server). */
export async function e2eDb(): Promise<DatabaseHandle> {
  shared ??= await openDatabase({ sqliteFile: process.env.E2E_SQLITE_FILE });
  return shared;
}

const now = () => new Date().toISOString();

/** Creates a role with the given resources ('all' = Resource Access All) and an active admin in it. */
export async function createAdmin(resources: string[] | 'all', opts: Partial<Pick<TestAdmin, 'firstName' | 'lastName' | 'username'>> = {}): Promise<TestAdmin> {
  const { db } = await e2eDb();
  const roleName = uniq('Role ');
  const roleId = await adminUsersRepo.insertRole(db, { name: roleName, all_resources: resources === 'all' ? 1 : 0, created_at: now(), updated_at: now() });
  if (resources !== 'all') await adminUsersRepo.replaceRoleResources(db, roleId, resources);
  const username = opts.username ?? uniq('admin');
  const firstName = opts.firstName ?? 'Erin';
  const lastName = opts.lastName ?? 'Tester';
  const id = await adminUsersRepo.insertUser(db, {
    username,
    email: `${username}@example.com`.toLowerCase(),
    first_name: firstName,
    last_name: lastName,
    password_hash: await hashPassword(PASSWORD),
    role_id: roleId,
    is_active: 1,
    interface_locale: 'en_US',
    failed_logins: 0,
    created_at: now(),
    updated_at: now(),
  });
  return { id, username, password: PASSWORD, roleId, roleName, firstName, lastName };
}

/** Logs an admin in directly: a session row plus its cookie, no form. */
export async function loginDirectly(page: Page, admin: TestAdmin) {
  const { db } = await e2eDb();
  const sessions = createSessionStore({ db: () => db, clock: systemClock });
  const { rawId } = await sessions.create(db, 'admin', admin.id, {}, 900);
  const url = new URL(process.env.E2E_BASE_URL!);
  await page.context().addCookies([{ name: 'concierge_admin', value: rawId, domain: url.hostname, path: '/admin', httpOnly: true, sameSite: 'Strict' }]);
}

/** Signs in through the real sign-in form. */
export async function signInWithForm(page: Page, username: string, password: string) {
  await page.goto('/admin/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export const test = base;
export { expect };

// ---- store fixtures: each journey creates the products and customers it needs ----

export interface TestProduct {
  id: number;
  sku: string;
  name: string;
  urlKey: string;
  price: number;
}

/** An enabled product on the given websites, in stock, with optional customer-group prices (minor units). */
export async function createProduct(
  opts: { price?: number; qty?: number; websites?: number[]; groupPrices?: { groupId: number; price: number; websiteId?: number }[]; name?: string } = {},
): Promise<TestProduct> {
  const { db } = await e2eDb();
  const { catalogRepo } = await import('../src/modules/catalog/repo.ts');
  const sku = uniq('E2E-');
  const name = opts.name ?? uniq('Journey Product ');
  const urlKey = sku.toLowerCase();
  const price = opts.price ?? 2500;
  const id = await catalogRepo.insertProduct(db, {
    sku,
    name,
    url_key: urlKey,
    description: 'A product made for one browser journey.',
    image_url: '',
    price,
    qty: opts.qty ?? 100,
    is_in_stock: 1,
    status: 1,
    created_at: now(),
    updated_at: now(),
  });
  await catalogRepo.replaceWebsites(db, id, opts.websites ?? [1, 2]);
  await catalogRepo.replacePrices(
    db,
    id,
    (opts.groupPrices ?? []).map((g) => ({ websiteId: g.websiteId ?? 0, groupId: g.groupId, price: g.price })),
  );
  return { id, sku, name, urlKey, price };
}

export interface TestCustomer {
  id: number;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

/** A customer account with an address, optionally with consent for remote shopping assistance. */
export async function createCustomer(
  opts: { consent?: boolean; groupId?: number; websiteId?: number; firstName?: string; lastName?: string } = {},
): Promise<TestCustomer> {
  const { db } = await e2eDb();
  const { customersRepo } = await import('../src/modules/customers/repo.ts');
  const email = `${uniq('shopper')}@example.com`.toLowerCase();
  const websiteId = opts.websiteId ?? 1;
  const view = await db.selectFrom('store_views').select('id').where('website_id', '=', websiteId).orderBy('id').executeTakeFirstOrThrow();
  const firstName = opts.firstName ?? 'Casey';
  const lastName = opts.lastName ?? 'Shopper';
  const id = await customersRepo.insert(db, {
    website_id: websiteId,
    store_view_id: view.id,
    group_id: opts.groupId ?? 1,
    email,
    firstname: firstName,
    lastname: lastName,
    password_hash: await hashPassword(PASSWORD),
    is_active: 1,
    assistance_allowed: opts.consent ? 1 : 0,
    default_billing_id: null,
    default_shipping_id: null,
    created_at: now(),
    updated_at: now(),
    updated_by_admin_id: null,
  });
  const addressId = await customersRepo.insertAddress(db, {
    customer_id: id,
    firstname: firstName,
    lastname: lastName,
    company: '',
    street: '1 Journey Road',
    city: 'Springfield',
    region: '',
    postcode: '12345',
    country_id: 'US',
    telephone: '555-0100',
    created_at: now(),
    updated_at: now(),
    updated_by_admin_id: null,
  });
  await customersRepo.update(db, id, { default_billing_id: addressId, default_shipping_id: addressId });
  return { id, email, password: PASSWORD, firstName, lastName };
}

/** Saves a setting at default scope directly, as `config:set` would. */
export async function setConfig(path: string, value: string) {
  const { db } = await e2eDb();
  const { sql } = await import('kysely');
  const { bumpVersion } = await import('../src/db/versioned-cache.ts');
  await sql`insert into config_values (path, scope, scope_id, value, updated_at) values (${path}, 'default', 0, ${value}, ${now()})
    on conflict (path, scope, scope_id) do update set value = excluded.value, updated_at = excluded.updated_at`.execute(db);
  await bumpVersion(db, 'config');
}

/** Signs a customer in through the storefront form. */
export async function customerSignIn(page: Page, email: string, password = PASSWORD, prefix = '') {
  await page.goto(`${prefix}/customer/account/login`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign In' }).click();
  await expect(page.getByRole('heading', { name: 'My Account' })).toBeVisible();
}

/** An order of a customer with one invoice, one shipment and one credit memo, written directly (ids returned). */
export async function createOrderWithDocuments(customer: TestCustomer, product: TestProduct) {
  const { db } = await e2eDb();
  const stamp = now();
  const number = String(Date.now()).slice(-9);
  const order = await db
    .insertInto('orders')
    .values({
      increment_id: `E${number}`,
      store_view_id: 1,
      website_id: 1,
      customer_id: customer.id,
      customer_email: customer.email,
      customer_firstname: customer.firstName,
      customer_lastname: customer.lastName,
      customer_group_id: 1,
      state: 'closed',
      status: 'closed',
      hold_before_state: null,
      hold_before_status: null,
      subtotal: product.price,
      shipping_amount: 500,
      grand_total: product.price + 500,
      total_invoiced: product.price + 500,
      total_refunded: product.price + 500,
      shipping_method: 'flatrate_flatrate',
      shipping_description: 'Flat Rate - Fixed',
      payment_method: 'checkmo',
      cart_id: null,
      placed_by_admin_id: null,
      created_at: stamp,
      updated_at: stamp,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const item = await db
    .insertInto('order_items')
    .values({
      order_id: order.id,
      product_id: product.id,
      sku: product.sku,
      name: product.name,
      price: product.price,
      qty_ordered: 1,
      qty_invoiced: 1,
      qty_shipped: 1,
      qty_refunded: 1,
      qty_canceled: 0,
      row_total: product.price,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ids: Record<'invoices' | 'shipments' | 'credit_memos', number> = { invoices: 0, shipments: 0, credit_memos: 0 };
  for (const kind of ['invoices', 'shipments', 'credit_memos'] as const) {
    const doc = await db
      .insertInto(kind)
      .values({
        increment_id: `${kind[0]!.toUpperCase()}${number}`,
        order_id: order.id,
        store_view_id: 1,
        state: 'done',
        subtotal: product.price,
        shipping_amount: 500,
        adjustment_positive: 0,
        adjustment_negative: 0,
        grand_total: product.price + 500,
        total_qty: 1,
        admin_id: null,
        created_at: stamp,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const items = kind === 'invoices' ? 'invoice_items' : kind === 'shipments' ? 'shipment_items' : 'credit_memo_items';
    await db.insertInto(items).values({ parent_id: doc.id, order_item_id: item.id, qty: 1, row_total: product.price, back_to_stock: 0 }).execute();
    ids[kind] = doc.id;
  }
  return { orderId: order.id, invoiceId: ids.invoices, shipmentId: ids.shipments, creditMemoId: ids.credit_memos };
}
