import { sql } from 'kysely';
import type { App } from '../../app.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { catalogRepo } from '../../modules/catalog/repo.ts';
import { ROOT_CATEGORY_ID } from '../../modules/catalog/service.ts';
import { customersRepo } from '../../modules/customers/repo.ts';
import { LAC_DISABLE_PAGE_CACHE, LAC_ENABLED, LAC_REQUIRE_REASON, LAC_STORE_VIEW_MANUAL } from '../../modules/login-as-customer/settings.ts';
import { Agent } from '../agent.ts';
import { createAdmin, createRole, systemRc, TEST_PASSWORD, unique } from '../fixtures.ts';
import { createCustomer, createProduct, placeOrder, signInCustomer } from '../store-fixtures.ts';

/**
 * A small store with one real row behind every path parameter a route can take, and the browsers that use it:
 * an admin with every resource, a signed-in customer with an order, a cart and a wish list, and an assisted
 * (Login as Customer) browser. Shared by the CSRF sweep and the fuzzing suite.
 */
export interface StoreWorld {
  admin: Agent;
  adminId: number;
  customer: Agent;
  customerId: number;
  customerEmail: string;
  assisted: Agent;
  assistedCustomerId: number;
  /** Values for each path parameter name, per route (`:id` means different things on different routes). */
  params: (routeUrl: string) => Record<string, string>;
  ids: {
    productId: number;
    productKey: string;
    categoryId: number;
    categoryKey: string;
    orderId: number;
    customerAddressId: number;
    groupId: number;
    websiteId: number;
    storeId: number;
    viewId: number;
    otherAdminId: number;
    otherRoleId: number;
    cartItemId: number;
    wishlistItemId: number;
  };
}

function must<T>(r: { ok: true; value: T } | { ok: false; messages: string[] }): T {
  if (!r.ok) throw new Error(r.messages.join('; '));
  return r.value;
}

