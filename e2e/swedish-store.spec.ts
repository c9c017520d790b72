import type { BrowserContext, Page } from '@playwright/test';
import { createAdmin, createCustomer, createProduct, e2eDb, expect, loginDirectly, PASSWORD, setConfig, test, uniq } from './fixtures.ts';

/**
 * The merchant guide's steps in Swedish: an administrator whose Interface Locale is Svenska (Sverige) and a customer
 * of the Swedish Store View (/sv). Every locator is a Swedish label, so the journey fails on any untranslated step.
 * Settings it saves are only ever set to what the other journeys expect ("Enable Login as Customer" = Yes).
 */
test.describe.configure({ mode: 'serial' });

async function swedishViewId() {
  const { db } = await e2eDb();
  return (await db.selectFrom('store_views').select('id').where('code', '=', 'sv').executeTakeFirstOrThrow()).id;
}

/** An administrator with Resource Access All whose admin panel is in Swedish. */
async function swedishAdmin(firstName = 'Karin', lastName = 'Chef') {
  const admin = await createAdmin('all', { firstName, lastName });
  const { db } = await e2eDb();
  await db.updateTable('admin_users').set({ interface_locale: 'sv_SE' }).where('id', '=', admin.id).execute();
  return admin;
}

/** A customer of the Swedish Store View (Main Website), without consent. */
async function swedishCustomer() {
  const customer = await createCustomer({ firstName: 'Astrid', lastName: uniq('Lindqvist') });
  const { db } = await e2eDb();
  await db
    .updateTable('customers')
    .set({ store_view_id: await swedishViewId() })
    .where('id', '=', customer.id)
    .execute();
  return customer;
}

/** "Logga in som kund" on the customer page, confirmed in the dialog; the storefront tab it opens. */
async function loginAsCustomerFrom(page: Page, context: BrowserContext): Promise<Page> {
  await page.locator('[data-role=customer-actions]').getByRole('link', { name: 'Logga in som kund' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: /Du är på väg att logga in som kund|Logga in som kund: välj butik/ })).toBeVisible();
  await expect(dialog.getByText('Åtgärder som utförs med "Logga in som kund" påverkar kundens riktiga data.')).toBeVisible();
  // With Store View to Log in = Manual Selection (another journey may have it on), the customer's own view is chosen.
  const select = dialog.getByLabel('Butiksvy');
  if (await select.count()) await select.selectOption({ label: 'Swedish Store View' });
  const [tab] = await Promise.all([context.waitForEvent('page'), dialog.getByRole('button', { name: 'Logga in som kund' }).click()]);
  await tab.waitForURL(/\/sv\/customer\/account$/);
  return tab;
}

/** Saves a product's Swedish Store View name in the admin: Omfattning → Swedish Store View, untick "Använd standardvärde". */
async function swedishProductName(page: Page, productId: number, name: string) {
  await page.goto(`/admin/catalog/products/${productId}/edit`);
  await page.getByLabel('Omfattning:').selectOption({ label: 'Swedish Store View' });
  await expect(page.getByText('Du redigerar texten som visas i butiksvyn "Swedish Store View".', { exact: false })).toBeVisible();
  await expect(page.getByLabel('Pris')).toHaveCount(0);
  const useDefault = page.locator('input[name=use_default_name]');
  await expect(useDefault).toBeChecked();
  await expect(page.getByLabel('Produktnamn', { exact: false })).toBeDisabled();
  await useDefault.uncheck();
  await page.getByLabel('Produktnamn', { exact: false }).fill(name);
  await page.getByRole('button', { name: 'Spara' }).click();
  await expect(page.getByText('Produkten har sparats.')).toBeVisible();
  await expect(page.getByLabel('Produktnamn', { exact: false })).toHaveValue(name);
}

