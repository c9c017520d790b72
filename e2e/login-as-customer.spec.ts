import type { BrowserContext, Page } from '@playwright/test';
import {
  createAdmin,
  createCustomer,
  createOrderWithDocuments,
  createProduct,
  customerSignIn,
  e2eDb,
  expect,
  loginDirectly,
  PASSWORD,
  setConfig,
  signInWithForm,
  test,
  uniq,
} from './fixtures.ts';

// Settings in this file are global to the server: run its journeys one after another.
test.describe.configure({ mode: 'serial' });

const LAC = [
  'customers',
  'customers.all',
  'customers.login_as_customer',
  'customers.login_as_customer.allow',
  'customers.login_as_customer.full_access',
  'customers.login_as_customer.view_log',
];
const SALES = [
  'sales',
  'sales.operations',
  'sales.operations.orders',
  'sales.operations.orders.actions',
  'sales.operations.orders.actions.view',
  'sales.operations.invoices',
  'sales.operations.shipments',
  'sales.operations.creditmemos',
];

test.beforeEach(async () => {
  await setConfig('login_as_customer/general/enabled', '1');
  await setConfig('login_as_customer/general/store_view_manual_choice_enabled', '0');
  await setConfig('login_as_customer/general/disable_page_cache', '1');
});

/** Clicks "Login as Customer" on the current admin page, confirms, and returns the storefront tab it opens. */
async function loginAsCustomerFrom(page: Page, context: BrowserContext): Promise<Page> {
  await page.locator('[data-role$=actions]').getByRole('link', { name: 'Login as Customer' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: /You are about to Login as Customer|Login as Customer: Select Store/ })).toBeVisible();
  await expect(dialog.getByText('Actions taken while in "Login as Customer" will affect actual customer data.')).toBeVisible();
  const [tab] = await Promise.all([context.waitForEvent('page'), dialog.getByRole('button', { name: 'Login as Customer' }).click()]);
  await tab.waitForURL(/\/customer\/account$/);
  return tab;
}

