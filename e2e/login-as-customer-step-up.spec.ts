import type { Page } from '@playwright/test';
import { createAdmin, createCustomer, e2eDb, expect, PASSWORD, setConfig, signInWithForm, test, uniq } from './fixtures.ts';

// WebAuthn needs a secure context and a host name as RP ID: these journeys use localhost, not 127.0.0.1.
const base = process.env.E2E_BASE_URL!.replace('127.0.0.1', 'localhost');
test.use({ baseURL: base });
// Settings in this file are global to the server: run its journeys one after another.
test.describe.configure({ mode: 'serial' });

test.beforeEach(async () => {
  await setConfig('login_as_customer/general/enabled', '1');
  await setConfig('login_as_customer/general/store_view_manual_choice_enabled', '0');
  await setConfig('login_as_customer/security/reauth_minutes', '15');
});

/** The admin signed in an hour ago, as far as the server knows (its session rows say so). */
async function signedInLongAgo(adminId: number) {
  const { db } = await e2eDb();
  const hourAgo = new Date(Date.now() - 3600_000).toISOString();
  await db.updateTable('sessions').set({ authenticated_at: hourAgo }).where('kind', '=', 'admin').where('subject_id', '=', adminId).execute();
}

const failedLogins = async (adminId: number) => {
  const { db } = await e2eDb();
  return (await db.selectFrom('admin_users').select('failed_logins').where('id', '=', adminId).executeTakeFirstOrThrow()).failed_logins;
};

async function openDialog(page: Page, customerId: number) {
  await page.goto(`/admin/customers/${customerId}/edit`);
  await page.locator('[data-role$=actions]').getByRole('link', { name: 'Login as Customer' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: 'You are about to Login as Customer' })).toBeVisible();
  return dialog;
}

test('an old sign-in asks for the password: a wrong one is refused and counted, the right one opens the storefront', async ({ page }) => {
  const admin = await createAdmin('all');
  const customer = await createCustomer({ consent: true, firstName: 'Stella', lastName: uniq('Stepup') });
  await signInWithForm(page, admin.username, PASSWORD);
  await expect(page).toHaveURL(/\/admin\/dashboard/);
  await signedInLongAgo(admin.id);

  const dialog = await openDialog(page, customer.id);
  await expect(dialog.getByRole('group', { name: 'Confirm your identity' })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Use passkey' })).toHaveCount(0);
  await dialog.getByLabel('Your Password').fill('Not-the-password-1');
  const [tab] = await Promise.all([page.context().waitForEvent('page'), dialog.getByRole('button', { name: 'Login as Customer' }).click()]);
  await expect(tab.getByRole('alert').filter({ hasText: 'The password or passkey was not accepted. Please try again.' })).toBeVisible();
  expect(await failedLogins(admin.id)).toBe(1);

  // The step-up page is the tab the storefront opens in: the right password continues there.
  await tab.getByLabel('Your Password').fill(PASSWORD);
  await tab.getByRole('button', { name: 'Login as Customer' }).click();
  await tab.waitForURL(/\/customer\/account$/);
  await expect(tab.getByText(`You are logged in as customer: Stella ${customer.lastName}`)).toBeVisible();
  expect(await failedLogins(admin.id)).toBe(0);

  // Both attempts are in the Action Log.
  await page.goto(`/admin/system/action-logs?username=${admin.username}`);
  await expect(page.getByRole('cell', { name: 'Confirmed with password' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Wrong password', exact: true })).toBeVisible();
});

test('a passkey added on Account Setting confirms the admin before a session (virtual authenticator)', async ({ page }) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  const admin = await createAdmin('all');
  const customer = await createCustomer({ consent: true, firstName: 'Petra', lastName: uniq('Passkey') });
  await signInWithForm(page, admin.username, PASSWORD);
  await expect(page).toHaveURL(/\/admin\/dashboard/);

  // Register: Account Setting > Passkeys > Add passkey (a name and the password).
  await page.getByRole('link', { name: 'Account Setting' }).click();
  await expect(page.getByRole('heading', { name: 'Passkeys' })).toBeVisible();
  await expect(page.getByText('You have no passkey registered.')).toBeVisible();
  await page.getByLabel('Passkey name').fill('Journey laptop');
  await page.getByLabel('Your Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Add passkey' }).click();
  await expect(page.getByText('You added the passkey "Journey laptop".')).toBeVisible();
  const row = page.getByRole('row', { name: /Journey laptop/ });
  await expect(row).toContainText('Never');

  // Step up with it: the dialog offers "Use passkey", and the storefront opens without the password.
  await signedInLongAgo(admin.id);
  const dialog = await openDialog(page, customer.id);
  const [tab] = await Promise.all([page.context().waitForEvent('page'), dialog.getByRole('button', { name: 'Use passkey' }).click()]);
  await tab.waitForURL(/\/customer\/account$/);
  await expect(tab.getByText(`You are logged in as customer: Petra ${customer.lastName}`)).toBeVisible();
  await tab.close();

  // The passkey's use is recorded; removing it takes one POST with the form key.
  await page.goto('/admin/system/account');
  await expect(page.getByRole('row', { name: /Journey laptop/ })).not.toContainText('Never');
  await page.getByRole('button', { name: 'Remove passkey "Journey laptop"' }).click();
  await expect(page.getByText('You removed the passkey "Journey laptop".')).toBeVisible();
  await expect(page.getByText('You have no passkey registered.')).toBeVisible();
});
