import { createAdmin, expect, signInWithForm, test } from './fixtures.ts';

test('an admin signs in, sees the dashboard, and signs out', async ({ page }) => {
  const admin = await createAdmin('all');
  await signInWithForm(page, admin.username, admin.password);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign Out' }).click();
  await expect(page.getByText('You have logged out.')).toBeVisible();
  await page.goto('/admin/dashboard');
  await expect(page.getByRole('heading', { name: 'Welcome, please sign in' })).toBeVisible();
});

test('a wrong password shows the generic message; repeated failures lock the account', async ({ page }) => {
  const admin = await createAdmin('all');
  for (let i = 0; i < 6; i++) {
    await signInWithForm(page, admin.username, `wrong-${i}-pass`);
    await expect(page.getByText('The account sign-in was incorrect or your account is disabled temporarily.')).toBeVisible();
  }
  await signInWithForm(page, admin.username, admin.password);
  await expect(page.getByText('The account sign-in was incorrect or your account is disabled temporarily.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toHaveCount(0);
});