export async function buildStoreWorld(app: App): Promise<StoreWorld> {
  const rc = await systemRc(app);
  const db = app.ctx.db;
  must(
    await app.ctx.services.config.save(rc, 'default', 0, [
      { path: LAC_ENABLED, value: '1' },
      { path: LAC_STORE_VIEW_MANUAL, value: '0' },
      { path: LAC_REQUIRE_REASON, value: '0' },
      { path: LAC_DISABLE_PAGE_CACHE, value: '1' },
    ]),
  );
  const now = isoUtc(app.ctx.clock.now());
  const categoryKey = unique('cat-').toLowerCase();
  const categoryId = await catalogRepo.insertCategory(db, {
    parent_id: ROOT_CATEGORY_ID,
    name: `Category ${categoryKey}`,
    url_key: categoryKey,
    created_at: now,
    updated_at: now,
  });
  const product = await createProduct(app, { qty: 1000 });
  await catalogRepo.replaceCategories(db, product.id, [categoryId]);
  app.ctx.services.catalog.invalidate(); // a category written without the service: the cached tree is read again
  const groupId = await customersRepo.insertGroup(db, unique('Group '), 2);

  const websiteCode = unique('w')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 20);
  const websiteId = must(
    await app.ctx.services.storesAdmin.saveWebsite(rc, undefined, { name: 'Spare Website', code: `w${websiteCode}`, sortOrder: 9, defaultStoreId: null }),
  ).id;
  const storeId = must(
    await app.ctx.services.storesAdmin.saveStore(rc, undefined, {
      websiteId,
      name: 'Spare Store',
      code: `s${websiteCode}`,
      rootCategoryId: null,
      defaultStoreViewId: null,
      sortOrder: 0,
    }),
  ).id;
  const viewId = must(
    await app.ctx.services.storesAdmin.saveView(rc, undefined, {
      storeId,
      name: 'Spare View',
      code: `v${websiteCode}`,
      isActive: false,
      sortOrder: 0,
      urlPath: `spare${websiteCode}`,
      host: '',
    }),
  ).id;

  const adminUser = await createAdmin(app, 'all');
  const admin = new Agent(app);
  await admin.signInAdmin(adminUser.username, TEST_PASSWORD);
  const other = await createAdmin(app, ['dashboard']);
  const otherRoleId = await createRole(app, ['dashboard']);

  const shopper = await createCustomer(app, { consent: true });
  const customer = new Agent(app);
  await signInCustomer(customer, shopper.email);
  const order = await placeOrder(app, customer, [{ productId: product.id, qty: 1 }]);
  const add = await customer.post('/checkout/cart/add', { product: String(product.id), qty: '2' });
  if (add.statusCode !== 303) throw new Error(`add to cart failed ${add.statusCode}`);
  const cartItem = await db
    .selectFrom('cart_items')
    .innerJoin('carts', 'carts.id', 'cart_items.cart_id')
    .select('cart_items.id')
    .where('carts.customer_id', '=', shopper.id)
    .where('carts.is_active', '=', 1)
    .executeTakeFirstOrThrow();
  await customer.post('/wishlist/index/add', { product: String(product.id) });
  const wish = await db.selectFrom('wishlist_items').select('id').where('customer_id', '=', shopper.id).executeTakeFirstOrThrow();

  // An open Create New Order quote of the shopper, opened by the admin through the real form.
  const opened = await admin.post('/admin/sales/order_create/start', { customer_id: String(shopper.id), store_id: '1' });
  const quoteId = Number(/\/order_create\/(\d+)$/.exec(String(opened.headers.location))?.[1]);
  if (!quoteId) throw new Error(`Create New Order did not open a quote (${opened.statusCode})`);

  const assistedCustomer = await createCustomer(app, { consent: true });
  const assisted = await assistedBrowser(app, assistedCustomer.id);

  const ids = {
    productId: product.id,
    productKey: product.urlKey,
    categoryId,
    categoryKey,
    orderId: order.id,
    customerAddressId: shopper.addressId,
    groupId,
    websiteId,
    storeId,
    viewId,
    otherAdminId: other.id,
    otherRoleId,
    cartItemId: cartItem.id,
    wishlistItemId: wish.id,
    quoteId,
  };
  const params = (url: string): Record<string, string> => {
    const id = url.includes('/sales/order_create/')
      ? ids.quoteId
      : url.includes('/catalog/products/')
        ? ids.productId
        : url.includes('/catalog/categories/')
          ? ids.categoryId
          : url.includes('/customers/groups/')
            ? ids.groupId
            : url.includes('/stores/all/website/')
              ? ids.websiteId
              : url.includes('/stores/all/store/')
                ? ids.storeId
                : url.includes('/stores/all/view/')
                  ? ids.viewId
                  : url.includes('/system/users/')
                    ? ids.otherAdminId
                    : url.includes('/system/roles/')
                      ? ids.otherRoleId
                      : url.includes('/customer/address/')
                        ? ids.customerAddressId
                        : url.includes('/action-logs/')
                          ? 1
                          : url.includes('/sales/invoices/') || url.includes('/sales/shipments/') || url.includes('/sales/creditmemos/')
                            ? 1
                            : url.startsWith('/admin/customers/') || url.startsWith('/admin/loginascustomer/') || url.startsWith('/rest/V1/customers/')
                              ? shopper.id
                              : ids.orderId;
    return { id: String(id), addressId: String(ids.customerAddressId), key: url.startsWith('/category/') ? categoryKey : product.urlKey, section: 'catalog' };
  };
  return {
    admin,
    adminId: adminUser.id,
    customer,
    customerId: shopper.id,
    customerEmail: shopper.email,
    assisted,
    assistedCustomerId: assistedCustomer.id,
    params,
    ids,
  };
}

/** A browser in an assisted session: an admin clicks Login as Customer and redeems the handoff in the same browser. */
export async function assistedBrowser(app: App, customerId: number): Promise<Agent> {
  const staff = await createAdmin(app, [
    'customers',
    'customers.all',
    'customers.login_as_customer',
    'customers.login_as_customer.allow',
    'customers.login_as_customer.full_access',
  ]);
  const browser = new Agent(app);
  await browser.signInAdmin(staff.username, TEST_PASSWORD);
  const start = await browser.post('/admin/loginascustomer/login', { customer_id: String(customerId) });
  const token = /name="token" value="([^"]+)"/.exec(start.body)?.[1];
  const action = /action="([^"]*\/loginascustomer\/login\/redeem)"/.exec(start.body)?.[1];
  if (!token || !action) throw new Error(`Login as Customer did not start (${start.statusCode}): ${start.body.slice(0, 500)}`);
  const redeem = await browser.post(action, { token });
  if (redeem.statusCode !== 303 || !(await browser.get('/customer/account')).body.includes('lac-banner'))
    throw new Error(`redeem failed (${redeem.statusCode})`);
  return browser;
}

