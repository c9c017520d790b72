import sharp from 'sharp';
import { createAdmin, createProduct, expect, loginDirectly, test } from './fixtures.ts';

const CATALOG = ['catalog', 'catalog.inventory', 'catalog.inventory.products'];

test('staff upload two photos, pick the main one and give it alt text; the shopper sees the gallery', async ({ page, browser }) => {
  const product = await createProduct({ name: 'Journey Camp Mug' });
  const admin = await createAdmin(CATALOG);
  await loginDirectly(page, admin);
  await page.goto(`/admin/catalog/products/${product.id}/edit`);
  await expect(page.getByText('No images yet.')).toBeVisible();

  const photo = (color: string) =>
    sharp({ create: { width: 800, height: 600, channels: 3, background: color } })
      .jpeg()
      .toBuffer();
  await page.getByLabel('Add Images').setInputFiles([
    { name: 'front.jpg', mimeType: 'image/jpeg', buffer: await photo('#d35400') },
    { name: 'side.jpg', mimeType: 'image/jpeg', buffer: await photo('#2980b9') },
  ]);
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByText('You added 2 images.')).toBeVisible();

  // A text file renamed .jpg is refused by its content, and nothing is added.
  await page.getByLabel('Add Images').setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('just text') });
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByText('The file "notes.jpg" is not a JPEG, PNG or WebP image. Nothing was uploaded.')).toBeVisible();
  const rows = page.locator('.product-images tbody tr');
  await expect(rows).toHaveCount(2);

  await rows.nth(1).getByLabel('Main Image').check();
  await rows.nth(1).getByLabel('Alt Text').fill('Blue camp mug, side view');
  await page.getByRole('button', { name: 'Save Images' }).click();
  await expect(page.getByText('You saved the images.')).toBeVisible();

  const shopper = await browser.newPage();
  await shopper.goto(`/product/${product.urlKey}`);
  const main = shopper.locator('.gallery-stage figure').first().locator('img');
  await expect(main).toHaveAttribute('alt', 'Blue camp mug, side view');
  await expect(main).toHaveJSProperty('complete', true);
  expect(await main.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  // Without script, a thumbnail shows the other image through its anchor.
  await shopper.locator('.gallery-thumbs a').nth(1).click();
  await expect(shopper.locator('.gallery-stage figure:target img')).toHaveAttribute('alt', 'Journey Camp Mug');
  await expect(shopper.locator('.gallery-stage figure:target')).toBeVisible();
  await expect(shopper.locator('.gallery-stage figure').first()).toBeHidden();

  // Removing asks first, then takes the image away.
  await page.locator('.product-images tbody tr').nth(0).getByRole('link', { name: 'Remove' }).click();
  await expect(page.getByText('Are you sure you want to remove image 1')).toBeVisible();
  await page.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByText('You removed the image.')).toBeVisible();
  await expect(page.locator('.product-images tbody tr')).toHaveCount(1);
});
