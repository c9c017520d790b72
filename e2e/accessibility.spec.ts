import { execFileSync } from 'node:child_process';
import { type AxeRecord, axeCheck, expectNoBlocking } from './axe.ts';
import {
  createAdmin,
  createCustomer,
  createOrderWithDocuments,
  createProduct,
  customerSignIn,
  e2eDb,
  expect,
  loginDirectly,
  setConfig,
  test,
  uniq,
} from './fixtures.ts';

/** The routes catalogue, from the modules' declarations (see e2e/route-catalogue.ts). */
interface Catalogue {
  admin: { path: string; resource: string }[];
  storefront: { path: string; access: string }[];
  sections: string[];
}
const catalogue = (): Catalogue => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'e2e/route-catalogue.ts'], { encoding: 'utf8' }));

/** Pages that are not HTML (downloads, the live notice's JSON and event stream) or need a one-time token from an e-mail. */
// The live checkout totals are a fragment of the Shipping step (checked there), not a page.
const NOT_PAGES = [/\/export\//, /createPassword$/, /^\/customer\/assistance\//, /^\/checkout\/totals$/];

async function world() {
  await setConfig('login_as_customer/general/enabled', '1');
  const product = await createProduct({ name: uniq('Axe Lamp ') });
  const customer = await createCustomer({ consent: true });
  const docs = await createOrderWithDocuments(customer, product);
  const admin = await createAdmin('all');
  const { db } = await e2eDb();
  const category = await db.selectFrom('categories').select(['id', 'url_key']).where('parent_id', 'is not', null).orderBy('id').executeTakeFirstOrThrow();
  await db.insertInto('product_categories').values({ product_id: product.id, category_id: category.id }).execute();
  const address = await db.selectFrom('customer_addresses').select('id').where('customer_id', '=', customer.id).executeTakeFirstOrThrow();
  const log = await db.selectFrom('action_log').select('id').orderBy('id', 'desc').executeTakeFirst();
  // The demo's tax rates and rules (SE-25 and "Moms 25 %" first).
  const taxRate = await db.selectFrom('tax_rates').select('id').orderBy('id').executeTakeFirstOrThrow();
  const taxRule = await db.selectFrom('tax_rules').select('id').orderBy('id').executeTakeFirstOrThrow();
  // An open Create New Order quote with one line, for the create page and its Cancel confirmation.
  const at = new Date().toISOString();
  const quote = await db
    .insertInto('carts')
    .values({
      customer_id: customer.id,
      website_id: 1,
      store_view_id: 1,
      is_active: 1,
      quote_admin_id: admin.id,
      quote_state: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('cart_items')
    .values({ cart_id: quote.id, product_id: product.id, qty: 1, added_by_admin_id: admin.id, created_at: at, updated_at: at })
    .execute();
  // A protected customer: its "Request Approval to Login as Customer" page.
  const guarded = await createCustomer({ consent: true });
  await db.updateTable('customers').set({ protected_reason: 'vip' }).where('id', '=', guarded.id).execute();
  return {
    product,
    customer,
    docs,
    admin,
    category,
    addressId: address.id,
    logId: log?.id ?? 1,
    taxRateId: taxRate.id,
    taxRuleId: taxRule.id,
    quoteId: quote.id,
    protectedId: guarded.id,
  };
}
type World = Awaited<ReturnType<typeof world>>;

/** A catalogue path with its parameters filled from the world (undefined when one cannot be). */
function concreteAdmin(path: string, w: World, section: string): string | undefined {
  const ids: [RegExp, number | string][] = [
    [/^\/sales\/orders\/:id/, w.docs.orderId],
    [/^\/sales\/invoices\/:id/, w.docs.invoiceId],
    [/^\/sales\/shipments\/:id/, w.docs.shipmentId],
    [/^\/sales\/creditmemos\/:id/, w.docs.creditMemoId],
    [/^\/catalog\/products\/:id/, w.product.id],
    [/^\/catalog\/categories\/:id/, w.category.id],
    [/^\/customers\/groups\/:id/, 1],
    [/^\/customers\/:id/, w.customer.id],
    [/^\/stores\/all\/(website|store|view)\/:id/, 1],
    [/^\/system\/users\/:id/, w.admin.id],
    [/^\/system\/roles\/:id/, w.admin.roleId],
    [/^\/loginascustomer\/confirm\/:id/, w.customer.id],
    [/^\/loginascustomer\/approval\/:id/, w.protectedId],
    [/^\/system\/action-logs\/:id/, w.logId],
    [/^\/tax\/rates\/:id/, w.taxRateId],
    [/^\/tax\/rules\/:id/, w.taxRuleId],
    [/^\/sales\/order_create\/:id/, w.quoteId],
  ];
  let out = path.replace(':section', section).replace(':addressId', String(w.addressId));
  if (out.includes(':id')) {
    const hit = ids.find(([re]) => re.test(out));
    if (!hit) return undefined;
    out = out.replace(':id', String(hit[1]));
  }
  return `/admin${out}`;
}

function concreteStorefront(path: string, w: World): string | undefined {
  const filled = path
    .replace('/category/:key', `/category/${w.category.url_key}`)
    .replace('/product/:key', `/product/${w.product.urlKey}`)
    .replace('/customer/address/edit/:id', `/customer/address/edit/${w.addressId}`)
    .replace('/sales/order/view/:id', `/sales/order/view/${w.docs.orderId}`);
  if (filled.includes(':')) return undefined;
  return filled === '/catalogsearch/result' ? `${filled}?q=${encodeURIComponent(w.product.name)}` : filled;
}

async function visit(page: import('@playwright/test').Page, url: string, records: AxeRecord[]) {
  const res = await page.goto(url);
  expect(res?.status() ?? 0, url).toBeLessThan(500);
  const record = await axeCheck(page, url);
  records.push(record);
  // Progress as it goes: a slow machine still shows what was checked.
  console.log(`axe ${url} ${JSON.stringify(record.counts)}${record.blocking.length ? `\n  ${record.blocking.join('\n  ')}` : ''}`);
}

test('every storefront page has no serious or critical accessibility violation', async ({ page }) => {
  test.setTimeout(900_000);
  const w = await world();
  const routes = catalogue().storefront.filter((r) => !NOT_PAGES.some((re) => re.test(r.path)));
  const records: AxeRecord[] = [];
  // As a guest: the public pages, with something in the cart for the cart and checkout pages.
  await page.goto(`/product/${w.product.urlKey}`);
  await page.getByRole('button', { name: 'Add to Cart' }).click();
  // The Shipping step done, so Review & Payments is a page of its own.
  await page.goto('/checkout');
  await page.getByLabel('Email Address').fill(`axe-${Date.now()}@example.com`);
  await page.getByLabel('First Name').fill('Axe');
  await page.getByLabel('Last Name').fill('Checker');
  await page.getByLabel('Phone Number').fill('555-0160');
  await page.getByLabel('Street Address').fill('1 Audit Street');
  await page.getByLabel('City').fill('Albany');
  await page.getByLabel('Zip/Postal Code').fill('12207');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.locator('.opc-block-shipping-information')).toBeVisible();
  for (const r of routes.filter((x) => x.access === 'public')) {
    const url = concreteStorefront(r.path, w);
    if (url) await visit(page, url, records);
  }
  // Signed in: My Account and the other customer pages.
  await customerSignIn(page, w.customer.email);
  for (const r of routes.filter((x) => x.access === 'customer')) {
    const url = concreteStorefront(r.path, w);
    if (url) await visit(page, url, records);
  }
  expect(records.length).toBeGreaterThan(15);
  expectNoBlocking('Storefront pages under axe-core (violated rules by impact)', records);
});

test('every admin page of the routes catalogue has no serious or critical accessibility violation', async ({ page }) => {
  test.setTimeout(1_200_000);
  const w = await world();
  const { admin, sections } = catalogue();
  await loginDirectly(page, w.admin);
  const records: AxeRecord[] = [];
  const skipped: string[] = [];
  const urls = admin
    .filter((r) => !NOT_PAGES.some((re) => re.test(r.path)))
    .flatMap((r) =>
      (r.path.includes(':section') ? sections.map((s) => concreteAdmin(r.path, w, s)) : [concreteAdmin(r.path, w, sections[0]!)]).map(
        (u) => [r.path, u] as const,
      ),
    );
  for (const [path, url] of urls) {
    if (url) await visit(page, url, records);
    else skipped.push(path);
  }
  // The column chooser, opened from a grid's Columns link.
  await visit(page, '/admin/catalog/products?columns=choose', records);
  // The sign-in page, seen without a session.
  await page.context().clearCookies();
  await visit(page, '/admin/login', records);
  expect(skipped).toEqual([]);
  expectNoBlocking('Admin pages under axe-core (violated rules by impact)', records);
});

test('the Action Logs report fits a 1366 px screen, filters readable and the URL clean', async ({ page }) => {
  const admin = await createAdmin('all');
  await loginDirectly(page, admin);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/admin/system/action-logs');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
  const group = page.getByRole('combobox', { name: 'Action Group' });
  await group.selectOption({ label: 'Admin Sign In' });
  // The select shows the whole option it holds (not cut to "Login").
  expect(await group.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
  await page.getByRole('link', { name: '50 per page' }).click();
  await page.getByRole('button', { name: 'Search' }).click();
  const url = new URL(page.url());
  expect(url.searchParams.getAll('limit')).toEqual(['50']);
  expect(url.search).not.toContain('limit=&');
  await expect(page.locator('.pager-summary')).toContainText('records found');
});