/** The URL of a route with its path parameters filled in. */
export const concreteUrl = (url: string, values: Record<string, string>) => url.replace(/:(\w+)/g, (_, name: string) => urlEncode(values[name] ?? '1'));

/** Percent-encoding that also takes lone surrogates, sent as the invalid UTF-8 a hostile client would send. */
export function urlEncode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s
      .split(/([\uD800-\uDFFF])/)
      .map((part) => (/^[\uD800-\uDFFF]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
      .join('');
  }
}

const decodeEntities = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

export interface HarvestedForm {
  action: string;
  /** What a browser would submit as the form stands (hidden values, text values, checked boxes, selected options). */
  fields: [string, string][];
  /** Every field name the form has, submitted or not. */
  names: string[];
}

/** The POST forms of a page, read from its HTML the way a browser would submit them. */
export function harvestForms(html: string): HarvestedForm[] {
  const forms: HarvestedForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = m[1]!;
    if (!/method="post"/i.test(attrs)) continue;
    const action = decodeEntities(/action="([^"]*)"/.exec(attrs)?.[1] ?? '');
    const fields: [string, string][] = [];
    const names = new Set<string>();
    const body = m[2]!;
    for (const el of body.matchAll(/<(input)\b([^>]*)>()|<(textarea|select)\b([^>]*)>([\s\S]*?)<\/(?:textarea|select)>/g)) {
      const tag = el[1] ?? el[4];
      const a = el[2] ?? el[5];
      const inner = el[6];
      const name = /\bname="([^"]+)"/.exec(a!)?.[1];
      if (!name) continue;
      const n = decodeEntities(name);
      names.add(n);
      const type = /\btype="([^"]+)"/.exec(a!)?.[1] ?? 'text';
      const value = decodeEntities(/\bvalue="([^"]*)"/.exec(a!)?.[1] ?? '');
      if (tag === 'input') {
        if ((type === 'checkbox' || type === 'radio') && !/\bchecked\b/.test(a!)) continue;
        if (type === 'submit' || type === 'button' || type === 'file') continue;
        fields.push([n, type === 'checkbox' && !/\bvalue=/.test(a!) ? 'on' : value]);
      } else if (tag === 'textarea') {
        fields.push([n, decodeEntities(inner ?? '')]);
      } else {
        const options = [...(inner ?? '').matchAll(/<option\b([^>]*)>/g)].map((o) => o[1]!).filter((o) => !/\bdisabled\b/.test(o));
        const chosen = options.filter((o) => /\bselected\b/.test(o));
        for (const o of chosen.length ? chosen : options.slice(0, /\bmultiple\b/.test(a!) ? 0 : 1))
          fields.push([n, decodeEntities(/\bvalue="([^"]*)"/.exec(o)?.[1] ?? '')]);
      }
    }
    forms.push({ action, fields, names: [...names] });
  }
  return forms;
}

/** The form a browser would submit to each POST route, read from every page (GET route) that renders one. */
export async function harvestRouteForms(app: App, world: StoreWorld): Promise<Map<string, HarvestedForm>> {
  const forms = new Map<string, HarvestedForm>();
  const anonymous = new Agent(app);
  const posts = app.routes.filter((r) => r.method === 'POST').map((r) => ({ url: r.url, match: routeMatcher(r.url) }));
  for (const route of app.routes.filter((r) => r.method === 'GET' && !r.url.startsWith('/static/'))) {
    const url = concreteUrl(route.url, world.params(route.url));
    const browsers = url.startsWith('/admin') ? [world.admin] : [world.customer, world.assisted, anonymous];
    for (const browser of browsers) {
      const res = await browser.get(url);
      if (res.statusCode !== 200) continue;
      for (const form of harvestForms(res.body)) {
        const target = posts.find((r) => r.match.test(form.action));
        if (target && !forms.has(target.url)) forms.set(target.url, form);
      }
    }
  }
  return forms;
}

/** Matches a concrete path to a route pattern such as /admin/customers/:id/save. */
export function routeMatcher(url: string): RegExp {
  return new RegExp(`^${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/?]+')}(?:\\?.*)?$`);
}

