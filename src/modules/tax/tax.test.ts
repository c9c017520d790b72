import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStores } from '../../db/seed/stores.ts';
import { seedTax, TAX_CLASS } from '../../db/seed/tax.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, systemRc, TEST_PASSWORD, unique } from '../../testing/fixtures.ts';
import { createProduct } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { readMailbox } from '../mail/mailer.ts';
import { TAX_RATES_RESOURCE, TAX_RESOURCE, TAX_RULES_RESOURCE } from './index.ts';

// Intl puts no-break spaces between thousands and before "kr"; compare with plain ones.
const plain = (s: string) => s.replace(/[\u00a0\u202f]|&nbsp;|&#160;/g, ' ');

let app: TestApp;
let tshirt: { id: number; urlKey: string };
let coffee: { id: number; urlKey: string };

beforeAll(async () => {
  app = await createTestApp();
  const rc = await systemRc(app);
  // The demo's stores and VAT: /sv enters and shows prices including moms, shipping ($5.00 per item) too.
  const { swedishViewId } = await seedStores(rc);
  await seedTax(rc, swedishViewId);
  tshirt = await createProduct(app, { price: 12_500, qty: 100 });
  coffee = await createProduct(app, { price: 11_200, qty: 100 });
  await app.ctx.db.updateTable('products').set({ tax_class_id: TAX_CLASS.reduced }).where('id', '=', coffee.id).execute();
  app.ctx.services.catalog.invalidate();
});
afterAll(async () => app?.dispose());

const SWEDISH_ADDRESS = {
  address_id: 'new',
  firstname: 'Sven',
  lastname: 'Köpare',
  street: 'Gatan 1',
  city: 'Lund',
  postcode: '222 22',
  country_id: 'SE',
  telephone: '555-1234',
  shipping_method: 'flatrate_flatrate',
  payment_method: 'checkmo',
};

/** A guest's order on /sv: two T-shirts (25 %) and a coffee (12 %), at the total the checkout showed. */
async function swedishOrder() {
  const shopper = new Agent(app);
  expect((await shopper.post('/sv/checkout/cart/add', { product: String(tshirt.id), qty: '2' })).statusCode).toBe(303);
  expect((await shopper.post('/sv/checkout/cart/add', { product: String(coffee.id), qty: '1' })).statusCode).toBe(303);
  const form = { ...SWEDISH_ADDRESS, email: `${unique('sv')}@example.se` };
  const { payment_method: _payment, ...shipping } = form;
  const step = await shopper.post('/sv/checkout/shipping', shipping);
  expect(step.statusCode, step.body.slice(0, 400)).toBe(303);
  // Review & Payments: the totals at the chosen Swedish address, as placement charges them.
  const totals = await shopper.get('/sv/checkout/payment');
  const shown = /name="shown_total" value="(\d+)"/.exec(totals.body)![1]!;
  const placed = await shopper.post('/sv/checkout/placeOrder', { payment_method: 'checkmo', billing_same_as_shipping: '1', shown_total: shown });
  expect(placed.statusCode, placed.body.slice(0, 400)).toBe(303);
  const order = await app.ctx.db.selectFrom('orders').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
  return { shopper, order, checkout: plain(totals.body) };
}

describe('prices including moms on /sv', () => {
  it('shows catalog prices including moms on /sv and excluding tax on the default store view', async () => {
    const guest = new Agent(app);
    // $125.00 includes 25 % moms; at 10.5 SEK per dollar it is 1 312,50 kr.
    expect(plain((await guest.get(`/sv/product/${tshirt.urlKey}`)).body)).toContain('1 312,50 kr');
    expect((await guest.get(`/product/${tshirt.urlKey}`)).body).toContain('$125.00');
  });

  it('places an order that keeps the moms of each line and each rate, with grand total = subtotal + shipping + tax', async () => {
    const { shopper, order, checkout } = await swedishOrder();
    // Gross: 2 × 125.00 + 112.00 + shipping 3 × 5.00 = 377.00; moms 50.00 + 12.00 + 3.00.
    expect(order).toMatchObject({ subtotal: 30_000, subtotal_incl_tax: 36_200, shipping_amount: 1200, shipping_tax_amount: 300, shipping_incl_tax: 1500 });
    expect(order.tax_amount).toBe(6500);
    expect(order.grand_total).toBe(37_700);
    expect(order.grand_total).toBe(order.subtotal + order.shipping_amount + order.tax_amount);
    const items = await app.ctx.db.selectFrom('order_items').selectAll().where('order_id', '=', order.id).orderBy('id').execute();
    expect(items.map((i) => [i.price, i.price_incl_tax, i.row_total, i.row_total_incl_tax, i.tax_amount, i.tax_percent])).toEqual([
      [10_000, 12_500, 20_000, 25_000, 5000, 250_000],
      [10_000, 11_200, 10_000, 11_200, 1200, 120_000],
    ]);
    const taxes = await app.ctx.db.selectFrom('order_tax').select(['code', 'percent', 'amount']).where('order_id', '=', order.id).orderBy('id').execute();
    expect(taxes).toEqual([
      { code: 'SE-25', percent: 250_000, amount: 5300 },
      { code: 'SE-12', percent: 120_000, amount: 1200 },
    ]);
    // The checkout showed the moms lines (Swedish labels, kronor): 377.00 × 10.5 = 3 958,50 kr.
    expect(checkout).toContain('Moms');
    expect(checkout).toContain('SE-25 (25%)');
    expect(checkout).toContain('3 958,50 kr');
    // A rate changed later leaves the placed order as it was.
    const rc = await systemRc(app);
    const se25 = (await app.ctx.services.tax.rates(rc)).find((r) => r.code === 'SE-25')!;
    expect(
      (
        await app.ctx.services.tax.saveRate(
          rc,
          { code: 'SE-25', countryId: 'SE', zipIsRange: false, postcode: '*', zipFrom: '', zipTo: '', rate: '30' },
          se25.id,
        )
      ).ok,
    ).toBe(true);
    const again = await app.ctx.db.selectFrom('orders').select(['tax_amount', 'grand_total']).where('id', '=', order.id).executeTakeFirstOrThrow();
    expect(again).toEqual({ tax_amount: 6500, grand_total: 37_700 });
    expect(
      (
        await app.ctx.services.tax.saveRate(
          rc,
          { code: 'SE-25', countryId: 'SE', zipIsRange: false, postcode: '*', zipFrom: '', zipTo: '', rate: '25' },
          se25.id,
        )
      ).ok,
    ).toBe(true);
    // The confirmation email lists the moms per rate and in total (in the order's currency and language).
    const mail = (await readMailbox(app.ctx.env.VAR_DIR)).find((m) => m.to.includes(order.customer_email))!;
    expect(plain(mail.text)).toContain('SE-25 (25%): 556,50 kr');
    expect(plain(mail.text)).toContain('Moms: 682,50 kr');
    expect(plain(mail.text)).toContain('Totalsumma: 3 958,50 kr');
    expect(shopper).toBeDefined();
  });

  it('invoices the order with its tax and refunds tax in proportion to the quantities, never more than invoiced', async () => {
    const { order } = await swedishOrder();
    const rc = await systemRc(app);
    const sales = app.ctx.services.sales;
    const items = await app.ctx.db.selectFrom('order_items').selectAll().where('order_id', '=', order.id).orderBy('id').execute();
    const [shirts, beans] = [items[0]!, items[1]!];
    // One T-shirt first, then the rest: the shares add up to the order's tax.
    const first = await sales.invoice(rc, order.id, new Map([[shirts.id, 1]]));
    expect(first.ok).toBe(true);
    const rest = await sales.invoice(rc, order.id, null);
    expect(rest.ok).toBe(true);
    const invoices = await app.ctx.db.selectFrom('invoices').selectAll().where('order_id', '=', order.id).orderBy('id').execute();
    expect(invoices.map((d) => [d.subtotal, d.tax_amount, d.shipping_amount, d.shipping_tax_amount, d.grand_total])).toEqual([
      [10_000, 2500 + 300, 1200, 300, 10_000 + 1200 + 2800],
      [20_000, 2500 + 1200, 0, 0, 20_000 + 3700],
    ]);
    expect(invoices.reduce((s, d) => s + d.grand_total, 0)).toBe(order.grand_total);
    expect(invoices.reduce((s, d) => s + d.tax_amount, 0)).toBe(order.tax_amount);
    // Refund one T-shirt without shipping: 100.00 net and 25.00 moms.
    const memo = await sales.refund(rc, order.id, {
      qtys: new Map([[shirts.id, 1]]),
      backToStock: false,
      shipping: 0,
      adjustmentPositive: 0,
      adjustmentNegative: 0,
    });
    expect(memo.ok).toBe(true);
    // The rest with the shipping: everything left, tax included.
    const last = await sales.refund(rc, order.id, {
      qtys: new Map([
        [shirts.id, 1],
        [beans.id, 1],
      ]),
      backToStock: false,
      shipping: 1200,
      adjustmentPositive: 0,
      adjustmentNegative: 0,
    });
    expect(last.ok).toBe(true);
    const memos = await app.ctx.db.selectFrom('credit_memos').selectAll().where('order_id', '=', order.id).orderBy('id').execute();
    expect(memos.map((d) => [d.subtotal, d.tax_amount, d.shipping_tax_amount, d.grand_total])).toEqual([
      [10_000, 2500, 0, 12_500],
      [20_000, 2500 + 1200 + 300, 300, 20_000 + 1200 + 4000],
    ]);
    const after = await app.ctx.db.selectFrom('orders').select(['total_refunded', 'state']).where('id', '=', order.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ total_refunded: order.grand_total, state: 'closed' });
    // Nothing is left to refund, tax included.
    const more = await sales.refund(rc, order.id, { qtys: new Map(), backToStock: false, shipping: 0, adjustmentPositive: 100, adjustmentNegative: 0 });
    expect(more.ok).toBe(false);
  });

  it('shows the tax lines on the admin order and invoice views', async () => {
    const { order } = await swedishOrder();
    const rc = await systemRc(app);
    const invoiced = await app.ctx.services.sales.invoice(rc, order.id, null);
    if (!invoiced.ok) throw new Error(invoiced.messages.join());
    const admin = await createAdmin(app, 'all');
    const agent = new Agent(app);
    await agent.signInAdmin(admin.username, TEST_PASSWORD);
    const view = await agent.get(`/admin/sales/orders/${order.id}`);
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain('Tax');
    expect(view.body).toContain('SE-12 (12%)');
    expect(view.body).toContain('$65.00');
    const invoice = await agent.get(`/admin/sales/invoices/${invoiced.value}`);
    expect(invoice.statusCode).toBe(200);
    expect(invoice.body).toContain('$65.00');
  });
});

