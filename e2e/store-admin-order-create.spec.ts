import { type AxeRecord, axeCheck, expectNoBlocking } from './axe.ts';
import { createAdmin, createCustomer, createProduct, customerSignIn, e2eDb, expect, loginDirectly, test, uniq } from './fixtures.ts';

test('an admin creates an order for a customer from the customer page, and the customer sees it in My Orders', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const kit = uniq('Kit ');
  const lamp = await createProduct({ price: 3000, qty: 20, name: `${kit} Lamp` });
  const mug = await createProduct({ price: 1200, qty: 20, name: `${kit} Mug` });
  const customer = await createCustomer({ firstName: 'Petra', lastName: uniq('Phoned') });
  const admin = await createAdmin('all');
  await loginDirectly(page, admin);

  // The customer edit page's "Create Order"; the Main Website has two store views, so one is chosen first.
  await page.goto(`/admin/customers/${customer.id}/edit`);
  await page.getByRole('button', { name: 'Create Order' }).click();
  await expect(page.getByText('Please select a store')).toBeVisible();
  await page.getByRole('radio', { name: 'Default Store View' }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: `Create New Order for ${customer.firstName} ${customer.lastName} in Default Store View` })).toBeVisible();

  // Add Products: search, tick both, two lamps.
  await page.getByLabel('Search by name or SKU').fill(kit);
  await page.locator('[data-role=product-search]').click();
  await page.getByRole('checkbox', { name: `Select ${lamp.name}` }).check();
  await page.getByRole('checkbox', { name: `Select ${mug.name}` }).check();
  await page.getByRole('spinbutton', { name: `Qty of ${lamp.name}` }).fill('2');
  await page.getByRole('button', { name: 'Add Selected Product(s) to Order' }).click();
  await expect(page.getByText('You added 2 products to the order.')).toBeVisible();
  await expect(page.locator('[data-role=quote-line]')).toHaveCount(2);

  // The saved address, Flat Rate (3 items × $5.00) and Check / Money order; the totals follow the method.
  await page.getByRole('radio', { name: /1 Journey Road/ }).check();
  await page.getByRole('radio', { name: /Flat Rate/ }).check();
  await page.getByRole('radio', { name: 'Check / Money order' }).check();
  await page.getByRole('button', { name: 'Get shipping methods and rates' }).click();
  await expect(page.locator('[data-role=subtotal]')).toHaveText('$72.00');
  await expect(page.locator('[data-role=grand-total]')).toHaveText('$87.00');
  await page.getByLabel('Order Comment').fill('Ordered by phone');
  await page.locator('[data-role=submit-order]').click();

  // The new order's view.
  await expect(page.getByText('You created the order.')).toBeVisible();
  const heading = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
  const number = heading.replace(/^#\s*/, '');
  expect(number).toMatch(/^\d{9}$/);
  await expect(page.locator('.order-status')).toHaveText('Pending');

  const { db } = await e2eDb();
  const order = await db
    .selectFrom('orders')
    .select(['grand_total', 'placed_by_admin_id', 'customer_id'])
    .where('increment_id', '=', number)
    .executeTakeFirstOrThrow();
  expect(order).toEqual({ grand_total: 8700, placed_by_admin_id: admin.id, customer_id: customer.id });
  const stock = await db.selectFrom('products').select('qty').where('id', 'in', [lamp.id, mug.id]).orderBy('id').execute();
  expect(stock.map((s) => s.qty)).toEqual([18, 19]);

  // The customer sees it in My Orders.
  const shopper = await browser.newContext();
  const shop = await shopper.newPage();
  await customerSignIn(shop, customer.email);
  await shop.goto('/sales/order/history');
  await expect(shop.getByText(number)).toBeVisible();
  await shopper.close();
});

test('the Create New Order pages pass axe-core and fit 375 px and 1366 px screens', async ({ page }) => {
  test.setTimeout(90_000);
  const product = await createProduct({ price: 1500, name: uniq('Fit Lamp ') });
  const customer = await createCustomer({ firstName: 'Nina', lastName: uniq('Narrow') });
  const admin = await createAdmin('all');
  await loginDirectly(page, admin);
  const records: AxeRecord[] = [];
  await page.goto(`/admin/sales/order_create?email=${encodeURIComponent(customer.email)}`);
  records.push(await axeCheck(page, 'Please select a customer'));
  await page.getByRole('button', { name: `Select ${customer.firstName} ${customer.lastName}` }).click();
  records.push(await axeCheck(page, 'Please select a store'));
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Search by name or SKU').fill(product.sku);
  await page.locator('[data-role=product-search]').click();
  await page.getByRole('checkbox', { name: `Select ${product.name}` }).check();
  await page.getByRole('button', { name: 'Add Selected Product(s) to Order' }).click();
  await expect(page.locator('[data-role=quote-line]')).toHaveCount(1);
  records.push(await axeCheck(page, 'Create New Order'));
  for (const width of [375, 1366]) {
    await page.setViewportSize({ width, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${width} px`).toBeLessThanOrEqual(width);
  }
  // A refused submit (no shipping method) shows why, on the page.
  await page.locator('[data-role=submit-order]').click();
  await expect(page.getByRole('alert')).toContainText('Please specify a shipping method.');
  records.push(await axeCheck(page, 'Create New Order (refused)'));
  await page.getByRole('link', { name: 'Cancel' }).click();
  records.push(await axeCheck(page, 'Cancel confirmation'));
  await page.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByText('You canceled the order quote.')).toBeVisible();
  expectNoBlocking('Create New Order pages under axe-core', records);
});
