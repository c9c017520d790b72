import { createAdmin, expect, loginDirectly, test, uniq } from './fixtures.ts';

test('an administrator adds a website, store and store view, and cannot delete the default view', async ({ page }) => {
  const admin = await createAdmin('all');
  await loginDirectly(page, admin);
  await page.goto('/admin/dashboard');
  await page.locator('.admin-menu').getByText('Stores', { exact: true }).click();
  await page.getByRole('link', { name: 'All Stores' }).click();

  const suffix = uniq('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(-6);
  await page.getByRole('link', { name: 'Create Website' }).click();
  await page.getByLabel('Name').fill(`Kiosk ${suffix}`);
  await page.getByLabel('Code').fill(`kiosk_${suffix}`);
  await page.getByRole('button', { name: 'Save Web Site' }).click();
  await expect(page.getByText('You saved the website.')).toBeVisible();

  await page.getByRole('link', { name: 'Create Store', exact: true }).click();
  await page.getByLabel('Web Site').selectOption({ label: `Kiosk ${suffix}` });
  await page.getByLabel('Name').fill(`Kiosk Store ${suffix}`);
  await page.getByLabel('Code').fill(`kiosk_store_${suffix}`);
  await page.getByRole('button', { name: 'Save Store' }).click();
  await expect(page.getByText('You saved the store.')).toBeVisible();

  await page.getByRole('link', { name: 'Create Store View' }).click();
  await page.getByLabel('Store', { exact: true }).selectOption({ label: `Kiosk Store ${suffix}` });
  await page.getByLabel('Name').fill(`Kiosk View ${suffix}`);
  await page.getByLabel('Code').fill(`kiosk_view_${suffix}`);
  await page.getByLabel('URL Path Prefix').fill(`kiosk-${suffix}`);
  await page.getByRole('button', { name: 'Save Store View' }).click();
  await expect(page.getByText('You saved the store view.')).toBeVisible();
  await expect(page.getByRole('link', { name: `Kiosk View ${suffix}` })).toBeVisible();

  await page.getByRole('link', { name: 'Default Store View' }).click();
  await page.getByRole('link', { name: 'Delete Store View' }).click();
  await page.getByRole('button', { name: 'Delete Store View' }).click();
  await expect(page.getByText('The default store view cannot be deleted.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Default Store View' })).toBeVisible();
});