test('the seed, step by step: enable, role with the two resources, consent in admin and storefront, log in, cart, Action Logs', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const boss = await createAdmin('all');
  await loginDirectly(page, boss);

  // 1. Enable Login as Customer in Stores > Settings > Configuration.
  await setConfig('login_as_customer/general/enabled', '0');
  await page.goto('/admin/stores/config/edit/section/login_as_customer');
  await page.locator('input[name="inherit[login_as_customer/general/enabled]"]').uncheck();
  await page.getByLabel('Enable Login as Customer').selectOption({ label: 'Yes' });
  await page.getByRole('button', { name: 'Save Config' }).click();
  await expect(page.getByText('You saved the configuration.')).toBeVisible();

  // 2. A role with "Allow Login as Customer" and "View Login as Customer Log", and a user in it.
  await page.goto('/admin/system/roles/new');
  const roleName = uniq('Support ');
  await page.getByLabel('Role Name').fill(roleName);
  await page.getByLabel('Your Password').fill(PASSWORD);
  await page.getByLabel('Resource Access').selectOption({ label: 'Custom' });
  const tree = page.locator('.resource-tree');
  await tree.getByLabel('Allow Login as Customer').check();
  await tree.getByLabel('Allow full access').check();
  await tree.getByLabel('View Login as Customer Log').check();
  await tree.getByLabel('All Customers').check();
  await page.getByRole('button', { name: 'Save Role' }).click();
  await expect(page.getByText('You saved the role.')).toBeVisible();
  await page.goto('/admin/system/users/new');
  const username = uniq('support');
  await page.getByLabel('User Name').fill(username);
  await page.getByLabel('First Name').fill('Sam');
  await page.getByLabel('Last Name').fill('Support');
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Password', { exact: true }).fill('Support-pass-42');
  await page.getByLabel('Password Confirmation').fill('Support-pass-42');
  await page.getByRole('link', { name: 'User Role', exact: true }).click();
  await page.getByLabel(roleName).check();
  await page.getByLabel('Your Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Save User' }).click();
  await expect(page.getByText('You saved the user.')).toBeVisible();

  // 3. Consent set in the admin: Account Information > Allow remote shopping assistance = Yes.
  const customer = await createCustomer({ firstName: 'Veronica', lastName: uniq('Costello') });
  await page.goto(`/admin/customers/${customer.id}/edit`);
  await page.getByRole('link', { name: 'Account Information' }).click();
  await page.getByLabel('Allow remote shopping assistance').selectOption({ label: 'Yes' });
  await page.getByRole('button', { name: 'Save Customer' }).click();
  await expect(page.getByText('You saved the customer.')).toBeVisible();

  // 4. Consent on the storefront: the customer sees it ticked in Account Information and keeps it.
  const own = await browser.newContext();
  const shop = await own.newPage();
  await customerSignIn(shop, customer.email);
  await shop.getByRole('link', { name: 'Account Information' }).click();
  await expect(shop.getByLabel('Allow remote shopping assistance')).toBeChecked();
  await shop.getByRole('button', { name: 'Save' }).click();
  await expect(shop.getByText('You saved the account information.')).toBeVisible();

  // 5. The support user logs in as the customer from the customer page.
  const supportContext = await browser.newContext();
  const support = await supportContext.newPage();
  await signInWithForm(support, username, 'Support-pass-42');
  await support.goto(`/admin/customers/${customer.id}/edit`);
  const tab = await loginAsCustomerFrom(support, supportContext);
  await expect(tab.getByText(`You are logged in as customer: ${customer.firstName} ${customer.lastName}`)).toBeVisible();
  const banner = tab.locator('[data-role=lac-banner]');
  await expect(banner).toContainText(`You are connected as ${customer.firstName} ${customer.lastName} on Main Website`);
  await expect(banner.getByRole('button', { name: 'Close Session' })).toBeVisible();

  // 6. Add two products, remove one; the customer's real cart has the other afterwards.
  const keep = await createProduct({ name: uniq('Kept Scarf ') });
  const drop = await createProduct({ name: uniq('Dropped Hat ') });
  for (const p of [keep, drop]) {
    await tab.goto(`/product/${p.urlKey}`);
    await expect(banner).toBeVisible();
    await tab.getByRole('button', { name: 'Add to Cart' }).click();
  }
  await tab.getByRole('button', { name: `Remove item ${drop.name}` }).click();
  await expect(tab.getByText('You removed the item.')).toBeVisible();
  await tab.getByRole('button', { name: 'Close Session' }).click();
  await expect(tab.getByRole('heading', { name: 'You are signed out' })).toBeVisible();
  await expect(tab.locator('[data-role=lac-banner]')).toHaveCount(0);
  await shop.goto('/checkout/cart');
  await expect(shop.locator(`tr[data-sku="${keep.sku}"]`)).toBeVisible();
  await expect(shop.locator(`tr[data-sku="${drop.sku}"]`)).toHaveCount(0);

  // 7. The session in System > Action Logs > Report, Action Group "Login As Customer".
  await page.goto('/admin/system/action-logs');
  await page.getByLabel('Action Group').selectOption({ label: 'Login As Customer' });
  await page.getByLabel('Username').fill(username);
  await page.getByRole('button', { name: 'Search' }).click();
  const rows = page.locator('#action-log-grid tbody tr');
  await expect(rows.filter({ hasText: 'Request Session' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Login' }).first()).toBeVisible();
  await expect(rows.filter({ hasText: 'End Session' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'POST /checkout/cart/add' })).toHaveCount(2);

  // And in Customers > Login as Customer Log.
  await support.goto('/admin/customers/login-as-customer/log');
  await expect(support.locator('#login_as_customer_log_grid')).toContainText(customer.email);
  await own.close();
  await supportContext.close();
});

test('logs in as the customer from the order, invoice, shipment and credit memo pages', async ({ page, context }) => {
  test.setTimeout(90_000);
  const customer = await createCustomer({ consent: true, firstName: 'Doc', lastName: uniq('Buyer') });
  const product = await createProduct();
  const docs = await createOrderWithDocuments(customer, product);
  const admin = await createAdmin([...LAC, ...SALES]);
  await loginDirectly(page, admin);
  for (const url of [
    `/admin/sales/orders/${docs.orderId}`,
    `/admin/sales/invoices/${docs.invoiceId}`,
    `/admin/sales/shipments/${docs.shipmentId}`,
    `/admin/sales/creditmemos/${docs.creditMemoId}`,
  ]) {
    await page.goto(url);
    const tab = await loginAsCustomerFrom(page, context);
    await expect(tab.locator('[data-role=lac-banner]')).toContainText(`${customer.firstName} ${customer.lastName}`);
    await tab.close();
  }
  const { db } = await e2eDb();
  const sessions = await db.selectFrom('lac_sessions').select(['status', 'end_reason']).where('customer_id', '=', customer.id).orderBy('id').execute();
  expect(sessions.map((s) => s.end_reason)).toEqual(['new_session', 'new_session', 'new_session', null]);
});

test('no button for guest orders; the "not enabled" dialog for customers without consent', async ({ page }) => {
  const admin = await createAdmin([...LAC, ...SALES]);
  await loginDirectly(page, admin);
  const customer = await createCustomer({ consent: false });
  const docs = await createOrderWithDocuments(customer, await createProduct());
  const { db } = await e2eDb();
  await page.goto(`/admin/customers/${customer.id}/edit`);
  await page.locator('[data-role=customer-actions]').getByRole('link', { name: 'Login as Customer' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: 'Login as Customer not enabled' })).toBeVisible();
  await expect(dialog).toContainText(
    'The user has not enabled the "Allow remote shopping assistance" functionality. Contact the customer to discuss this user configuration.',
  );
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await db.updateTable('orders').set({ customer_id: null }).where('id', '=', docs.orderId).execute();
  await page.goto(`/admin/sales/orders/${docs.orderId}`);
  await expect(page.locator('[data-role=document-actions]')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Login as Customer' })).toHaveCount(0);
});

test('without JavaScript the button leads to a confirmation page that does the same', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const admin = await createAdmin(LAC);
  await loginDirectly(page, admin);
  const customer = await createCustomer({ consent: true });
  await page.goto(`/admin/customers/${customer.id}/edit`);
  await page.locator('[data-role=customer-actions]').getByRole('link', { name: 'Login as Customer' }).click();
  await expect(page.getByRole('heading', { name: 'You are about to Login as Customer' })).toBeVisible();
  const [tab] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Login as Customer' }).click()]);
  await tab.getByRole('button', { name: 'Continue to the storefront' }).click();
  await expect(tab.locator('[data-role=lac-banner]')).toBeVisible();
  await context.close();
});

