import { createAdmin, expect, signInWithForm, test } from './fixtures.ts';

// The server seeds the demo store: a month of orders and assisted sessions, so every figure and chart has data.
// Other journeys add orders at the same time, so figures are checked for shape, not for exact amounts.

test('an admin signs in, reads the figures and charts, changes the scope and opens an order from Last Orders', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1366, height: 900 });
  const admin = await createAdmin('all');
  await signInWithForm(page, admin.username, admin.password);
  await page.goto('/admin/dashboard');
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();

  const money = /^\$\d[\d,]*\.\d{2}$/;
  await expect(page.locator('[data-figure=lifetime-sales] dd')).toHaveText(money);
  await expect(page.locator('[data-figure=average-order] dd')).toHaveText(money);
  await expect(page.locator('[data-figure=orders] dd')).toHaveText(/^\d[\d,]*$/);
  const allSales = await page.locator('[data-figure=lifetime-sales] dd').innerText();

  // Four charts, each an image named by its title, with a bar per day (agents: one per agent) and a data table.
  for (const name of ['Orders per day, last 30 days', 'Revenue per day, last 30 days', 'Login as Customer sessions per day, last 30 days'])
    await expect(page.getByRole('img', { name: new RegExp(name) }).locator('rect.chart-bar')).toHaveCount(30);
  await expect(
    page
      .getByRole('img', { name: /sessions per admin user/ })
      .locator('rect.chart-bar')
      .first(),
  ).toBeVisible();
  await expect(page.getByRole('table', { name: 'Orders per day, last 30 days' })).toBeAttached();

  const lastOrders = page.locator('[data-section=last-orders] tbody tr');
  await expect(lastOrders).toHaveCount(5);
  await expect(page.locator('[data-section=bestsellers] tbody tr')).toHaveCount(5);
  await expect(page.locator('[data-section=new-customers] tbody tr')).toHaveCount(5);

  // Scope: the Second Store View only.
  await page.getByLabel('Scope:').selectOption({ label: 'Second Store View' });
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/\/admin\/dashboard\?store=\d+$/);
  await expect(page.getByLabel('Scope:')).toHaveValue(/^\d+$/);
  await expect(page.locator('[data-figure=lifetime-sales] dd')).not.toHaveText(allSales);

  // Back to all store views, and from Last Orders to the order.
  await page.getByLabel('Scope:').selectOption({ label: 'All Store Views' });
  await page.getByRole('button', { name: 'Apply' }).click();
  const first = lastOrders.first().getByRole('link');
  const number = (await first.innerText()).trim();
  await first.click();
  await expect(page.getByRole('heading', { name: `# ${number}` })).toBeVisible();
});

test('the Dashboard fits a 375 px screen without sideways scrolling', async ({ page }) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 375, height: 800 });
  const admin = await createAdmin(['dashboard']);
  await signInWithForm(page, admin.username, admin.password);
  await page.goto('/admin/dashboard');
  await expect(page.locator('[data-figure=lifetime-sales] dd')).toBeVisible();
  await expect(page.getByRole('img', { name: /Orders per day/ })).toBeVisible();
  // A chart keeps a readable size and scrolls inside its own box; the page itself does not.
  const box = await page.locator('figure[data-chart=chart-orders]').boundingBox();
  expect(box!.width).toBeLessThanOrEqual(375);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  // Without the order permission, Last Orders names orders without linking to a page that would refuse.
  await expect(page.locator('[data-section=last-orders] tbody a')).toHaveCount(0);
});
