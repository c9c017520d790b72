import { createAdmin, createCustomer, customerSignIn, expect, loginDirectly, PASSWORD, setConfig, test } from './fixtures.ts';

const SIGN_IN_FAILED = 'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.';

async function trySignIn(page: import('@playwright/test').Page, email: string, password: string) {
  await page.goto('/customer/account/login');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign In' }).click();
}

test('too many wrong passwords lock a customer account until an admin clicks Unlock', async ({ page, browser }) => {
  await setConfig('customer/password/lockout_failures', '3');
  const customer = await createCustomer();
  for (let i = 0; i < 3; i++) {
    await trySignIn(page, customer.email, 'Wrong-pass-1');
    await expect(page.getByText(SIGN_IN_FAILED)).toBeVisible();
  }
  // Locked: the right password is refused with the same message.
  await trySignIn(page, customer.email, PASSWORD);
  await expect(page.getByText(SIGN_IN_FAILED)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'My Account' })).toHaveCount(0);

  const staff = await browser.newContext();
  const admin = await staff.newPage();
  await loginDirectly(admin, await createAdmin(['customers', 'customers.all']));
  await admin.goto(`/admin/customers/${customer.id}/edit`);
  await expect(admin.getByText(/Locked until/)).toBeVisible();
  await admin.getByRole('button', { name: 'Unlock' }).click();
  await expect(admin.getByText('You unlocked the customer account.')).toBeVisible();
  await staff.close();

  await customerSignIn(page, customer.email);
  await setConfig('customer/password/lockout_failures', '10');
});

test('a customer deletes their own account after confirming with the password', async ({ page }) => {
  const customer = await createCustomer();
  await customerSignIn(page, customer.email);
  await page.getByRole('link', { name: 'Account Information' }).click();
  await page.getByRole('link', { name: 'Delete Account' }).click();
  // Without the confirmation nothing happens.
  await page.getByLabel('Current Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Delete Account' }).click();
  await expect(page.getByText('Please confirm that you want to delete your account.')).toBeVisible();
  await page.getByLabel('Current Password').fill(PASSWORD);
  await page.getByLabel('I understand that my account will be deleted permanently.').check();
  await page.getByRole('button', { name: 'Delete Account' }).click();
  await expect(page.getByText('Your account has been deleted.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Sign In' })).toBeVisible();
  await trySignIn(page, customer.email, PASSWORD);
  await expect(page.getByText(SIGN_IN_FAILED)).toBeVisible();
});