test('Swedish: enable, role, consent, Logga in som kund, banner, an order with both comments, Avsluta sessionen, the Action Log', async ({ page, browser }) => {
  test.setTimeout(150_000);
  const boss = await swedishAdmin();
  await loginDirectly(page, boss);
  await setConfig('login_as_customer/general/enabled', '1');

  // 1. Aktivera funktionen: Butiker > Konfiguration > Logga in som kund, "Aktivera inloggning som kund" = Ja.
  await page.goto('/admin/stores/config/edit/section/login_as_customer');
  await page.locator('input[name="inherit[login_as_customer/general/enabled]"]').uncheck();
  await page.getByLabel('Aktivera inloggning som kund').selectOption({ label: 'Ja' });
  await page.getByRole('button', { name: 'Spara konfiguration' }).click();
  await expect(page.getByText('Konfigurationen har sparats.')).toBeVisible();

  // 2. Aktivera åtkomst: a role with the Login as Customer resources, and a support user in it (Swedish panel too).
  await page.goto('/admin/system/roles/new');
  const roleName = uniq('Kundtjänst ');
  await page.getByLabel('Rollnamn').fill(roleName);
  await page.getByLabel('Ditt lösenord').fill(PASSWORD);
  await page.getByLabel('Resursåtkomst').selectOption({ label: 'Anpassad' });
  const tree = page.locator('.resource-tree');
  await tree.getByLabel('Tillåt inloggning som kund').check();
  await tree.getByLabel('Tillåt full åtkomst').check();
  await tree.getByLabel('Visa loggen för inloggning som kund').check();
  await tree.getByLabel('Alla kunder').check();
  await page.getByRole('button', { name: 'Spara roll' }).click();
  await expect(page.getByText('Rollen har sparats.')).toBeVisible();
  await page.goto('/admin/system/users/new');
  const username = uniq('kundtjanst');
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Förnamn').fill('Sam');
  await page.getByLabel('Efternamn').fill('Support');
  await page.getByLabel('E-post').fill(`${username}@example.com`);
  await page.getByLabel('Lösenord', { exact: true }).fill('Support-pass-42');
  await page.getByLabel('Bekräfta lösenord').fill('Support-pass-42');
  await page.getByLabel('Gränssnittsspråk').selectOption({ label: 'Svenska (Sverige)' });
  await page.getByRole('link', { name: 'Användarroll', exact: true }).click();
  await page.getByLabel(roleName).check();
  await page.getByLabel('Ditt lösenord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Spara användare' }).click();
  await expect(page.getByText('Användaren har sparats.')).toBeVisible();

  // The product the customer will buy, with its Swedish Store View name saved in the Swedish panel.
  const product = await createProduct({ name: uniq('Travel Scarf ') });
  const swedishName = `Resescarf ${product.sku}`;
  await swedishProductName(page, product.id, swedishName);

  // 3. Logga in som kund från administratören: Kontoinformation > Tillåt fjärrshoppingassistans = Ja.
  const customer = await swedishCustomer();
  await page.goto(`/admin/customers/${customer.id}/edit`);
  await page.getByRole('link', { name: 'Kontoinformation' }).click();
  await page.getByLabel('Tillåt fjärrshoppingassistans').selectOption({ label: 'Ja' });
  await page.getByRole('button', { name: 'Spara kund' }).click();
  await expect(page.getByText('Kunden har sparats.')).toBeVisible();

  // 4. Kundkontobehörighet: on /sv the customer sees the box ticked in Kontoinformation and saves it.
  const own = await browser.newContext({ locale: 'sv-SE' });
  const shop = await own.newPage();
  await shop.goto('/sv/customer/account/login');
  await shop.getByLabel('E-post', { exact: true }).fill(customer.email);
  await shop.getByLabel('Lösenord', { exact: true }).fill(customer.password);
  await shop.getByRole('button', { name: 'Logga in' }).click();
  await expect(shop.getByRole('heading', { name: 'Mitt konto' })).toBeVisible();
  await shop.getByRole('link', { name: 'Kontoinformation' }).click();
  await expect(shop.getByLabel('Tillåt fjärrshoppingassistans')).toBeChecked();
  await shop.getByRole('button', { name: 'Spara' }).click();
  await expect(shop.getByText('Kontoinformationen har sparats.')).toBeVisible();

  // 5. The support user signs in (the sign-in page in Swedish from the browser's language) and logs in as the customer.
  const supportContext = await browser.newContext({ locale: 'sv-SE' });
  const support = await supportContext.newPage();
  await support.goto('/admin/login');
  await support.getByLabel('Användarnamn').fill(username);
  await support.getByLabel('Lösenord').fill('Support-pass-42');
  await support.getByRole('button', { name: 'Logga in' }).click();
  await support.goto(`/admin/customers/${customer.id}/edit`);
  const tab = await loginAsCustomerFrom(support, supportContext);
  await expect(tab.getByText(`Du är inloggad som kunden: ${customer.firstName} ${customer.lastName}`)).toBeVisible();
  const banner = tab.locator('[data-role=lac-banner]');
  await expect(banner).toContainText(`Du är inloggad som ${customer.firstName} ${customer.lastName} på Main Website`);
  await expect(banner.getByRole('button', { name: 'Avsluta sessionen' })).toBeVisible();

  // 6. An order for the customer on /sv: the Swedish product name throughout, and both comments in Swedish.
  await tab.goto(`/sv/product/${product.urlKey}`);
  await expect(tab.getByRole('heading', { name: swedishName })).toBeVisible();
  await tab.getByRole('button', { name: 'Lägg i varukorgen' }).click();
  await expect(tab.getByRole('button', { name: `Ta bort artikeln ${swedishName}` })).toBeVisible();
  await tab.getByRole('link', { name: 'Till kassan' }).click();
  await tab.getByRole('button', { name: 'Nästa' }).click();
  await tab.getByRole('button', { name: 'Slutför köp' }).click();
  await expect(tab.getByRole('heading', { name: 'Tack för ditt köp!' })).toBeVisible();
  await tab.locator('.order-number').click();
  await expect(tab.getByText(swedishName)).toBeVisible();
  await expect(tab.locator('.order-comments')).toContainText('Beställningen lades av butikspersonal');
  await expect(tab.locator('.order-comments')).not.toContainText('med Logga in som kund');
  const { db } = await e2eDb();
  const order = await db.selectFrom('orders').select('id').where('customer_id', '=', customer.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const items = await db.selectFrom('order_items').select('name').where('order_id', '=', order.id).execute();
  expect(items.map((i) => i.name)).toEqual([swedishName]);
  await page.goto(`/admin/sales/orders/${order.id}?tab=history`);
  await expect(page.locator('.note-list')).toContainText('Beställningen lades av butikspersonal');
  await expect(page.locator('.note-list')).toContainText('Ordern lades av Sam Support med Logga in som kund');

  // 7. Avsluta sessionen: the banner goes, the customer's own browser is still signed in.
  await tab.getByRole('button', { name: 'Avsluta sessionen' }).click();
  await expect(tab.getByRole('heading', { name: 'Du är utloggad' })).toBeVisible();
  await expect(tab.locator('[data-role=lac-banner]')).toHaveCount(0);
  await shop.goto('/sv/customer/account');
  await expect(shop.getByRole('heading', { name: 'Mitt konto' })).toBeVisible();

  // 8. Åtgärdsrapporten filtered on the Action Group "Logga in som kund".
  await page.goto('/admin/system/action-logs');
  await expect(page.getByRole('heading', { name: 'Åtgärdsrapport' })).toBeVisible();
  await page.getByLabel('Åtgärdsgrupp').selectOption({ label: 'Logga in som kund' });
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByRole('button', { name: 'Sök' }).click();
  const rows = page.locator('#action-log-grid tbody tr');
  await expect(rows.filter({ hasText: 'Begär session' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Avsluta session' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'POST /checkout/placeOrder' })).toHaveCount(1);
  await own.close();
  await supportContext.close();
});

test('the Swedish Store View shows the demo catalog in Swedish, the default store view in English, each page cached apart', async ({ page }) => {
  const { db } = await e2eDb();
  const sv = await swedishViewId();
  const demo = await db
    .selectFrom('products as p')
    .innerJoin('catalog_product_text as pt', 'pt.product_id', 'p.id')
    .select(['p.name', 'p.url_key', 'pt.name as sv_name'])
    .where('p.sku', '=', 'DEMO-001')
    .where('pt.store_view_id', '=', sv)
    .executeTakeFirstOrThrow();
  expect(demo.sv_name).not.toBe(demo.name);
  for (let i = 0; i < 2; i++) {
    await page.goto(`/sv/product/${demo.url_key}`);
    await expect(page.getByRole('heading', { name: demo.sv_name! })).toBeVisible();
    await expect(page.locator('.product.attribute.description')).toContainText('en demoprodukt i kategorin');
    await expect(page.locator('.product.attribute.overview')).toHaveText(/^Från \S+-serien – gjord för att hålla\.$/);
    await expect(page.locator('.gallery-image img, .product-placeholder').first()).toHaveAccessibleName(demo.sv_name!);
    await page.goto(`/product/${demo.url_key}`);
    await expect(page.getByRole('heading', { name: demo.name })).toBeVisible();
    await expect(page.locator('.product.attribute.overview')).toHaveText(/^From the \S+ line — made to last\.$/);
  }
  await page.goto('/sv/category/gear');
  await expect(page.getByRole('heading', { name: 'Utrustning' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Kategorier' });
  await expect(nav.getByRole('link', { name: 'Dam' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Rea' })).toBeVisible();
  await expect(page.locator('.product-item-name').first()).toHaveText(
    /^\S+ (Ryggsäck|Bag|Tygkasse|Yogamatta|Kettlebell|Hopprep|Massagerulle|Klocka|Kronograf) \d+$/,
  );
  await page.goto('/sv/category/gear-bags');
  await expect(page.getByRole('heading', { name: 'Väskor' })).toBeVisible();
  await page.goto('/category/gear-bags');
  await expect(page.getByRole('heading', { name: 'Bags' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Categories' }).getByRole('link', { name: 'Women' })).toBeVisible();
  // Search on /sv finds the Swedish name.
  await page.goto(`/sv/catalogsearch/result?q=${encodeURIComponent(demo.sv_name!)}`);
  await expect(page.locator('.product-item-name', { hasText: demo.sv_name! })).toBeVisible();
});
