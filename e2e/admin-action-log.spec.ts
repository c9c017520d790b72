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

test('"Sign checkpoint now" signs the chain head and the report shows the verified checkpoint', async ({ page }) => {
  const auditor = await createAdmin(['system', 'system.action_logs', 'system.action_logs.report']);
  await loginDirectly(page, auditor);
  await page.goto('/admin/system/action-logs');
  await page.getByRole('button', { name: 'Sign checkpoint now' }).click();
  await expect(page.getByRole('heading', { name: 'Admin Actions Report' })).toBeVisible();
  // The interval job of the server may have signed the same head a moment earlier.
  await expect(page.locator('.messages')).toContainText(/You signed a checkpoint of the log chain at entry #\d+\.|already covers the newest entry/);
  const status = page.locator('[data-role="checkpoint-status"]');
  await expect(status).toContainText(/Last checkpoint: .+ UTC, entry #\d+, key [0-9a-f]{32}\. Signature verified: Yes\./);
  await expect(page.locator('[data-role="chain-status"]')).toContainText('Log chain intact');
});
