import { createProduct, e2eDb, expect, test } from './fixtures.ts';

test('choosing Flat Rate updates Shipping and Order Total at once, Review & Payments shows the same, and that total is charged', async ({ page }) => {
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
  // With the script, totals follow each change: no "Update totals" button.
  await expect(page.getByRole('button', { name: 'Update totals' })).toBeHidden();

  const email = `totals-${Date.now()}@example.com`;
  await page.getByLabel('Email Address').fill(email);
  await page.getByLabel('First Name').fill('Tia');
  await page.getByLabel('Last Name').fill('Totals');
  await page.getByLabel('Phone Number').fill('555-0142');
  await page.getByLabel('Street Address').fill('4 Sum Street');
  await page.getByLabel('City').fill('Albany');
  await page.getByLabel('Zip/Postal Code').fill('12207');
  await page.getByLabel('Country').selectOption({ label: 'United States' });

  // Picking Flat Rate changes the summary at once, before anything is submitted (the server renders the block).
  await page.getByLabel(/Fixed — Flat Rate/).check();
  await expect(summary.locator('[data-role=shipping-amount]')).toHaveText('$10.00');
  await expect(summary.locator('[data-role=grand-total]')).toHaveText('$190.18');
  // And back again.
  await page.getByLabel(/Free — Free Shipping/).check();
  await expect(summary.locator('[data-role=grand-total]')).toHaveText('$180.18');
  await page.getByLabel(/Fixed — Flat Rate/).check();
  await expect(summary.locator('[data-role=grand-total]')).toHaveText('$190.18');

  await page.getByRole('button', { name: 'Next' }).click();
  await expect(summary.locator('[data-role=grand-total]')).toHaveText('$190.18');
  await page.getByLabel('Check / Money order').check();
  await page.getByRole('button', { name: 'Place Order' }).click();
  await expect(page.getByRole('heading', { name: 'Thank you for your purchase!' })).toBeVisible();
  await expect(page.locator('.order-total')).toHaveText('Order Total: $190.18');

  const { db } = await e2eDb();
  const order = await db.selectFrom('orders').selectAll().where('customer_email', '=', email).executeTakeFirstOrThrow();
  expect([order.shipping_method, order.shipping_amount, order.grand_total]).toEqual(['flatrate_flatrate', 1000, 19018]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test("Update totals shows the chosen method's totals, Next keeps them, and a total changed since is refused", async ({ page }) => {
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

    // Update totals shows each method's totals, keeping what was typed.
    await page.getByLabel(/Fixed — Flat Rate/).check();
    await page.getByRole('button', { name: 'Update totals' }).click();
    await expect(summary.locator('[data-role=shipping-amount]')).toHaveText('$10.00');
    await expect(summary.locator('[data-role=grand-total]')).toHaveText('$190.18');
    await expect(page.getByLabel('Email Address')).toHaveValue(email);
    await expect(page.getByLabel('Street Address')).toHaveValue('5 Plain Road');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.locator('.opc-progress-bar [aria-current=step]')).toHaveText('Review & Payments');
    await expect(summary.locator('[data-role=grand-total]')).toHaveText('$190.18');

    // The price changes while the shopper reads the page: the order is refused and the new totals are shown.
    const { db } = await e2eDb();
    await db.updateTable('products').set({ price: 10009 }).where('id', '=', product.id).execute();
    await page.getByRole('button', { name: 'Place Order' }).click();
    await expect(page.getByText('The order total is not the one shown when you placed the order.')).toBeVisible();
    await expect(summary.locator('[data-role=grand-total]')).toHaveText('$210.18');
    await page.getByRole('button', { name: 'Place Order' }).click();
    await expect(page.locator('.order-total')).toHaveText('Order Total: $210.18');
  });
});
