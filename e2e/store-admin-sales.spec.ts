import { createAdmin, createCustomer, createProduct, customerSignIn, e2eDb, expect, loginDirectly, test, uniq } from './fixtures.ts';

test('an admin invoices, ships and refunds a customer order and sees its state change', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const product = await createProduct({ price: 3000, qty: 20, name: uniq('Flow Lamp ') });
  const customer = await createCustomer({ firstName: 'Olga', lastName: 'Orderer' });

  // The customer orders two lamps.
  const shopper = await browser.newContext();
  const shop = await shopper.newPage();
  await customerSignIn(shop, customer.email);
  await shop.goto(`/product/${product.urlKey}`);
  await shop.getByLabel('Qty').fill('2');
  await shop.getByRole('button', { name: 'Add to Cart' }).click();
  await shop.getByRole('link', { name: 'Proceed to Checkout' }).click();
  await shop.getByRole('button', { name: 'Next' }).click();
  await shop.getByRole('button', { name: 'Place Order' }).click();
  const number = (await shop.locator('.order-number').innerText()).trim();
  await shopper.close();

  const admin = await createAdmin('all');
  await loginDirectly(page, admin);
  const actions = page.locator('[data-role=document-actions]');
  await page.goto('/admin/dashboard');
  await page.locator('.admin-menu').getByText('Sales', { exact: true }).click();
  await page.getByRole('link', { name: 'Orders' }).click();
  await page.getByRole('textbox', { name: 'ID' }).fill(number);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('link', { name: number, exact: true }).click();
  await expect(page.getByRole('heading', { name: `# ${number}` })).toBeVisible();
  await expect(page.locator('.order-status')).toHaveText('Pending');

  // Partial invoice: one of two.
  await actions.getByRole('link', { name: 'Invoice', exact: true }).click();
  await page.getByRole('spinbutton', { name: /Qty to Invoice/ }).fill('1');
  await page.getByRole('button', { name: 'Submit Invoice' }).click();
  await expect(page.getByText('The invoice has been created.')).toBeVisible();
  await expect(page.locator('.order-status')).toHaveText('Processing');
  // The rest.
  await actions.getByRole('link', { name: 'Invoice', exact: true }).click();
  await page.getByRole('button', { name: 'Submit Invoice' }).click();
  await expect(page.locator('.total-paid')).toHaveText('$70.00');

  // Ship with a tracking number.
  await actions.getByRole('link', { name: 'Ship', exact: true }).click();
  await page.getByRole('textbox', { name: 'Tracking Number', exact: true }).fill('1Z999AA10123456784');
  await page.getByRole('button', { name: 'Submit Shipment' }).click();
  await expect(page.getByText('The shipment has been created.')).toBeVisible();
  await expect(page.locator('.order-status')).toHaveText('Complete');

  // Refund everything, returning the lamps to stock.
  await actions.getByRole('link', { name: 'Credit Memo', exact: true }).click();
  await page.getByLabel('Return to Stock').check();
  await page.getByLabel('Refund Shipping').fill('10.00');
  await page.getByRole('button', { name: 'Refund Offline' }).click();
  await expect(page.getByText('You created the credit memo.')).toBeVisible();
  await expect(page.locator('.order-status')).toHaveText('Closed');
  await expect(page.locator('.total-refunded')).toHaveText('$70.00');

  // The documents are listed and have their own pages with the toolbar.
  await page.getByRole('navigation', { name: 'Order View' }).getByRole('link', { name: 'Shipments' }).click();
  await page.getByRole('link', { name: 'View' }).click();
  await expect(page.locator('[data-role=document-actions]')).toBeVisible();
  await expect(page.getByText('1Z999AA10123456784')).toBeVisible();

  const { db } = await e2eDb();
  const stock = await db.selectFrom('products').select('qty').where('id', '=', product.id).executeTakeFirstOrThrow();
  expect(stock.qty).toBe(20);
  const logged = await db
    .selectFrom('action_log')
    .select('action')
    .where('action_group', '=', 'sales')
    .where('details', 'like', `%#${number})`)
    .orderBy('id')
    .execute();
  expect(logged.map((l) => l.action)).toEqual(['Invoice', 'Invoice', 'Ship', 'Credit Memo']);
});

test('an admin finds a customer, changes the group with a mass action and deletes after confirming', async ({ page }) => {
  const customer = await createCustomer({ firstName: 'Mass', lastName: uniq('Action') });
  const admin = await createAdmin('all');
  await loginDirectly(page, admin);
  await page.goto('/admin/customers');
  await page.getByRole('searchbox', { name: 'Search by keyword' }).fill(customer.email);
  await page.getByRole('button', { name: 'Search' }).first().click();
  const rows = page.locator('#customer_listing tbody tr');
  await expect(rows).toHaveCount(1);
  await rows.first().getByRole('checkbox').check();
  await page.getByLabel('Actions').selectOption({ label: 'Assign a Customer Group' });
  await page.locator('#customer-mass').getByLabel('Group').selectOption({ label: 'Wholesale' });
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByText('A total of 1 record(s) were updated.')).toBeVisible();

  await page.getByRole('link', { name: `${customer.firstName} ${customer.lastName}` }).click();
  await expect(page.locator('.customer-view')).toContainText('Wholesale');
  await page.getByRole('link', { name: 'Delete Customer' }).click();
  await expect(page.getByText(`Are you sure you want to delete the customer ${customer.email}?`)).toBeVisible();
  await page.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByText('A total of 1 record(s) were deleted.')).toBeVisible();
  const { db } = await e2eDb();
  expect(await db.selectFrom('customers').select('id').where('id', '=', customer.id).executeTakeFirst()).toBeUndefined();
});
