import { createProduct, e2eDb, expect, PASSWORD, setConfig, test, uniq } from './fixtures.ts';

test('a customer registers with the consent box, manages the account, orders and reorders', async ({ page }) => {
  test.setTimeout(90_000);
  await setConfig('login_as_customer/general/enabled', '1');
  const product = await createProduct({ price: 4200, name: uniq('Account Kettle ') });
  const email = `${uniq('reg')}@example.com`.toLowerCase();

  await page.goto('/');
  await page.getByRole('link', { name: 'Create an Account' }).click();
  await page.getByLabel('First Name').fill('Regina');
  await page.getByLabel('Last Name').fill('Register');
  const consent = page.getByLabel('Allow remote shopping assistance');
  await expect(consent).not.toBeChecked();
  await consent.check();
  await page.getByLabel('Email').fill(email);
  // A weak password is refused and nothing is created.
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByLabel('Confirm Password').fill('short');
  await page.getByRole('button', { name: 'Create an Account' }).click();
  await expect(page.getByText('Minimum length of this field must be equal or greater than 8 symbols.', { exact: false })).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create an Account' }).click();
  await expect(page.getByText('Thank you for registering with Main Website.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'My Account' })).toBeVisible();

  // Account Information shows the consent and changes the name.
  await page.getByRole('link', { name: 'Account Information' }).click();
  await expect(page.getByLabel('Allow remote shopping assistance')).toBeChecked();
  await page.getByLabel('First Name').fill('Reggie');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('You saved the account information.')).toBeVisible();
  await expect(page.getByText('Welcome, Reggie Register!')).toBeVisible();

  // Address book.
  await page.getByRole('link', { name: 'Address Book' }).click();
  await page.getByRole('link', { name: 'Add New Address' }).click();
  await page.getByLabel('Phone Number').fill('555-0101');
  await page.getByLabel('Street Address').fill('5 Consent Court');
  await page.getByLabel('City').fill('Malmö');
  await page.getByLabel('Zip/Postal Code').fill('21119');
  await page.getByLabel('Country').selectOption({ label: 'Sweden' });
  await page.getByRole('button', { name: 'Save Address' }).click();
  await expect(page.getByText('You saved the address.')).toBeVisible();
  await expect(page.locator('.block-addresses-default')).toContainText('5 Consent Court');

  // Newsletter.
  await page.getByRole('link', { name: 'Newsletter Subscriptions' }).click();
  await page.getByLabel('General Subscription').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('We have saved your subscription.')).toBeVisible();

  // Wish list, then from the wish list into the cart.
  await page.goto(`/product/${product.urlKey}`);
  await page.getByRole('button', { name: 'Add to Wish List' }).click();
  await expect(page.getByText('The product has been added to your Wish List.')).toBeVisible();
  await expect(page.locator(`.wishlist [data-sku="${product.sku}"]`)).toBeVisible();
  await page.locator(`.wishlist [data-sku="${product.sku}"]`).getByRole('button', { name: 'Add to Cart' }).click();
  await expect(page.getByText('You moved the item from your Wish List to your shopping cart.')).toBeVisible();

  // Checkout with the saved address: its card is chosen and the new-address form stays closed.
  await page.getByRole('link', { name: 'Proceed to Checkout' }).click();
  const card = page.locator('.shipping-address-item', { hasText: '5 Consent Court' });
  await expect(card.getByRole('radio')).toBeChecked();
  await expect(page.getByLabel('Street Address')).toBeHidden();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.locator('.opc-progress-bar [aria-current=step]')).toHaveText('Review & Payments');
  await expect(page.locator('.opc-block-shipping-information')).toContainText('5 Consent Court');
  await page.getByRole('button', { name: 'Place Order' }).click();
  await expect(page.getByRole('heading', { name: 'Thank you for your purchase!' })).toBeVisible();
  const number = (await page.locator('.order-number').innerText()).trim();
  await expect(page.getByText('Your order number is:')).toBeVisible();

  // My Orders, order view, Reorder.
  await page.getByRole('link', { name: 'My Account' }).click();
  await page.getByRole('link', { name: 'My Orders' }).click();
  await expect(page.locator('#my-orders-table')).toContainText(number);
  await page.getByRole('link', { name: 'View Order' }).first().click();
  await expect(page.getByRole('heading', { name: `Order # ${number}` })).toBeVisible();
  await page.getByRole('button', { name: 'Reorder' }).click();
  await expect(page.getByRole('heading', { name: 'Shopping Cart' })).toBeVisible();
  await expect(page.locator(`tr[data-sku="${product.sku}"]`)).toBeVisible();

  // The reordered cart goes to a new address: "New Address" opens the form, Next, and the order ships there.
  await page.getByRole('link', { name: 'Proceed to Checkout' }).click();
  await page.getByText('+ New Address').click();
  await expect(page.getByLabel('Street Address')).toBeVisible();
  await page.getByLabel('Phone Number').fill('555-0102');
  await page.getByLabel('Street Address').fill('7 Second Street');
  await page.getByLabel('City').fill('Lund');
  await page.getByLabel('Zip/Postal Code').fill('22100');
  await page.getByLabel('Country').selectOption({ label: 'Sweden' });
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.locator('.opc-block-shipping-information')).toContainText('7 Second Street');
  await page.getByRole('button', { name: 'Place Order' }).click();
  await expect(page.getByRole('heading', { name: 'Thank you for your purchase!' })).toBeVisible();
  // The order number links to the order.
  const second = (await page.locator('.order-number').innerText()).trim();
  await page.locator('.order-number').click();
  await expect(page.getByRole('heading', { name: `Order # ${second}` })).toBeVisible();

  const { db } = await e2eDb();
  const customer = await db.selectFrom('customers').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
  expect(customer.assistance_allowed).toBe(1);
  expect(customer.firstname).toBe('Reggie');
  const history = await db.selectFrom('customer_consents').selectAll().where('customer_id', '=', customer.id).execute();
  expect(history.map((h) => [h.allowed, h.surface])).toEqual([[1, 'storefront']]);
  const sub = await db.selectFrom('newsletter_subscribers').selectAll().where('customer_id', '=', customer.id).executeTakeFirstOrThrow();
  expect(sub.status).toBe('subscribed');

  // Sign out.
  await page.getByRole('button', { name: 'Sign Out' }).click();
  await expect(page.getByRole('heading', { name: 'You are signed out' })).toBeVisible();
  // …and, as the page says, the homepage 5 seconds later.
  await expect(page).toHaveURL(/\/$/, { timeout: 10_000 });
});

test('a customer registers without ticking the consent box: no consent is stored', async ({ page }) => {
  await setConfig('login_as_customer/general/enabled', '1');
  const email = `${uniq('noconsent')}@example.com`.toLowerCase();
  await page.goto('/customer/account/create');
  await page.getByLabel('First Name').fill('Nora');
  await page.getByLabel('Last Name').fill('Noconsent');
  await expect(page.getByLabel('Allow remote shopping assistance')).not.toBeChecked();
  // How long to allow it is asked only once the box is ticked.
  await expect(page.getByLabel('Allow it')).toBeHidden();
  await page.getByLabel('Allow remote shopping assistance').check();
  await expect(page.getByLabel('Allow it')).toBeVisible();
  await page.getByLabel('Allow remote shopping assistance').uncheck();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create an Account' }).click();
  await expect(page.getByRole('heading', { name: 'My Account' })).toBeVisible();
  await page.getByRole('link', { name: 'Account Information' }).click();
  await expect(page.getByLabel('Allow remote shopping assistance')).not.toBeChecked();
  const { db } = await e2eDb();
  const customer = await db.selectFrom('customers').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
  expect(customer.assistance_allowed).toBe(0);
});
