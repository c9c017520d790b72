import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { createAdmin, e2eDb, expect, loginDirectly, setConfig, test, type TestAdmin } from '../e2e/fixtures.ts';

// Pictures of the key pages, compared with the committed baselines (a 2 % pixel tolerance absorbs the dates and
// times the demo data is stamped with). Serial on a fresh demo database: nothing else writes to it.
test.describe.configure({ mode: 'serial' });

const WIDTHS = [
  { name: '375', width: 375, height: 800 },
  { name: '1366', width: 1366, height: 900 },
] as const;
const DEMO_PASSWORD = 'Demo-pass-123';
/** The guide's own pictures (README and docs/admin-guide.md), written when PICTURES_DOCS=1. */
const DOCS = process.env.PICTURES_DOCS === '1' ? 'docs/images' : undefined;

async function picture(page: Page, name: string, docName?: string) {
  await page.evaluate(() => document.fonts.ready);
  await expect(page).toHaveScreenshot(`${name}.png`);
  if (DOCS && docName) {
    mkdirSync(DOCS, { recursive: true });
    await page.screenshot({ path: `${DOCS}/${docName}.png` });
  }
}

async function demoCategory() {
  const { db } = await e2eDb();
  const row = await db
    .selectFrom('categories as c')
    .innerJoin('product_categories as pc', 'pc.category_id', 'c.id')
    .select(['c.url_key', (eb) => eb.fn.countAll<number>().as('n')])
    .where('c.parent_id', 'is not', null)
    .groupBy('c.url_key')
    .orderBy('n', 'desc')
    .orderBy('c.url_key')
    .executeTakeFirstOrThrow();
  const product = await db
    .selectFrom('products as p')
    .innerJoin('product_images as i', 'i.product_id', 'p.id')
    .select(['p.url_key', 'p.name'])
    .where('p.status', '=', 1)
    .orderBy('p.id')
    .executeTakeFirstOrThrow();
  return { categoryKey: row.url_key, productKey: product.url_key, productName: product.name };
}

let merchant: TestAdmin;
test.beforeAll(async () => {
  await setConfig('login_as_customer/general/enabled', '1');
  merchant = await createAdmin('all', { username: 'merchant', firstName: 'Mia', lastName: 'Merchant' });
});

for (const w of WIDTHS) {
  test(`storefront at ${w.name} px: home, category, product, cart, checkout, account, Swedish store view`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: w.width, height: w.height } });
    const page = await context.newPage();
    const { categoryKey, productKey, productName } = await demoCategory();

    await page.goto('/');
    await picture(page, `storefront-home-${w.name}`);
    await page.goto(`/category/${categoryKey}`);
    await picture(page, `storefront-category-${w.name}`);
    await page.goto(`/product/${productKey}`);
    await expect(page.getByRole('heading', { name: productName })).toBeVisible();
    await picture(page, `storefront-product-${w.name}`);

    await page.getByRole('button', { name: 'Add to Cart' }).first().click();
    await page.goto('/checkout/cart');
    await expect(
      page
        .getByRole('link', { name: 'Proceed to Checkout' })
        .or(page.getByRole('button', { name: 'Proceed to Checkout' }))
        .first(),
    ).toBeVisible();
    await picture(page, `storefront-cart-${w.name}`);
    await page.goto('/checkout');
    await picture(page, `storefront-checkout-shipping-${w.name}`);
    await page.getByLabel('Email Address').fill('pictures.guest@example.com');
    await page.getByLabel('First Name').fill('Gail');
    await page.getByLabel('Last Name').fill('Guest');
    await page.getByLabel('Phone Number').fill('555-0150');
    await page.getByLabel('Street Address').fill('3 Picture Street');
    await page.getByLabel('City').fill('Albany');
    await page.getByLabel('Zip/Postal Code').fill('12207');
    await page.getByLabel(/Fixed — Flat Rate/).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.locator('.opc-progress-bar [aria-current=step]')).toHaveText('Review & Payments');
    await picture(page, `storefront-checkout-review-${w.name}`);
    await page.getByRole('button', { name: 'Place Order' }).click();
    await expect(page.getByRole('heading', { name: 'Thank you for your purchase!' })).toBeVisible();
    await picture(page, `storefront-checkout-success-${w.name}`);

    await page.goto('/customer/account/login');
    await page.getByLabel('Email', { exact: true }).fill('roni_cost@example.com');
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign In' }).click();
    await expect(page.getByRole('heading', { name: 'My Account' })).toBeVisible();
    await picture(page, `storefront-account-${w.name}`);
    await page.goto('/customer/account/edit');
    await picture(page, `storefront-account-information-${w.name}`, w.name === '1366' ? 'guide-permission' : undefined);

    const sv = await browser.newContext({ viewport: { width: w.width, height: w.height }, locale: 'sv-SE' });
    const svPage = await sv.newPage();
    await svPage.goto('/sv/');
    await expect(svPage.locator('html')).toHaveAttribute('lang', 'sv-SE');
    await picture(svPage, `storefront-sv-home-${w.name}`);
    await svPage.goto(`/sv/category/${categoryKey}`);
    await picture(svPage, `storefront-sv-category-${w.name}`);
    await sv.close();
    await context.close();
  });
}