describe('Stores > Tax Zones and Rates, Tax Rules', () => {
  const pages = ['/admin/tax/rates', '/admin/tax/rates/new', '/admin/tax/rules', '/admin/tax/rules/new'];

  it('is refused without a session and without the resource, and shown with it', async () => {
    const anonymous = new Agent(app);
    for (const path of pages) {
      const res = await anonymous.get(path);
      expect(res.statusCode, path).toBe(302);
      expect(res.headers.location).toContain('/admin');
    }
    const posted = await anonymous.post('/admin/tax/rates/save', { code: 'X', tax_country_id: 'SE', rate: '1' });
    expect([302, 303]).toContain(posted.statusCode);
    const other = await createAdmin(app, ['stores', 'stores.settings']);
    const wrong = new Agent(app);
    await wrong.signInAdmin(other.username, TEST_PASSWORD);
    for (const path of pages) expect((await wrong.get(path)).statusCode, path).toBe(403);
    expect((await wrong.post('/admin/tax/rates/save', { code: unique('X'), tax_country_id: 'SE', rate: '1' })).statusCode).toBe(403);
    const ratesOnly = await createAdmin(app, ['stores', TAX_RESOURCE, TAX_RATES_RESOURCE]);
    const right = new Agent(app);
    await right.signInAdmin(ratesOnly.username, TEST_PASSWORD);
    expect((await right.get('/admin/tax/rates')).statusCode).toBe(200);
    expect((await right.get('/admin/tax/rules')).statusCode).toBe(403);
    const both = await createAdmin(app, ['stores', TAX_RESOURCE, TAX_RATES_RESOURCE, TAX_RULES_RESOURCE]);
    const full = new Agent(app);
    await full.signInAdmin(both.username, TEST_PASSWORD);
    for (const path of pages) expect((await full.get(path)).statusCode, path).toBe(200);
  });

  it('refuses bad rates with clear messages and changes nothing, saves good ones in the Action Log', async () => {
    const admin = await createAdmin(app, ['stores', TAX_RESOURCE, TAX_RATES_RESOURCE, TAX_RULES_RESOURCE]);
    const agent = new Agent(app);
    await agent.signInAdmin(admin.username, TEST_PASSWORD);
    const count = async () => (await app.ctx.db.selectFrom('tax_rates').select('id').execute()).length;
    const before = await count();
    const cases: [Record<string, string>, string][] = [
      [{ code: '', tax_country_id: 'SE', rate: '5' }, 'This is a required field.'],
      [{ code: unique('R'), tax_country_id: 'SE', rate: '101' }, 'Enter a rate from 0 to 100 with at most 4 decimals'],
      [{ code: unique('R'), tax_country_id: 'SE', rate: '1.23456' }, 'Enter a rate from 0 to 100 with at most 4 decimals'],
      [{ code: unique('R'), tax_country_id: 'SE', rate: 'abc' }, 'Enter a rate from 0 to 100 with at most 4 decimals'],
      [{ code: unique('R'), tax_country_id: 'XX', rate: '5' }, 'Please select a country.'],
      [
        { code: unique('R'), tax_country_id: 'US', rate: '5', zip_is_range: '1', zip_from: '96199', zip_to: '90000' },
        'Range To must not be lower than Range From.',
      ],
      [{ code: unique('R'), tax_country_id: 'US', rate: '5', tax_postcode: '9*9*' }, 'Enter &#34;*&#34;, a postcode'],
      [{ code: 'SE-25', tax_country_id: 'SE', rate: '5' }, 'Code already exists.'],
    ];
    for (const [form, message] of cases) {
      const res = await agent.post('/admin/tax/rates/save', form);
      expect(res.statusCode, JSON.stringify(form)).toBe(400);
      expect(res.body).toContain(message);
    }
    expect(await count()).toBe(before);
    expect((await agent.post('/admin/tax/rates/save', { code: unique('R'), tax_country_id: 'SE', rate: '5' }, { formKey: false })).statusCode).toBe(403);
    const code = unique('NO-');
    const saved = await agent.post('/admin/tax/rates/save', {
      code,
      tax_country_id: 'NO',
      rate: '15.125',
      zip_is_range: '1',
      zip_from: '0001',
      zip_to: '4999',
    });
    expect(saved.statusCode).toBe(303);
    const row = await app.ctx.db.selectFrom('tax_rates').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ tax_country_id: 'NO', rate: 151_250, zip_is_range: 1, zip_from: '0001', zip_to: '4999' });
    const log = await app.ctx.db.selectFrom('action_log').selectAll().where('action_group', '=', 'tax').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(log.details).toContain(`Tax rate "${code}"`);
    expect(log.details).toContain('15.125%');
  });

  it('refuses bad rules, deletes with a confirmation, and keeps a rule from losing its only rate', async () => {
    const admin = await createAdmin(app, ['stores', TAX_RESOURCE, TAX_RATES_RESOURCE, TAX_RULES_RESOURCE]);
    const agent = new Agent(app);
    await agent.signInAdmin(admin.username, TEST_PASSWORD);
    const rc = await systemRc(app);
    const rateCode = unique('DK-');
    const rate = await app.ctx.services.tax.saveRate(rc, {
      code: rateCode,
      countryId: 'DK',
      zipIsRange: false,
      postcode: '*',
      zipFrom: '',
      zipTo: '',
      rate: '25',
    });
    if (!rate.ok) throw new Error(rate.messages.join());
    const rules = async () => (await app.ctx.db.selectFrom('tax_rules').select('id').execute()).length;
    const before = await rules();
    const bad = await agent.post('/admin/tax/rules/save', {
      code: unique('Rule '),
      tax_rate: String(rate.value),
      tax_customer_class: '2',
      priority: 'x',
      position: '0',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Select at least one product tax class.');
    expect(bad.body).toContain('Enter a whole number from 0 to 999999.');
    const wrongClass = await agent.post('/admin/tax/rules/save', {
      code: unique('Rule '),
      tax_rate: String(rate.value),
      tax_customer_class: String(TAX_CLASS.taxable), // a product class is not a customer class
      tax_product_class: String(TAX_CLASS.taxable),
      priority: '0',
      position: '0',
    });
    expect(wrongClass.statusCode).toBe(400);
    expect(wrongClass.body).toContain('Select at least one customer tax class.');
    expect(await rules()).toBe(before);
    const name = unique('Moms DK ');
    const ok = await agent.post('/admin/tax/rules/save', {
      code: name,
      tax_rate: String(rate.value),
      tax_customer_class: '2',
      tax_product_class: ['1', '3'],
      priority: '0',
      position: '5',
    });
    expect(ok.statusCode).toBe(303);
    const rule = await app.ctx.db.selectFrom('tax_rules').selectAll().where('code', '=', name).executeTakeFirstOrThrow();
    expect((await agent.get('/admin/tax/rules')).body).toContain(rateCode);
    // The rule's only rate cannot go; the rule can, after its confirmation page.
    const refused = await agent.post(`/admin/tax/rates/${rate.value}/delete`);
    expect(refused.statusCode).toBe(303);
    expect(await app.ctx.services.tax.rate(rc, rate.value)).toBeDefined();
    const confirm = await agent.get(`/admin/tax/rules/${rule.id}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain(`Are you sure you want to delete the tax rule &#34;${name}&#34;?`);
    expect((await agent.post(`/admin/tax/rules/${rule.id}/delete`)).statusCode).toBe(303);
    expect(await app.ctx.services.tax.rule(rc, rule.id)).toBeUndefined();
    expect((await agent.post(`/admin/tax/rates/${rate.value}/delete`)).statusCode).toBe(303);
    expect(await app.ctx.services.tax.rate(rc, rate.value)).toBeUndefined();
    const actions = await app.ctx.db.selectFrom('action_log').select('action').where('action_group', '=', 'tax').orderBy('id', 'desc').limit(2).execute();
    expect(actions.map((a) => a.action)).toEqual(['Delete Rate', 'Delete Rule']);
  });

  it('gives customer groups a customer tax class and refuses a product class or an unknown one', async () => {
    const admin = await createAdmin(app, ['customers', 'customers.groups']);
    const agent = new Agent(app);
    await agent.signInAdmin(admin.username, TEST_PASSWORD);
    const groups = async () => (await app.ctx.db.selectFrom('customer_groups').select('id').execute()).length;
    const before = await groups();
    for (const bad of [String(TAX_CLASS.taxable), '999', 'x']) {
      const res = await agent.post('/admin/customers/groups/save', { code: unique('G'), tax_class_id: bad });
      expect(res.statusCode, bad).toBe(400);
      expect(res.body).toContain('Please select a tax class.');
    }
    expect(await groups()).toBe(before);
    const code = unique('Untaxed ');
    expect((await agent.post('/admin/customers/groups/save', { code, tax_class_id: '0' })).statusCode).toBe(303);
    const group = await app.ctx.db.selectFrom('customer_groups').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
    expect(group.tax_class_id).toBe(0);
    const form = await agent.get(`/admin/customers/groups/${group.id}/edit`);
    expect(form.body).toMatch(/<option value="0" selected>None<\/option>/);
  });
});
