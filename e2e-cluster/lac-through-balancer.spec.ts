import { writeFileSync } from 'node:fs';
import { expect, test, type BrowserContext, type Page, type Response } from '@playwright/test';

// Every response says which process served it (HAProxy's X-Served-By); the journey counts how often two
// consecutive requests of one browser landed on different processes.
const served: string[] = [];
const watch = (page: Page) =>
  page.on('response', (r: Response) => {
    const by = r.headers()['x-served-by'];
    if (by && r.request().resourceType() === 'document') served.push(by);
  });
test.afterAll(() => {
  let changes = 0;
  for (let i = 1; i < served.length; i++) if (served[i] !== served[i - 1]) changes++;
  writeFileSync(
    process.env.CLUSTER_STATS ?? '../var/cluster/stats.json',
    JSON.stringify({ documents: served.length, changedProcess: changes, processes: [...new Set(served)] }),
  );
});

const ADMIN_PASSWORD = process.env.CLUSTER_ADMIN_PASSWORD!;
const CUSTOMER_ID = process.env.CLUSTER_CUSTOMER_ID!;
const CUSTOMER_EMAIL = process.env.CLUSTER_CUSTOMER_EMAIL!;
const DEMO_PASSWORD = 'Demo-pass-123';

async function adminSignIn(page: Page) {
  await page.goto('/admin/login');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
}

async function loginAsCustomer(page: Page, context: BrowserContext): Promise<Page> {
  await page.goto(`/admin/customers/${CUSTOMER_ID}/edit`);
  await page.locator('[data-role$=actions]').getByRole('link', { name: 'Login as Customer' }).click();
  const dialog = page.getByRole('dialog');
  const [tab] = await Promise.all([context.waitForEvent('page'), dialog.getByRole('button', { name: 'Login as Customer' }).click()]);
  watch(tab);
  await tab.waitForURL(/\/customer\/account$/);
  await expect(tab.locator('[data-role=lac-banner]')).toBeVisible();
  return tab;
}

test('Login as Customer through the load balancer: start, assisted actions, Close Session, ended by sign-out and by revoked consent', async ({
  page,
  context,
  browser,
}) => {
  watch(page);
  await adminSignIn(page);

  // A configuration change is seen by every process at once: enable the feature, then the button is there on
  // whichever process answers next.
  await page.goto('/admin/stores/config/edit/section/login_as_customer');
  await page.locator('input[name="inherit[login_as_customer/general/enabled]"]').uncheck();
  await page.getByLabel('Enable Login as Customer').selectOption({ label: 'Yes' });
  await page.getByRole('button', { name: 'Save Config' }).click();
  await expect(page.getByText('You saved the configuration.')).toBeVisible();
  for (let i = 0; i < 4; i++) {
    await page.goto(`/admin/customers/${CUSTOMER_ID}/edit`);
    await expect(page.locator('[data-role$=actions]').getByRole('link', { name: 'Login as Customer' })).toBeVisible();
  }

  // Start, assisted actions, Close Session.
  let tab = await loginAsCustomer(page, context);
  await tab.goto('/');
  await tab.locator('.product-item a').first().click();
  await tab.getByRole('button', { name: 'Add to Cart' }).click();
  await expect(tab.getByText(/You added .* to your shopping cart/)).toBeVisible();
  await tab.goto('/customer/account');
  await expect(tab.locator('[data-role=lac-banner]')).toBeVisible();
  await tab.getByRole('button', { name: 'Close Session' }).click();
  await expect(tab.getByRole('heading', { name: 'You are signed out' })).toBeVisible();

  // Signing out of the admin panel ends the next assisted session, whichever process serves the tab.
  tab = await loginAsCustomer(page, context);
  await page.getByRole('button', { name: 'Sign Out' }).click();
  await expect(page.getByText('You have logged out.')).toBeVisible();
  for (let i = 0; i < 2; i++) {
    await tab.reload();
    await expect(tab.locator('[data-role=lac-banner]')).toHaveCount(0);
  }

  // The customer revoking consent in their own browser ends the session too.
  await adminSignIn(page);
  tab = await loginAsCustomer(page, context);
  const own = await browser.newContext();
  const shop = await own.newPage();
  watch(shop);
  await shop.goto('/customer/account/login');
  await shop.getByLabel('Email', { exact: true }).fill(CUSTOMER_EMAIL);
  await shop.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await shop.getByRole('button', { name: 'Sign In' }).click();
  await shop.getByRole('link', { name: 'Account Information' }).click();
  await shop.getByLabel('Allow remote shopping assistance').uncheck();
  await shop.getByRole('button', { name: 'Save' }).click();
  await expect(shop.getByText('You saved the account information.')).toBeVisible();
  for (let i = 0; i < 2; i++) {
    await tab.reload();
    await expect(tab.locator('[data-role=lac-banner]')).toHaveCount(0);
  }
  await own.close();
});
