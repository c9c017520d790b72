import { resolve } from 'node:path';
import { readMailbox } from '../src/modules/mail/mailer.ts';
import { createProduct, e2eDb, expect, test } from './fixtures.ts';

test('a guest finds a product, fills the cart and places an order', async ({ page }) => {
  const product = await createProduct({ price: 1999, qty: 10, name: `Guest Lantern ${Date.now()}` });

  await page.goto('/');
  await page.getByRole('searchbox', { name: 'Search' }).fill(product.name);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('heading', { name: `Search results for: '${product.name}'` })).toBeVisible();
  await page.getByRole('link', { name: product.name }).click();
  await expect(page.getByRole('heading', { name: product.name })).toBeVisible();
  await expect(page.locator('.price-box .price')).toHaveText('$19.99');

  await page.getByLabel('Qty').fill('2');
  await page.getByRole('button', { name: 'Add to Cart' }).click();
  await expect(page.getByText(`You added ${product.name} to your shopping cart.`)).toBeVisible();
  await expect(page.locator('[data-role=cart-count]')).toHaveText('2');

  // More than the stock is refused with a message and nothing changes.
  const row = page.locator(`tr[data-sku="${product.sku}"]`);
  await row.getByRole('spinbutton').fill('11');
  await page.getByRole('button', { name: 'Update Shopping Cart' }).click();
  await expect(page.getByText('The requested qty is not available')).toBeVisible();
  await expect(row.getByRole('spinbutton')).toHaveValue('2');
  await expect(page.locator('.cart-summary .amount').first()).toHaveText('$39.98');

  await page.getByRole('link', { name: 'Proceed to Checkout' }).click();
  await expect(page.getByRole('heading', { name: 'Checkout' })).toBeVisible();
  await expect(page.locator('.opc-progress-bar [aria-current=step]')).toHaveText('Shipping');
  const email = `guest-${Date.now()}@example.com`;
  // Going on without an address shows what is missing.
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Please correct the highlighted fields.')).toBeVisible();

  await page.getByLabel('Email Address').fill(email);
  await page.getByLabel('First Name').fill('Gus');
  await page.getByLabel('Last Name').fill('Guest');
  await page.getByLabel('Phone Number').fill('555-0199');
  await page.getByLabel('Street Address').fill('9 Lantern Lane');
  await page.getByLabel('City').fill('Portland');
  await page.getByLabel('Zip/Postal Code').fill('97201');
  await page.getByLabel('Country').selectOption({ label: 'United States' });
  await page.getByLabel(/Fixed — Flat Rate/).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.locator('.opc-progress-bar [aria-current=step]')).toHaveText('Review & Payments');
  await expect(page.locator('.opc-block-shipping-information')).toContainText('9 Lantern Lane');
  await page.getByLabel('Check / Money order').check();
  await page.getByRole('button', { name: 'Place Order' }).click();

  await expect(page.getByRole('heading', { name: 'Thank you for your purchase!' })).toBeVisible();
  const number = (await page.locator('.order-number').innerText()).trim();
  expect(number).toMatch(/^\d{9}$/);
  await expect(page.getByText('You can track your order status by creating an account.')).toBeVisible();
  await expect(page.locator('[data-role=cart-count]')).toHaveText('0');

  // Going back and submitting again does not place a second order.
  await page.goBack();
  const { db } = await e2eDb();
  const orders = await db.selectFrom('orders').selectAll().where('customer_email', '=', email).execute();
  expect(orders).toHaveLength(1);
  expect(orders[0]!.grand_total).toBe(3998 + 1000);
  const stock = await db.selectFrom('products').select('qty').where('id', '=', product.id).executeTakeFirstOrThrow();
  expect(stock.qty).toBe(8);

  // The confirmation is sent by the server's background worker, moments after the order commits.
  const subject = async () => (await readMailbox(resolve(process.env.E2E_SQLITE_FILE!, '..'))).find((m) => m.to.includes(email))?.subject;
  await expect.poll(subject).toContain(`#${number}`);
});
