import { createAdmin, createCustomer, e2eDb, expect, loginDirectly, setConfig, test, uniq } from './fixtures.ts';

// Settings in this file are global to the server: run its journeys one after another.
test.describe.configure({ mode: 'serial' });

const AGENT = ['customers', 'customers.all', 'customers.login_as_customer', 'customers.login_as_customer.allow', 'customers.login_as_customer.full_access'];
const APPROVER = ['customers', 'customers.all', 'customers.login_as_customer', 'customers.login_as_customer.approve', 'system', 'system.notifications'];
const LIMITS = [
  'login_as_customer/limits/max_sessions_per_hour',
  'login_as_customer/limits/max_customers_per_day',
  'login_as_customer/limits/working_hours_from',
  'login_as_customer/limits/working_hours_to',
  'login_as_customer/limits/alert_sessions_per_hour',
];

test.beforeEach(async () => {
  await setConfig('login_as_customer/general/enabled', '1');
  await setConfig('login_as_customer/general/store_view_manual_choice_enabled', '0');
  for (const path of LIMITS) await setConfig(path, '');
});
test.afterAll(async () => {
  for (const path of LIMITS) await setConfig(path, '');
});

test('a protected customer: the agent requests, a second admin approves from the notification, the agent logs in', async ({ browser }) => {
  test.setTimeout(90_000);
  const customer = await createCustomer({ consent: true, firstName: 'Vera', lastName: uniq('Important') });
  const { db } = await e2eDb();
  await db.updateTable('customers').set({ protected_reason: 'vip' }).where('id', '=', customer.id).execute();
  const agentUser = await createAdmin(AGENT, { firstName: 'Alex', lastName: 'Agent' });
  const approverUser = await createAdmin(APPROVER, { firstName: 'Pat', lastName: 'Approver' });

  // The agent clicks Login as Customer and gets "Request approval" instead of the dialog.
  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  await loginDirectly(agent, agentUser);
  await agent.goto(`/admin/customers/${customer.id}/edit`);
  await agent.locator('[data-role=customer-actions]').getByRole('link', { name: 'Login as Customer' }).click();
  await expect(agent.getByRole('heading', { name: 'Request Approval to Login as Customer' })).toBeVisible();
  await agent.getByRole('button', { name: 'Request Approval' }).click();
  await expect(agent.getByText('Please enter a comment.').first()).toBeVisible();
  await agent.getByLabel('Reason for the request').fill('The customer called about order 1042');
  await agent.getByRole('button', { name: 'Request Approval' }).click();
  await expect(agent.getByText('Your request has been sent for approval.')).toBeVisible();
  await expect(agent.getByText('Your request is waiting for approval.')).toBeVisible();

  // The approver sees the count in the header, opens the notification and approves with a comment.
  const approverContext = await browser.newContext();
  const approver = await approverContext.newPage();
  await loginDirectly(approver, approverUser);
  await approver.goto('/admin/customers');
  const bell = approver.locator('[data-role=notifications]');
  await expect(bell.locator('.notifications-counter')).toBeVisible();
  await bell.click();
  const notice = approver.locator('#notification_grid tbody tr').filter({ hasText: customer.email });
  await expect(notice).toContainText('Login as Customer approval requested');
  await notice.getByRole('button', { name: 'Read Details' }).click();
  await expect(approver.getByRole('heading', { name: 'Login as Customer Approvals' })).toBeVisible();
  const row = approver.locator('#login_as_customer_approvals_grid tbody tr').filter({ hasText: customer.email });
  await expect(row).toContainText('The customer called about order 1042');
  await row.getByLabel('Comment').fill('Confirmed with the customer by phone');
  await row.getByRole('button', { name: 'Approve' }).click();
  await expect(approver.getByText('You approved the request of Alex Agent.')).toBeVisible();

  // The agent now gets the normal confirmation dialog and lands on the storefront as the customer.
  await agent.goto(`/admin/customers/${customer.id}/edit`);
  await agent.locator('[data-role=customer-actions]').getByRole('link', { name: 'Login as Customer' }).click();
  const dialog = agent.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: 'You are about to Login as Customer' })).toBeVisible();
  const [tab] = await Promise.all([agentContext.waitForEvent('page'), dialog.getByRole('button', { name: 'Login as Customer' }).click()]);
  await tab.waitForURL(/\/customer\/account$/);
  await expect(tab.locator('[data-role=lac-banner]')).toContainText(`You are connected as ${customer.firstName} ${customer.lastName}`);
  const approval = await db.selectFrom('lac_approvals').select(['status', 'decision_comment']).where('customer_id', '=', customer.id).executeTakeFirstOrThrow();
  expect(approval).toEqual({ status: 'used', decision_comment: 'Confirmed with the customer by phone' });
  await agentContext.close();
  await approverContext.close();
});

test('an agent past the hourly limit is told why in the page that would have opened the storefront', async ({ page, context }) => {
  await setConfig('login_as_customer/limits/max_sessions_per_hour', '1');
  const agentUser = await createAdmin(AGENT);
  await loginDirectly(page, agentUser);
  for (const [i, customer] of [await createCustomer({ consent: true }), await createCustomer({ consent: true })].entries()) {
    await page.goto(`/admin/customers/${customer.id}/edit`);
    await page.locator('[data-role=customer-actions]').getByRole('link', { name: 'Login as Customer' }).click();
    const [tab] = await Promise.all([context.waitForEvent('page'), page.getByRole('dialog').getByRole('button', { name: 'Login as Customer' }).click()]);
    if (i === 0) await tab.waitForURL(/\/customer\/account$/);
    else await expect(tab.getByRole('alert')).toHaveText('You have reached the maximum number of Login as Customer sessions per hour. Please try again later.');
    await tab.close();
  }
});
