import { createAdmin, expect, loginDirectly, signInWithForm, test } from './fixtures.ts';

test('the Action Logs report filters by group and result, shows details, and exports', async ({ page, browser }) => {
  // Something to find: a failed and a successful sign-in of a fresh admin.
  const subject = await createAdmin(['dashboard']);
  const context = await browser.newContext();
  const other = await context.newPage();
  await signInWithForm(other, subject.username, 'definitely-wrong-1');
  await signInWithForm(other, subject.username, subject.password);
  await context.close();

  const auditor = await createAdmin(['system', 'system.action_logs', 'system.action_logs.report']);
  await loginDirectly(page, auditor);
  await page.goto('/admin/dashboard');
  await page.locator('.admin-menu').getByText('System', { exact: true }).click();
  await page.getByRole('link', { name: 'Report' }).click();
  await expect(page.getByRole('heading', { name: 'Admin Actions Report' })).toBeVisible();

  await page.getByLabel('Action Group').selectOption({ label: 'Admin Sign In' });
  await page.getByLabel('Result').selectOption({ label: 'Failure' });
  await page.getByLabel('Username').fill(subject.username);
  await page.getByRole('button', { name: 'Search' }).click();
  const rows = page.locator('#action-log-grid tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Failure');
  await expect(rows.first()).toContainText('Admin Sign In');

  await rows.first().getByRole('link', { name: 'View' }).click();
  await expect(page.getByRole('heading', { name: 'Full Details' })).toBeVisible();
  await expect(page.locator('pre.json')).toContainText(subject.username);
  await page.getByRole('link', { name: 'Back' }).click();

  await page.getByLabel('Username').fill(subject.username);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(rows).toHaveCount(2);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export to CSV' }).click();
  expect((await download).suggestedFilename()).toMatch(/^action-log-\d{4}-\d{2}-\d{2}\.csv$/);

  await page.getByRole('link', { name: 'Reset Filter' }).click();
  await expect(page.getByLabel('Username')).toHaveValue('');
  expect(await rows.count()).toBeGreaterThan(2);
});
