import { createCustomer, createProduct, customerSignIn, e2eDb, expect, test } from './fixtures.ts';

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a guest checks out with a new address: Shipping, then Review & Payments, each a plain form', async ({ page }) => {
    const product = await createProduct({ price: 1500, qty: 10 });
    await page.goto(`/product/${product.urlKey}`);
    await page.getByRole('button', { name: 'Add to Cart' }).click();
    await page.getByRole('link', { name: 'Proceed to Checkout' }).click();
    // A guest has no saved addresses: the form is open.
    await expect(page.getByLabel('Street Address')).toBeVisible();
    const email = `nojs-guest-${Date.now()}@example.com`;
    await page.getByLabel('Email Address').fill(email);
    await page.getByLabel('First Name').fill('Gil');
    await page.getByLabel('Last Name').fill('Plain');
    await page.getByLabel('Phone Number').fill('555-0150');
    await page.getByLabel('Street Address').fill('3 Form Street');
    await page.getByLabel('City').fill('Albany');
    // A missing postcode is refused with its message; what was typed stays.
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText('This is a required field.')).toBeVisible();
    await expect(page.getByLabel('Street Address')).toHaveValue('3 Form Street');
    await page.getByLabel('Zip/Postal Code').fill('12207');
    await page.getByLabel(/Fixed — Flat Rate/).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.locator('.opc-progress-bar [aria-current=step]')).toHaveText('Review & Payments');
    await expect(page.locator('.opc-block-shipping-information')).toContainText('3 Form Street');
    await expect(page.locator('.opc-block-summary [data-role=grand-total]')).toHaveText('$20.00');
    // Billing is the shipping address while the box is ticked (its form stays closed).
    await expect(page.getByLabel('My billing and shipping address are the same')).toBeChecked();
    await expect(page.locator('.billing-address-form')).toBeHidden();
    await page.getByRole('button', { name: 'Place Order' }).click();
    await expect(page.getByRole('heading', { name: 'Thank you for your purchase!' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Create an Account' }).last()).toBeVisible();
    const { db } = await e2eDb();
    const order = await db.selectFrom('orders').selectAll().where('customer_email', '=', email).executeTakeFirstOrThrow();
    expect([order.shipping_method, order.grand_total]).toEqual(['flatrate_flatrate', 2000]);
  });

  test('a customer ships to a saved card, then to a new address with a billing address of its own', async ({ page }) => {
    const customer = await createCustomer();
    const product = await createProduct({ price: 2000, qty: 10 });
    await customerSignIn(page, customer.email);
    await page.goto(`/product/${product.urlKey}`);
    await page.getByRole('button', { name: 'Add to Cart' }).click();
    await page.getByRole('link', { name: 'Proceed to Checkout' }).click();
    const card = page.locator('.shipping-address-item', { hasText: '1 Journey Road' });
    await expect(card.getByRole('radio')).toBeChecked();
    await expect(page.getByLabel('Street Address')).toBeHidden();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.locator('.opc-block-shipping-information')).toContainText('1 Journey Road');

    // Back to Shipping: "New Address" opens the form without any script.
    await page.getByRole('link', { name: 'Change shipping address or method' }).click();
    await page.getByText('+ New Address').click();
    await expect(page.getByLabel('Street Address')).toBeVisible();
    await page.getByLabel('Phone Number').fill('555-0151');
    await page.getByLabel('Street Address').fill('8 Other Lane');
    await page.getByLabel('City').fill('Shelbyville');
    await page.getByLabel('Zip/Postal Code').fill('54321');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.locator('.opc-block-shipping-information')).toContainText('8 Other Lane');

    // A billing address of its own: the form opens when the box is cleared; an incomplete one is refused.
    await page.getByLabel('My billing and shipping address are the same').uncheck();
    const billing = page.locator('.billing-address-form');
    await expect(billing).toBeVisible();
    await billing.getByLabel('First Name').fill('Bea');
    await page.getByRole('button', { name: 'Place Order' }).click();
    await expect(page.getByText('Please correct the highlighted fields.')).toBeVisible();
    await expect(billing.getByLabel('First Name')).toHaveValue('Bea');
    await billing.getByLabel('Last Name').fill('Biller');
    await billing.getByLabel('Phone Number').fill('555-0152');
    await billing.getByLabel('Street Address').fill('2 Invoice Street');
    await billing.getByLabel('City').fill('Capital City');
    await billing.getByLabel('Zip/Postal Code').fill('11111');
    await page.getByRole('button', { name: 'Place Order' }).click();
    await expect(page.getByRole('heading', { name: 'Thank you for your purchase!' })).toBeVisible();
    const number = (await page.locator('.order-number').innerText()).trim();
    await page.locator('.order-number').click();
    await expect(page.getByRole('heading', { name: `Order # ${number}` })).toBeVisible();

    const { db } = await e2eDb();
    const order = await db.selectFrom('orders').selectAll().where('increment_id', '=', number).executeTakeFirstOrThrow();
    const addresses = await db.selectFrom('order_addresses').selectAll().where('order_id', '=', order.id).orderBy('address_type').execute();
    expect(addresses.map((a) => [a.address_type, a.street])).toEqual([
      ['billing', '2 Invoice Street'],
      ['shipping', '8 Other Lane'],
    ]);
  });
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(`layered navigation (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, () => {
    test.use({ javaScriptEnabled });

    test('filters a category by price and availability, removes one filter, then clears all', async ({ page }) => {
      await page.goto('/category/gear');
      const nav = page.getByRole('navigation', { name: 'Shop By' });
      await expect(nav).toBeVisible();
      const amount = page.locator('.toolbar-amount');
      const all = Number(/of (\d+)/.exec(await amount.innerText())![1]);

      const first = nav.locator('[data-filter=price] a').first();
      const label = (await first.locator('span').first().innerText()).trim();
      const count = Number(await first.locator('.count').innerText());
      await first.click();
      await expect(page).toHaveURL(/price=\d+-\d*/);
      const current = nav.locator('.filter-current');
      await expect(current).toContainText(label);
      await expect(amount).toContainText(`of ${count}`);
      expect(count).toBeLessThan(all);
      // Every price shown lies in the range.
      const max = Number(/ - \$([\d.]+)/.exec(label)?.[1] ?? Number.POSITIVE_INFINITY);
      for (const price of await page.locator('.product-items .price-box .price, .product-items .special-price').allInnerTexts())
        expect(Number(price.replace(/[^\d.]/g, ''))).toBeLessThanOrEqual(max);

      // Availability is counted within the price range.
      const inStock = nav.locator('[data-filter=availability] a', { hasText: 'In Stock' });
      const inStockCount = Number(await inStock.locator('.count').innerText());
      expect(inStockCount).toBeLessThanOrEqual(count);
      await inStock.click();
      await expect(current).toContainText('In Stock');
      await expect(amount).toContainText(`of ${inStockCount}`);

      // Remove the price filter: availability stays.
      await current.getByRole('link', { name: `Remove Price: ${label}` }).click();
      await expect(page).not.toHaveURL(/price=/);
      await expect(current).toContainText('In Stock');
      await expect(current).not.toContainText(label);

      // Clear All: the whole category again.
      await current.getByRole('link', { name: 'Clear All' }).click();
      await expect(page).toHaveURL(/\/category\/gear$/);
      await expect(nav.locator('.filter-current')).toHaveCount(0);
      await expect(amount).toContainText(`of ${all}`);
    });
  });
}