test('a shopper never sees the banner or a cached assisted page, and the link works once in one browser', async ({ page, context, browser }) => {
  const customer = await createCustomer({ consent: true, firstName: 'Cache', lastName: uniq('Check') });
  const admin = await createAdmin(LAC);
  await loginDirectly(page, admin);
  // Keep the handoff token to try it again.
  let token = '';
  await context.route('**/loginascustomer/login/redeem', async (route) => {
    token = new URLSearchParams(route.request().postData() ?? '').get('token') ?? token;
    await route.continue();
  });
  await page.goto(`/admin/customers/${customer.id}/edit`);
  const tab = await loginAsCustomerFrom(page, context);
  for (let i = 0; i < 2; i++) {
    const res = await tab.goto('/');
    expect(res!.headers()['x-cache']).toBe('MISS');
    expect(res!.headers()['cache-control']).toBe('private, no-store');
  }
  const anonymous = await browser.newContext();
  const shopper = await anonymous.newPage();
  await shopper.goto('/');
  await expect(shopper.locator('[data-role=lac-banner]')).toHaveCount(0);
  await expect(shopper.getByText(customer.lastName)).toHaveCount(0);

  // The same link again, from another browser: refused, nothing changes there.
  expect(token).not.toBe('');
  await shopper.goto('/');
  await shopper.evaluate((t) => {
    const f = document.createElement('form');
    f.method = 'post';
    f.action = '/loginascustomer/login/redeem';
    const i = document.createElement('input');
    i.name = 'token';
    i.value = t;
    f.appendChild(i);
    const k = document.createElement('input');
    k.name = 'form_key';
    k.value = (document.querySelector('input[name=form_key]') as HTMLInputElement).value;
    f.appendChild(k);
    document.body.appendChild(f);
    f.submit();
  }, token);
  await expect(shopper.getByText('Login was not successful.')).toBeVisible();
  await expect(shopper.locator('[data-role=lac-banner]')).toHaveCount(0);
  await anonymous.close();
});