// ---------------------------------------------------------------------------------------------------------------
// Database snapshots

export interface TableInfo {
  name: string;
  columns: string[];
}

export async function tablesOf(app: App): Promise<TableInfo[]> {
  const tables = await app.ctx.db.introspection.getTables();
  // On PostgreSQL introspection lists every schema of the server: other test files' (and other runs') schemas too.
  const schema = app.ctx.dialect === 'sqlite' ? undefined : (await sql<{ s: string }>`select current_schema() as s`.execute(app.ctx.db)).rows[0]?.s;
  return tables
    .filter((t) => !t.isView && !t.name.startsWith('kysely_') && !t.name.startsWith('sqlite_'))
    .filter((t) => schema === undefined || t.schema === schema)
    .map((t) => ({ name: t.name, columns: t.columns.map((c) => c.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Columns that change on reads by design, and are left out of every comparison. */
export const VOLATILE_COLUMNS: Record<string, string[]> = {
  // A session slides its idle expiry when it is used (at most every 30 s): a refused request still "uses" it.
  sessions: ['last_seen_at', 'expires_at'],
};

/** Every row of every table (volatile columns left out), each table's rows sorted, as text for comparison. */
export async function fullSnapshot(app: App, tables: TableInfo[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const t of tables) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(t.name)}`.execute(app.ctx.db)).rows;
    const skip = VOLATILE_COLUMNS[t.name] ?? [];
    out.set(
      t.name,
      rows.map((r) => JSON.stringify(t.columns.filter((c) => !skip.includes(c)).map((c) => (typeof r[c] === 'bigint' ? String(r[c]) : r[c])))).sort(),
    );
  }
  return out;
}

/** Tables whose rows differ between two snapshots, with a short description of how. */
export function snapshotDiff(before: Map<string, string[]>, after: Map<string, string[]>): string[] {
  const changes: string[] = [];
  for (const [table, rows] of after) {
    const old = before.get(table) ?? [];
    if (old.length === rows.length && old.every((r, i) => r === rows[i])) continue;
    const oldSet = new Set(old);
    const newSet = new Set(rows);
    const added = rows.filter((r) => !oldSet.has(r));
    const removed = old.filter((r) => !newSet.has(r));
    changes.push(
      `${table}: +${added.length} -${removed.length} ${[...added.slice(0, 1).map((r) => `+${r.slice(0, 300)}`), ...removed.slice(0, 1).map((r) => `-${r.slice(0, 300)}`)].join(' ')}`,
    );
  }
  return changes;
}

/**
 * A cheap fingerprint of the whole database in one query: per table the row count, the highest id and the
 * latest updated_at. With the test clock moved on before every request, any insert, delete or stamped update
 * shows; unstamped updates are caught by the full snapshots taken on a sample.
 */
export function cheapFingerprint(app: App, tables: TableInfo[], appendOnly: ReadonlySet<string> = new Set()): () => Promise<string> {
  const parts = tables.map((t) => {
    const maxId = t.columns.includes('id') ? sql`cast(max(id) as text)` : sql`''`;
    const maxUpdated = t.columns.includes('updated_at') ? sql`max(updated_at)` : sql`''`;
    // An append-only table (the audit log) grows with every request: its highest id (an index lookup) shows any
    // new row, where counting it would scan a table that keeps getting longer.
    const count = appendOnly.has(t.name) && t.columns.includes('id') ? sql`''` : sql`cast(count(*) as text)`;
    return sql`select ${sql.lit(t.name)} as t, ${count} as n, ${maxId} as m, ${maxUpdated} as u from ${sql.table(t.name)}`;
  });
  const query = sql.join(parts, sql` union all `);
  return async () => {
    const rows = (await sql<{ t: string; n: string; m: string | null; u: string | null }>`${query}`.execute(app.ctx.db)).rows;
    return rows
      .map((r) => `${r.t}:${r.n}:${r.m ?? ''}:${r.u ?? ''}`)
      .sort()
      .join('|');
  };
}

/** The error messages a page shows (form errors and field errors), for assertion messages and validation checks. */
export function shownErrors(html: string): string[] {
  return [...html.matchAll(/class="(?:message message-error|field-error-message)"[^>]*>([^<]*)</g)].map((m) => m[1]!.trim());
}
