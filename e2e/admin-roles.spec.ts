import { createAdmin, expect, loginDirectly, signInWithForm, test, uniq } from './fixtures.ts';

test('an administrator creates a Custom role and its user sees only the permitted menu', async ({ page, browser }) => {
  const boss = await createAdmin('all');
  await loginDirectly(page, boss);
  await page.goto('/admin/dashboard');
  await page.locator('.admin-menu').getByText('System', { exact: true }).click();
  await page.getByRole('link', { name: 'User Roles' }).click();
  await page.getByRole('link', { name: 'Add New Role' }).click();

  const roleName = uniq('Helpdesk ');
  await page.getByLabel('Role Name').fill(roleName);
  await page.getByLabel('Your Password').fill(boss.password);
  await page.getByRole('link', { name: 'Role Resources' }).click();
  await page.getByLabel('Resource Access').selectOption({ label: 'Custom' });
  const tree = page.locator('.resource-tree');
  await expect(tree).toBeVisible();
  await tree.getByLabel('Allow Login as Customer').check();
  await tree.getByLabel('Report', { exact: true }).check();
  // Ticking a child ticks its parents, as the tree shows it.
  await expect(tree.getByLabel('Customers', { exact: true })).toBeChecked();
  await expect(tree.getByLabel('Action Logs')).toBeChecked();
  await page.getByRole('button', { name: 'Save Role' }).click();
  await expect(page.getByText('You saved the role.')).toBeVisible();

  // A user in the new role.
  await page.getByRole('link', { name: 'All Users' }).click();
  await page.getByRole('link', { name: 'Add New User' }).click();
  const username = uniq('helper');
  await page.getByLabel('User Name').fill(username);
  await page.getByLabel('First Name').fill('Hilda');
  await page.getByLabel('Last Name').fill('Helper');
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Password', { exact: true }).fill('Helper-pass-42');
  await page.getByLabel('Password Confirmation').fill('Helper-pass-42');
  await page.getByRole('link', { name: 'User Role', exact: true }).click();
  await page.getByLabel(roleName).check();
  await page.getByLabel('Your Password').fill(boss.password);
  await page.getByRole('button', { name: 'Save User' }).click();
  await expect(page.getByText('You saved the user.')).toBeVisible();

  const context = await browser.newContext();
  const helperPage = await context.newPage();
  await signInWithForm(helperPage, username, 'Helper-pass-42');
  const menu = helperPage.locator('.admin-menu');
  await menu.getByText('System', { exact: true }).click();
  await expect(menu.getByRole('link', { name: 'Report' })).toBeVisible();
  await expect(menu.getByText('Stores', { exact: true })).toHaveCount(0);
  await expect(menu.getByRole('link', { name: 'All Users' })).toHaveCount(0);
  await expect(menu.getByRole('link', { name: 'Dashboard' })).toHaveCount(0);
  await helperPage.goto('/admin/system/users');
  await expect(helperPage.getByText('Sorry, you need permissions to view this content.')).toBeVisible();
  await context.close();
});

test('a deactivated user can no longer sign in', async ({ page, browser }) => {
  const boss = await createAdmin('all');
  const staff = await createAdmin(['dashboard'], { firstName: 'Stan' });
  await loginDirectly(page, boss);
  await page.goto(`/admin/system/users?username=${staff.username}`);
  await page.getByRole('link', { name: staff.username, exact: true }).click();
  await page.getByLabel('This account is active').uncheck();
  await page.getByLabel('Your Password').fill(boss.password);
  await page.getByRole('button', { name: 'Save User' }).click();
  await expect(page.getByText('You saved the user.')).toBeVisible();

  const context = await browser.newContext();
  const other = await context.newPage();
  await signInWithForm(other, staff.username, staff.password);
  await expect(other.getByText('The account sign-in was incorrect or your account is disabled temporarily.')).toBeVisible();
  await context.close();
});