test('the session ends when the admin signs out of the admin panel, and when the customer revokes consent', async ({ page, context, browser }) => {
  const customer = await createCustomer({ consent: true });
  const admin = await createAdmin(LAC);
  await loginDirectly(page, admin);
  await page.goto(`/admin/customers/${customer.id}/edit`);
  let tab = await loginAsCustomerFrom(page, context);
  await page.getByRole('button', { name: 'Sign Out' }).click();
  await tab.reload();
  await expect(tab.locator('[data-role=lac-banner]')).toHaveCount(0);
  await expect(tab.getByRole('link', { name: 'Sign In' })).toBeVisible();

  await loginDirectly(page, admin);
  await page.goto(`/admin/customers/${customer.id}/edit`);
  tab = await loginAsCustomerFrom(page, context);
  const own = await browser.newContext();
  const shop = await own.newPage();
  await customerSignIn(shop, customer.email);
  await shop.getByRole('link', { name: 'Account Information' }).click();
  await shop.getByLabel('Allow remote shopping assistance').uncheck();
  await shop.getByRole('button', { name: 'Save' }).click();
  await tab.reload();
  await expect(tab.locator('[data-role=lac-banner]')).toHaveCount(0);
  await expect(tab.getByRole('link', { name: 'Sign In' })).toBeVisible();
  await own.close();
});

test('orders placed in an assisted session carry the two comments', async ({ page, context }) => {
  test.setTimeout(60_000);
  const customer = await createCustomer({ consent: true });
  const product = await createProduct();
  const admin = await createAdmin([...LAC, ...SALES]);
  await loginDirectly(page, admin);
  await page.goto(`/admin/customers/${customer.id}/edit`);
  const tab = await loginAsCustomerFrom(page, context);
  await tab.goto(`/product/${product.urlKey}`);
  await tab.getByRole('button', { name: 'Add to Cart' }).click();
  await tab.getByRole('link', { name: 'Proceed to Checkout' }).click();
  // The customer's saved address is chosen; the agent goes on to Review & Payments and places the order.
  await tab.getByRole('button', { name: 'Next' }).click();
  await tab.getByRole('button', { name: 'Place Order' }).click();
  await tab.locator('.order-number').click();
  await expect(tab.locator('.order-comments')).toContainText('Order Placed by Store Administrator');
  await expect(tab.locator('.order-comments')).not.toContainText('using Login as Customer');
  const { db } = await e2eDb();
  const order = await db.selectFrom('orders').select('id').where('customer_id', '=', customer.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
  await page.goto(`/admin/sales/orders/${order.id}?tab=history`);
  await expect(page.locator('.note-list')).toContainText(`Order Placed by ${admin.firstName} ${admin.lastName} using Login as Customer`);
  await expect(page.locator('.note-list')).toContainText('Order Placed by Store Administrator');
});

test('without the opt-in permission the admin field is disabled with the notice', async ({ page }) => {
  const admin = await createAdmin(['customers', 'customers.all']);
  await loginDirectly(page, admin);
  const customer = await createCustomer({ consent: false });
  await page.goto(`/admin/customers/${customer.id}/edit?tab=account`);
  await expect(page.getByLabel('Allow remote shopping assistance')).toBeDisabled();
  await expect(page.getByText('You have no permission to change Opt-In preference.')).toBeVisible();
});

test('Manual Selection: the admin picks a store view on the Second Website', async ({ page, context }) => {
  await setConfig('login_as_customer/general/store_view_manual_choice_enabled', '1');
  const customer = await createCustomer({ consent: true, websiteId: 2, firstName: 'Oskar', lastName: uniq('Berg') });
  const admin = await createAdmin(LAC);
  await loginDirectly(page, admin);
  await page.goto(`/admin/customers/${customer.id}/edit`);
  await page.locator('[data-role=customer-actions]').getByRole('link', { name: 'Login as Customer' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: 'Login as Customer: Select Store' })).toBeVisible();
  const select = dialog.getByLabel('Store View');
  await expect(select.locator('option', { hasText: 'Default Store View' })).toBeDisabled();
  await expect(select).toHaveValue(/\d+/);
  await select.selectOption({ label: 'Second Store View' });
  const [tab] = await Promise.all([context.waitForEvent('page'), dialog.getByRole('button', { name: 'Login as Customer' }).click()]);
  await tab.waitForURL(/\/second\/customer\/account$/);
  await expect(tab.locator('[data-role=lac-banner]')).toContainText(`You are connected as ${customer.firstName} ${customer.lastName} on Second Website`);
  await setConfig('login_as_customer/general/store_view_manual_choice_enabled', '0');
});

