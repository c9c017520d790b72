import { createAdmin, createCustomer, createProduct, e2eDb, expect, loginDirectly, PASSWORD, test, uniq } from './fixtures.ts';

// Intl separates thousands and "kr" with no-break spaces.
const kr = (amount: string) => new RegExp(`${amount.replace(' ', '\\s')}\\s*kr`);

test('an admin adds a tax rate and rule; a shopper on /sv sees prices incl. moms and the moms on cart, checkout, success and order; the admin sees it on order and invoice', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  // A product tax class of its own, so only the rule made here applies to the product (the demo's rules name the others).
  const { db } = await e2eDb();
  const className = uniq('Journey Goods ');
  const taxClass = await db.insertInto('tax_classes').values({ class_name: className, class_type: 'PRODUCT' }).returning('id').executeTakeFirstOrThrow();
  const product = await createProduct({ price: 12_500, name: uniq('Moms Mug ') });
  await db.updateTable('products').set({ tax_class_id: taxClass.id }).where('id', '=', product.id).execute();
  const customer = await createCustomer({ firstName: 'Sara', lastName: 'Svensson' });
  await db.updateTable('customer_addresses').set({ country_id: 'SE', postcode: '114 55', city: 'Stockholm' }).where('customer_id', '=', customer.id).execute();

  // Stores > Taxes > Tax Zones and Rates: a new 12.5 % rate for Sweden; a bad rate is refused first.
  const admin = await createAdmin('all');
  await loginDirectly(page, admin);
  const code = uniq('SE-J-');
  await page.goto('/admin/tax/rates/new');
  await page.getByLabel('Tax Identifier').fill(code);
  await page.getByLabel('Country').selectOption('SE');
  await page.getByLabel('Rate Percent').fill('120');
  await page.getByRole('button', { name: 'Save Rate' }).click();
  await expect(page.getByText('Enter a rate from 0 to 100 with at most 4 decimals, e.g. 25 or 8.25.')).toBeVisible();
  await page.getByLabel('Rate Percent').fill('12.5');
  await page.getByRole('button', { name: 'Save Rate' }).click();
  await expect(page.getByText('You saved the tax rate.')).toBeVisible();
  await expect(page.getByRole('link', { name: code })).toBeVisible();

  // Stores > Taxes > Tax Rules: Retail Customer × the journey's class → the new rate.
  await page.goto('/admin/tax/rules/new');
  await page.getByLabel('Name').fill(`Rule ${code}`);
  await page.getByLabel('Tax Rate').selectOption({ label: `${code} (12.5 %)` });
  await page.getByLabel('Customer Tax Class').selectOption({ label: 'Retail Customer' });
  await page.getByLabel('Product Tax Class').selectOption({ label: className });
  await page.getByRole('button', { name: 'Save Rule' }).click();
  await expect(page.getByText('You saved the tax rule.')).toBeVisible();

  // The shopper on /sv: $125.00 incl. moms is 1 312,50 kr (10.5 SEK per dollar); the moms in it is 13.89 $ = 145,85 kr.
  const context = await browser.newContext();
  const shop = await context.newPage();
  await shop.goto('/sv/customer/account/login');
  await shop.locator('[name="login[username]"]').fill(customer.email);
  await shop.locator('[name="login[password]"]').fill(PASSWORD);
  await shop.locator('form:has([name="login[username]"]) [type=submit]').click();
  await expect(shop.getByRole('heading', { name: 'Mitt konto' })).toBeVisible();
  await shop.goto(`/sv/product/${product.urlKey}`);
  await expect(shop.locator('.product-info-main .price')).toHaveText(kr('1 312,50'));
  await shop.getByRole('button', { name: 'Lägg i varukorgen' }).click();
  const cartTotals = shop.locator('.cart-summary .totals');
  await expect(cartTotals.locator('.totals-tax')).toContainText('Moms');
  await expect(cartTotals.locator('.totals-tax')).toContainText(kr('145,85'));
  await expect(cartTotals.getByText(`${code} (12.5%)`)).toBeVisible();
  await expect(shop.locator('#shopping-cart-table .price')).toHaveText(kr('1 312,50'));

  // Checkout: the saved Swedish address; shipping (incl. 25 % moms) is free above the minimum.
  await shop.getByRole('link', { name: 'Till kassan' }).click();
  const summary = shop.locator('.opc-block-summary');
  await expect(summary.locator('[data-role=tax-amount]')).toHaveText(kr('145,85'));
  await expect(summary.locator('[data-role=grand-total]')).toHaveText(kr('1 312,50'));
  await shop.getByRole('button', { name: 'Nästa' }).click();
  // Granska och betala: the same moms at the chosen address, then the order.
  await expect(summary.locator('[data-role=tax-amount]')).toHaveText(kr('145,85'));
  await shop.getByRole('button', { name: 'Slutför köp' }).click();
  await expect(shop.locator('.order-tax')).toContainText(kr('145,85'));
  await shop.locator('.order-number').click();
  // My Orders > the order: Moms and the rate's line.
  await expect(shop.locator('.table-order-items tfoot')).toContainText('Moms');
  await expect(shop.locator('.table-order-items tfoot')).toContainText(`${code} (12.5%)`);
  await context.close();

  // The admin sees the tax on the order, invoices it and sees it on the invoice (base currency: $13.89).
  const order = await db.selectFrom('orders').select(['id', 'tax_amount', 'grand_total']).where('customer_id', '=', customer.id).executeTakeFirstOrThrow();
  expect(order).toMatchObject({ tax_amount: 1389, grand_total: 12_500 });
  await page.goto(`/admin/sales/orders/${order.id}`);
  const totals = page.locator('.order-totals');
  await expect(totals.getByText(`${code} (12.5%)`)).toBeVisible();
  await expect(totals.locator('.tax')).toContainText('$13.89');
  await page.locator('[data-role=document-actions]').getByRole('link', { name: 'Invoice', exact: true }).click();
  await page.getByRole('button', { name: 'Submit Invoice' }).click();
  await expect(page.getByText('The invoice has been created.')).toBeVisible();
  await page.getByRole('navigation', { name: 'Order View' }).getByRole('link', { name: 'Invoices' }).click();
  await page.locator('.order-documents a, .data-grid a').first().click();
  await expect(page.locator('.totals')).toContainText('Tax');
  await expect(page.locator('.totals')).toContainText('$13.89');
});
