import { createAdmin, createCustomer, createProduct, e2eDb, expect, loginDirectly, setConfig, test, uniq } from './fixtures.ts';

// Settings are global to the server: one journey after another.
test.describe.configure({ mode: 'serial' });

const LAC = [
  'customers',
  'customers.all',
  'customers.login_as_customer',
  'customers.login_as_customer.allow',
  'customers.login_as_customer.full_access',
  'customers.login_as_customer.view_log',
];

test.beforeEach(async () => {
  await setConfig('login_as_customer/general/enabled', '1');
  await setConfig('login_as_customer/general/store_view_manual_choice_enabled', '0');
  await setConfig('login_as_customer/general/disable_page_cache', '1');
  await setConfig('login_as_customer/general/default_access', 'full');
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