test('a customer named like an HTML tag stays text everywhere: banner, admin grids, logs', async ({ page, context }) => {
  const evil = '<img src=x onerror=alert(1)>';
  let alerted = false;
  context.on('dialog', async (d) => {
    alerted = true;
    await d.dismiss();
  });
  const customer = await createCustomer({ consent: true, firstName: evil, lastName: 'Tester' });
  const admin = await createAdmin('all');
  await loginDirectly(page, admin);
  await page.goto(`/admin/customers?search=${encodeURIComponent(customer.email)}`);
  await expect(page.locator('#customer_listing')).toContainText(`${evil} Tester`);
  await page.getByRole('link', { name: `${evil} Tester` }).click();
  const tab = await loginAsCustomerFrom(page, context);
  await expect(tab.locator('[data-role=lac-banner]')).toContainText(`You are connected as ${evil} Tester on Main Website`);
  await expect(tab.getByText(`Welcome, ${evil} Tester!`)).toBeVisible();
  await page.goto('/admin/customers/login-as-customer/log');
  await expect(page.locator('#login_as_customer_log_grid')).toContainText(customer.email);
  await page.goto('/admin/system/action-logs?group=login_as_customer');
  await expect(page.locator('#action-log-grid')).toBeVisible();
  for (const p of [page, tab]) expect(await p.locator('img[src="x"]').count()).toBe(0);
  expect(alerted).toBe(false);
});

// Beyond the peers.

