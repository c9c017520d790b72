import { expect, test } from '@playwright/test';

test('the REST API documentation renders at /api/docs, with nothing refused by the content security policy', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  await page.goto('/api/docs');
  await expect(page.locator('.swagger-ui .info .title')).toContainText('Concierge REST API');
  await expect(page.locator('.opblock-summary-path', { hasText: '/rest/V1/loginascustomer/sessions' })).toBeVisible();
  expect(errors).toEqual([]);
});
