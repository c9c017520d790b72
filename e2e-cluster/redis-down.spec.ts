import { expect, test, type Page } from '@playwright/test';

// Run by scripts/test-cluster.mjs after it has stopped the cluster's Redis: the store keeps answering on both
// processes (page cache bypassed or local, limits skipped, invalidation through the database's version stamps).
const ADMIN_PASSWORD = process.env.CLUSTER_ADMIN_PASSWORD!;
const CUSTOMER_ID = process.env.CLUSTER_SECOND_CUSTOMER_ID!;

async function adminSignIn(page: Page) {
  await page.goto('/admin/login');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
}

test('with Redis stopped, every page still answers and a configuration change reaches both processes', async ({ page, request }) => {
  for (let i = 0; i < 6; i++) {
    const res = await request.get('/');
    expect(res.status()).toBe(200);
  }
  const ready = await request.get('/health/ready');
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ status: 'degraded', database: 'ok', redis: 'down' });

  await adminSignIn(page);
  // Turn "Require a reason" on; within CACHE_CHECK_MS every process sees it through the database.
  await page.goto('/admin/stores/config/edit/section/login_as_customer');
  await page.locator('input[name="inherit[login_as_customer/security/require_reason]"]').uncheck();
  await page.getByLabel('Require a reason').selectOption({ label: 'Yes' });
  await page.getByRole('button', { name: 'Save Config' }).click();
  await expect(page.getByText('You saved the configuration.')).toBeVisible();
  await page.waitForTimeout(1500);
  for (let i = 0; i < 4; i++) {
    await page.goto(`/admin/customers/${CUSTOMER_ID}/edit`);
    await page.locator('[data-role$=actions]').getByRole('link', { name: 'Login as Customer' }).click();
    await expect(page.getByRole('dialog').locator('input[name=reason]')).toHaveAttribute('required', '');
  }
});
