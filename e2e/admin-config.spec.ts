import { createAdmin, e2eDb, expect, loginDirectly, test } from './fixtures.ts';

test('the seed steps: enable Login as Customer in Stores > Settings > Configuration', async ({ page }) => {
  const admin = await createAdmin('all');
  await loginDirectly(page, admin);
  await page.goto('/admin/dashboard');
  await page.locator('.admin-menu').getByText('Stores', { exact: true }).click();
  await page.getByRole('link', { name: 'Configuration' }).click();
  const nav = page.locator('.config-nav');
  await expect(nav.getByText('CUSTOMERS')).toBeVisible();
  await nav.getByRole('link', { name: 'Login as Customer' }).click();
  await expect(page.getByText('Login as Customer Settings')).toBeVisible();
  const enable = page.getByLabel('Enable Login as Customer');
  await page.locator('input[name="inherit[login_as_customer/general/enabled]"]').uncheck();
  await enable.selectOption({ label: 'Yes' });
  await page.getByRole('button', { name: 'Save Config' }).click();
  await expect(page.getByText('You saved the configuration.')).toBeVisible();
  await expect(page.getByLabel('Enable Login as Customer')).toHaveValue('1');
  const { db } = await e2eDb();
  const row = await db
    .selectFrom('config_values')
    .select('value')
    .where('path', '=', 'login_as_customer/general/enabled')
    .where('scope', '=', 'default')
    .executeTakeFirst();
  expect(row?.value).toBe('1');
});

test('a value saved at website scope overrides the default there only', async ({ page }) => {
  const admin = await createAdmin('all');
  await loginDirectly(page, admin);
  await page.goto('/admin/stores/config/edit/section/login_as_customer');
  await page.getByLabel('Scope:').selectOption({ label: 'Second Website' });
  await page
    .getByRole('button', { name: 'Switch Scope' })
    .click()
    .catch(() => undefined);
  await expect(page).toHaveURL(/scope=websites-/);
  const title = page.getByLabel(/Title for Login as Customer opt-in checkbox/);
  await page.locator('input[name="inherit[login_as_customer/general/shopping_assistance_checkbox_title]"]').uncheck();
  await title.fill('Let the Second Website team help you');
  await page.getByRole('button', { name: 'Save Config' }).click();
  await expect(page.getByText('You saved the configuration.')).toBeVisible();
  await expect(page.getByLabel(/Title for Login as Customer opt-in checkbox/)).toHaveValue('Let the Second Website team help you');

  // Default scope keeps the default text.
  await page.getByLabel('Scope:').selectOption({ label: 'Default Config' });
  await page
    .getByRole('button', { name: 'Switch Scope' })
    .click()
    .catch(() => undefined);
  await expect(page.getByLabel(/Title for Login as Customer opt-in checkbox/)).toHaveValue('Allow remote shopping assistance');

  // The store view of that website inherits the website's value.
  await page.getByLabel('Scope:').selectOption({ label: 'Second Store View' });
  await page
    .getByRole('button', { name: 'Switch Scope' })
    .click()
    .catch(() => undefined);
  await expect(page.getByLabel(/Title for Login as Customer opt-in checkbox/)).toHaveValue('Let the Second Website team help you');
  await expect(page.getByLabel(/Title for Login as Customer opt-in checkbox/)).toBeDisabled();
});