async function adminPage(context: BrowserContext) {
  const page = await context.newPage();
  await loginDirectly(page, merchant);
  return page;
}

for (const w of WIDTHS) {
  test(`admin at ${w.name} px: sign-in, dashboard, grids, the guide's configuration and permission steps`, async ({ browser }) => {
    const anonymous = await browser.newContext({ viewport: { width: w.width, height: w.height } });
    const signIn = await anonymous.newPage();
    await signIn.goto('/admin/login');
    await picture(signIn, `admin-sign-in-${w.name}`);
    await anonymous.close();

    const context = await browser.newContext({ viewport: { width: w.width, height: w.height } });
    const page = await adminPage(context);
    await page.goto('/admin/dashboard');
    await picture(page, `admin-dashboard-${w.name}`);
    await page.goto('/admin/customers');
    await picture(page, `admin-customers-grid-${w.name}`);
    await page.goto('/admin/sales/orders');
    await picture(page, `admin-orders-grid-${w.name}`);
    await page.goto('/admin/stores/config/edit/section/login_as_customer');
    await picture(page, `admin-config-login-as-customer-${w.name}`, w.name === '1366' ? 'guide-configuration' : undefined);
    await page.goto('/admin/system/roles/new');
    await page.getByLabel('Resource Access').selectOption({ label: 'Custom' });
    const tree = page.locator('.resource-tree');
    await tree.getByLabel('Allow Login as Customer').check();
    await tree.getByLabel('View Login as Customer Log').check();
    await tree.getByLabel('Allow Login as Customer').scrollIntoViewIfNeeded();
    await picture(page, `admin-role-resources-${w.name}`, w.name === '1366' ? 'guide-role-resources' : undefined);
    await context.close();
  });
}

test('the guide at 1366 px: Login as Customer from the customer page, the banner, the Action Logs report', async ({ browser }) => {
  await setConfig('login_as_customer/general/store_view_manual_choice_enabled', '0');
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await adminPage(context);
  const { db } = await e2eDb();
  const veronica = await db
    .selectFrom('customers')
    .select('id')
    .where('email', '=', 'roni_cost@example.com')
    .where('website_id', '=', 1)
    .executeTakeFirstOrThrow();
  await page.goto(`/admin/customers/${veronica.id}/edit`);
  await picture(page, 'admin-customer-view-1366', 'guide-customer-page');
  await page.locator('[data-role$=actions]').getByRole('link', { name: 'Login as Customer' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('Actions taken while in "Login as Customer" will affect actual customer data.')).toBeVisible();
  await picture(page, 'admin-login-as-customer-dialog-1366', 'guide-confirmation');
  const [tab] = await Promise.all([context.waitForEvent('page'), dialog.getByRole('button', { name: 'Login as Customer' }).click()]);
  await tab.waitForURL(/\/customer\/account$/);
  await tab.setViewportSize({ width: 1366, height: 900 });
  await expect(tab.getByText('You are logged in as customer: Veronica Costello')).toBeVisible();
  await picture(tab, 'storefront-assisted-1366', 'guide-banner');
  await tab.getByRole('button', { name: 'Close Session' }).click();
  await expect(tab.getByRole('heading', { name: 'You are signed out' })).toBeVisible();

  await page.goto('/admin/system/action-logs');
  await page.getByLabel('Action Group').selectOption({ label: 'Login As Customer' });
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('table')).toContainText('Login As Customer');
  await picture(page, 'admin-action-log-filtered-1366', 'guide-action-log');
  await page.goto('/admin/customers/login-as-customer/log');
  await picture(page, 'admin-login-as-customer-log-1366');
  await context.close();
});