test('with "Require a reason" the agent gives one; the banner shows agent, reason and time; the customer reads it all in Account access history', async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(60_000);
  await setConfig('login_as_customer/general/enabled', '1');
  await setConfig('login_as_customer/general/store_view_manual_choice_enabled', '0');
  await setConfig('login_as_customer/security/require_reason', '1');
  try {
    const customer = await createCustomer({ consent: true, firstName: 'Hanna', lastName: uniq('History') });
    const product = await createProduct({ name: uniq('Blue Mug ') });
    const admin = await createAdmin(
      ['customers', 'customers.all', 'customers.login_as_customer', 'customers.login_as_customer.allow', 'customers.login_as_customer.full_access'],
      {
        firstName: 'Agnes',
        lastName: 'Agent',
      },
    );
    await loginDirectly(page, admin);
    await page.goto(`/admin/customers/${customer.id}/edit`);
    await page.locator('[data-role=customer-actions]').getByRole('link', { name: 'Login as Customer' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason').fill('Ticket #5150: checkout help');
    const [tab] = await Promise.all([context.waitForEvent('page'), dialog.getByRole('button', { name: 'Login as Customer' }).click()]);
    await tab.waitForURL(/\/customer\/account$/);
    const banner = tab.locator('[data-role=lac-banner]');
    await expect(banner).toContainText('Store staff: Agnes Agent.');
    await expect(banner).toContainText('Reason: Ticket #5150: checkout help');
    await expect(banner).toContainText(/Session ends at \d\d:\d\d( [AP]M)? UTC\./);

    await tab.goto(`/product/${product.urlKey}`);
    await tab.getByLabel('Qty').fill('2');
    await tab.getByRole('button', { name: 'Add to Cart' }).click();
    // A blocked action is refused with a clear message.
    await tab.goto('/customer/account/edit');
    await tab.getByLabel('Change Password').check();
    await tab.getByLabel('Current Password').fill('whatever');
    await tab.getByLabel('New Password', { exact: true }).fill('Changed-pass-1');
    await tab.getByLabel('Confirm New Password').fill('Changed-pass-1');
    await tab.getByRole('button', { name: 'Save' }).click();
    await expect(tab.getByText('This action is not available while store staff are signed in to your account.')).toBeVisible();
    await banner.getByRole('button', { name: 'Close Session' }).click();

    const own = await browser.newContext();
    const shop = await own.newPage();
    await customerSignIn(shop, customer.email);
    await shop.getByRole('link', { name: 'Account access history' }).first().click();
    const entry = shop.locator('.access-session').first();
    await expect(entry).toContainText('Agnes Agent from our store signed in to your account');
    await expect(entry).toContainText('Reason: Ticket #5150: checkout help');
    await expect(entry).toContainText(`Added 2 × ${product.name} to the cart`);
    await expect(entry).toContainText('Closed by the admin (Close Session)');
    await own.close();
  } finally {
    await setConfig('login_as_customer/security/require_reason', '0');
  }
});

test('consent "for 24 hours" is offered and, once it runs out, the agent\'s next click lands logged out', async ({ page, context, browser }) => {
  await setConfig('login_as_customer/general/enabled', '1');
  const customer = await createCustomer({ consent: false, firstName: 'Tina', lastName: uniq('Timed') });
  const own = await browser.newContext();
  const shop = await own.newPage();
  await customerSignIn(shop, customer.email);
  await shop.getByRole('link', { name: 'Account Information' }).click();
  await shop.getByLabel('Allow remote shopping assistance').check();
  await shop.getByLabel('Allow it').selectOption({ label: 'for 24 hours' });
  await shop.getByRole('button', { name: 'Save' }).click();
  await expect(shop.getByText('You saved the account information.')).toBeVisible();
  await expect(shop.getByText(/Store staff may sign in to your account to help you until/)).toBeVisible();

  const admin = await createAdmin([
    'customers',
    'customers.all',
    'customers.login_as_customer',
    'customers.login_as_customer.allow',
    'customers.login_as_customer.full_access',
  ]);
  await loginDirectly(page, admin);
  await page.goto(`/admin/customers/${customer.id}/edit`);
  await page.locator('[data-role=customer-actions]').getByRole('link', { name: 'Login as Customer' }).click();
  const [tab] = await Promise.all([context.waitForEvent('page'), page.getByRole('dialog').getByRole('button', { name: 'Login as Customer' }).click()]);
  await tab.waitForURL(/\/customer\/account$/);
  await expect(tab.locator('[data-role=lac-banner]')).toBeVisible();
  // The day passes (the consent's end is moved to the past in the database).
  const { db } = await e2eDb();
  await db.updateTable('customers').set({ assistance_expires_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', customer.id).execute();
  const { bumpVersion } = await import('../src/db/versioned-cache.ts');
  await bumpVersion(db, 'lac_sessions'); // time passing, announced as any change to live sessions is
  await tab.getByRole('link', { name: 'My Cart' }).click();
  await expect(tab.locator('[data-role=lac-banner]')).toHaveCount(0);
  await expect(tab.getByText('Your assisted session has ended.')).toBeVisible();
  await expect(tab.getByRole('link', { name: 'Sign In' })).toBeVisible();
  await own.close();
});

test('a View only session: the banner says so, adding to cart is refused with the message, Close Session ends it', async ({ page, context }) => {
  test.setTimeout(60_000);
  const customer = await createCustomer({ consent: true, firstName: 'Vera', lastName: uniq('Viewer') });
  const product = await createProduct();
  const admin = await createAdmin(LAC);
  await loginDirectly(page, admin);
  await page.goto(`/admin/customers/${customer.id}/edit`);

  await page.locator('[data-role$=actions]').getByRole('link', { name: 'Login as Customer' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('radio', { name: 'Full access' })).toBeChecked();
  await dialog.getByRole('radio', { name: 'View only' }).check();
  const [tab] = await Promise.all([context.waitForEvent('page'), dialog.getByRole('button', { name: 'Login as Customer' }).click()]);
  await tab.waitForURL(/\/customer\/account$/);

  const banner = tab.locator('[data-role=lac-banner]');
  await expect(banner).toContainText(`${customer.firstName} ${customer.lastName}`);
  await expect(banner).toContainText('View only');

  // The customer's pages show as they are; a change is sent back with the reason and nothing is added.
  await tab.goto(`/product/${product.urlKey}`);
  await tab.getByRole('button', { name: 'Add to Cart' }).click();
  await expect(tab.getByText('This is a view-only session: changes are not allowed.')).toBeVisible();
  await expect(tab).toHaveURL(new RegExp(`/product/${product.urlKey}$`));
  const { db } = await e2eDb();
  const items = await db
    .selectFrom('cart_items')
    .innerJoin('carts', 'carts.id', 'cart_items.cart_id')
    .select('cart_items.id')
    .where('carts.customer_id', '=', customer.id)
    .execute();
  expect(items).toEqual([]);
  const refusal = await db
    .selectFrom('action_log')
    .select(['result', 'details'])
    .where('admin_id', '=', admin.id)
    .where('action', '=', 'View-only Refusal')
    .executeTakeFirst();
  expect(refusal).toMatchObject({ result: 'Failure', details: expect.stringContaining('/checkout/cart/add') });

  await banner.getByRole('button', { name: 'Close Session' }).click();
  await tab.waitForURL(/\/customer\/account\/logoutSuccess$/);
  await expect(tab.locator('[data-role=lac-banner]')).toHaveCount(0);
  const session = await db.selectFrom('lac_sessions').select(['status', 'end_reason', 'view_only']).where('admin_id', '=', admin.id).executeTakeFirstOrThrow();
  expect(session).toEqual({ status: 'ended', end_reason: 'closed', view_only: 1 });

  // The log grid shows the session's access.
  await page.goto(`/admin/customers/login-as-customer/log?customer_id=${customer.id}`);
  await expect(page.locator('#login_as_customer_log_grid')).toContainText('View only');
});

test('a help code: the customer without consent gets one, the agent enters it on the customer page and logs in once', async ({ page, context, browser }) => {
  test.setTimeout(90_000);
  await setConfig('login_as_customer/help_code/enabled', '1');
  const customer = await createCustomer({ consent: false, firstName: 'Hedda', lastName: uniq('Helped') });
  const own = await browser.newContext();
  const shop = await own.newPage();
  await customerSignIn(shop, customer.email);
  // "Get help" from the footer; the code is shown on the page the POST answers, never in the address bar.
  await shop.locator('footer').getByRole('link', { name: 'Get help' }).click();
  await expect(shop.getByRole('heading', { name: 'Get help' })).toBeVisible();
  await shop.locator('.account-main').getByRole('button', { name: 'Get help' }).click();
  const code = (await shop.locator('[data-role=help-code]').innerText()).trim();
  expect(code).toMatch(/^\d{6}$/);
  expect(shop.url()).not.toContain(code);
  // The code and its buttons fit a phone and a laptop.
  for (const width of [375, 1366]) {
    await shop.setViewportSize({ width, height: 800 });
    for (const part of [shop.locator('.help-code-page'), shop.locator('[data-role=help-code]'), shop.getByRole('button', { name: 'Cancel the code' })]) {
      const box = (await part.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(width);
    }
  }

  const admin = await createAdmin([...LAC, 'customers.login_as_customer.help_code'], { firstName: 'Hugo', lastName: 'Helper' });
  await loginDirectly(page, admin);
  await page.goto(`/admin/customers/${customer.id}/edit`);
  // Standing consent is off: the button alone would say so. The help code opens the usual confirmation.
  await page.getByLabel('Help code').fill(code);
  await page.getByRole('button', { name: 'Use Help Code' }).click();
  await expect(page.getByText(`Help code accepted: you may now log in as ${customer.firstName} ${customer.lastName} once.`)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'You are about to Login as Customer' })).toBeVisible();
  const [tab] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Login as Customer' }).click()]);
  await tab.waitForURL(/\/customer\/account$/);
  await expect(tab.locator('[data-role=lac-banner]')).toContainText(`You are connected as ${customer.firstName} ${customer.lastName}`);
  await tab.getByRole('link', { name: 'My Cart' }).click();
  await expect(tab.locator('[data-role=lac-banner]')).toBeVisible();

  // The code has been used: entered again, it is refused.
  await page.goto(`/admin/customers/${customer.id}/edit`);
  await page.getByLabel('Help code').fill(code);
  await page.getByRole('button', { name: 'Use Help Code' }).click();
  await expect(page.getByText('This help code is not valid. Check the digits with the customer, or ask them for a new code.')).toBeVisible();

  // The customer's Account access history tells what happened.
  await shop.goto('/customer/access-history');
  await expect(shop.getByText('Hugo Helper entered your help code')).toBeVisible();
  await expect(shop.getByText('Hugo Helper used your help code to sign in to your account once')).toBeVisible();
  await expect(shop.getByText('Started with a help code you gave.')).toBeVisible();
  await own.close();
});

test('the customer\'s own browser shows "Store staff are helping you now" live; End it ends the session at the agent\'s next click', async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(90_000);
  const customer = await createCustomer({ consent: true, firstName: 'Nora', lastName: uniq('Noticed') });
  const own = await browser.newContext();
  const shop = await own.newPage();
  await customerSignIn(shop, customer.email);
  const notice = shop.locator('[data-role=lac-notice]');
  await expect(notice).toBeHidden();

  const admin = await createAdmin(LAC);
  await loginDirectly(page, admin);
  await page.goto(`/admin/customers/${customer.id}/edit`);
  const tab = await loginAsCustomerFrom(page, context);
  await expect(tab.locator('[data-role=lac-banner]')).toBeVisible();

  // No reload: the event stream shows the notice.
  await expect(notice).toBeVisible({ timeout: 10_000 });
  await expect(notice).toContainText('Store staff are helping you now.');
  // On a phone the notice and its button stay on the screen.
  await shop.setViewportSize({ width: 375, height: 800 });
  for (const part of [notice, notice.getByRole('button', { name: 'End it' })]) {
    const box = (await part.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(375);
  }
  await notice.getByRole('button', { name: 'End it' }).click();
  await expect(shop.getByText('You ended the assisted session. Store staff can no longer use your account.')).toBeVisible();
  await expect(shop.locator('[data-role=lac-notice]')).toBeHidden();

  // The agent's next click: signed out, with the reason.
  await tab.getByRole('link', { name: 'My Cart' }).click();
  await expect(tab.getByText('The customer ended this assisted session.')).toBeVisible();
  await expect(tab.locator('[data-role=lac-banner]')).toHaveCount(0);
  await expect(tab.getByRole('link', { name: 'Sign In' })).toBeVisible();
  const { db } = await e2eDb();
  const session = await db.selectFrom('lac_sessions').select(['status', 'end_reason']).where('admin_id', '=', admin.id).executeTakeFirstOrThrow();
  expect(session).toEqual({ status: 'ended', end_reason: 'customer_ended' });
  await shop.goto('/customer/access-history');
  await expect(shop.getByText(/The customer ended it \(End it\)/)).toBeVisible();
  await own.close();
});
