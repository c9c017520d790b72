import { createProduct, e2eDb, expect, test } from './fixtures.ts';

test('choosing Flat Rate updates Shipping and Order Total before the order, and that total is charged', async ({ page }) => {
  // Two items of $90.09: $180.18, which qualifies for Free Shipping; Flat Rate is $5.00 per item.
  const product = await createProduct({ price: 9009, qty: 10, name: `Totals Lamp ${Date.now()}` });
  await page.goto(`/product/${product.urlKey}`);
  await page.getByLabel('Qty').fill('2');
  await page.getByRole('button', { name: 'Add to Cart' }).click();
  await expect(page.getByText(`You added ${product.name} to your shopping cart.`)).toBeVisible();
  await page.getByRole('link', { name: 'Proceed to Checkout' }).click();

  const summary = page.locator('.opc-block-summary');
  await expect(page.getByLabel(/Free — Free Shipping/)).toBeChecked();
  await expect(summary.locator('[data-role=shipping-amount]')).toHaveText('$0.00');
  await expect(summary.locator('[data-role=grand-total]')).toHaveText('$180.18');

  const email = `totals-${Date.now()}@example.com`;
  await page.getByLabel('Email Address').fill(email);
  await page.getByLabel('First Name').fill('Tia');
  await page.getByLabel('Last Name').fill('Totals');
  await page.getByLabel('Phone Number').fill('555-0142');
  await page.getByLabel('Street Address').fill('4 Sum Street');
  await page.getByLabel('City').fill('Albany');
  await page.getByLabel('Zip/Postal Code').fill('12207');
  await page.getByLabel('Country').selectOption({ label: 'United States' });

  // Picking Flat Rate changes the summary at once, before anything is submitted.
  await page.getByLabel(/Fixed — Flat Rate/).check();
  await expect(summary.locator('[data-role=shipping-amount]')).toHaveText('$10.00');
  await expect(summary.locator('[data-role=grand-total]')).toHaveText('$190.18');
  // And back again.
  await page.getByLabel(/Free — Free Shipping/).check();
  await expect(summary.locator('[data-role=grand-total]')).toHaveText('$180.18');
  await page.getByLabel(/Fixed — Flat Rate/).check();
  await expect(summary.locator('[data-role=grand-total]')).toHaveText('$190.18');

  await page.getByLabel('Check / Money order').check();
  await page.getByRole('button', { name: 'Place Order' }).click();
  await expect(page.getByRole('heading', { name: 'Thank you for your purchase!' })).toBeVisible();
  await expect(page.locator('.order-total')).toHaveText('Order Total: $190.18');

  const { db } = await e2eDb();
  const order = await db.selectFrom('orders').selectAll().where('customer_email', '=', email).executeTakeFirstOrThrow();
  expect([order.shipping_method, order.shipping_amount, order.grand_total]).toEqual(['flatrate_flatrate', 1000, 19018]);
});

test("without JavaScript, Update totals shows the chosen method's totals and a stale total is refused", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const product = await createProduct({ price: 9009, qty: 10, name: `Totals Kettle ${Date.now()}` });
  await page.goto(`/product/${product.urlKey}`);
  await page.getByLabel('Qty').fill('2');
  await page.getByRole('button', { name: 'Add to Cart' }).click();
  await page.goto('/checkout');
  const summary = page.locator('.opc-block-summary');
  const email = `nojs-${Date.now()}@example.com`;
  await page.getByLabel('Email Address').fill(email);
  await page.getByLabel('First Name').fill('Noa');
  await page.getByLabel('Last Name').fill('Script');
  await page.getByLabel('Phone Number').fill('555-0143');
  await page.getByLabel('Street Address').fill('5 Plain Road');
  await page.getByLabel('City').fill('Albany');
  await page.getByLabel('Zip/Postal Code').fill('12207');
  await page.getByLabel('Country').selectOption({ label: 'United States' });

  // Placing right after picking Flat Rate: the page shown said $180.18, so nothing is charged yet.
  await page.getByLabel(/Fixed — Flat Rate/).check();
  await expect(summary.locator('[data-role=grand-total]')).toHaveText('$180.18');
  await page.getByRole('button', { name: 'Place Order' }).click();
  await expect(page.getByText('The order total is not the one shown when you placed the order.')).toBeVisible();
  await expect(summary.locator('[data-role=grand-total]')).toHaveText('$190.18');
  await expect(page.getByLabel('Street Address')).toHaveValue('5 Plain Road');

  // Update totals shows each method's totals, keeping what was typed.
  await page.getByLabel(/Free — Free Shipping/).check();
  await page.getByRole('button', { name: 'Update totals' }).click();
  await expect(summary.locator('[data-role=grand-total]')).toHaveText('$180.18');
  await page.getByLabel(/Fixed — Flat Rate/).check();
  await page.getByRole('button', { name: 'Update totals' }).click();
  await expect(summary.locator('[data-role=shipping-amount]')).toHaveText('$10.00');
  await expect(summary.locator('[data-role=grand-total]')).toHaveText('$190.18');
  await expect(page.getByLabel('Email Address')).toHaveValue(email);
  await page.getByRole('button', { name: 'Place Order' }).click();
  await expect(page.locator('.order-total')).toHaveText('Order Total: $190.18');
  await context.close();
});
