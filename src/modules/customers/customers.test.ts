import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../kernel/request-context.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD, unique } from '../../testing/fixtures.ts';
import { createCustomer, createProduct, signInCustomer } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { LAC_ENABLED } from '../login-as-customer/settings.ts';
import { readMailbox } from '../mail/mailer.ts';
import { customersRepo } from './repo.ts';
import { NO_OPT_IN_PERMISSION } from './service.ts';
import { STOREFRONT_COOKIE } from './session.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

const setLac = async (on: boolean) => app.ctx.services.config.save(await systemContext(app.ctx), 'default', 0, [{ path: LAC_ENABLED, value: on ? '1' : '0' }]);
const register = (agent: Agent, fields: Record<string, string>) =>
  agent.post('/customer/account/createpost', {
    firstname: 'Rae',
    lastname: 'Gister',
    password: 'Good-pass-123',
    password_confirmation: 'Good-pass-123',
    ...fields,
  });
const count = async () =>
  Number(
    (
      await app.ctx.db
        .selectFrom('customers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('registration and sign-in', () => {
  it('refuses bad input with messages and creates nothing', async () => {
    const before = await count();
    const res = await register(new Agent(app), { firstname: '', email: 'not-an-email', password: 'abc', password_confirmation: 'abc' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Please enter a valid email address (Ex: johndoe@domain.com).');
    expect(res.body).toContain('Minimum length of this field must be equal or greater than 8 symbols.');
    expect(res.body).toContain('This is a required field.');
    const weak = await register(new Agent(app), { email: `${unique('w')}@example.com`, password: 'alllowercase', password_confirmation: 'alllowercase' });
    expect(weak.body).toContain('Minimum of different classes of characters in password is 3.');
    expect(await count()).toBe(before);
  });

  it('stores consent with history only while the feature is enabled', async () => {
    await setLac(false);
    const off = `${unique('off')}@example.com`;
    const a = new Agent(app);
    expect((await a.get('/customer/account/create')).body).not.toContain('Allow remote shopping assistance');
    await register(a, { email: off, assistance_allowed: '1' });
    expect((await customersRepo.byEmail(app.ctx.db, off))!.assistance_allowed).toBe(0);

    await setLac(true);
    const on = `${unique('on')}@example.com`;
    const b = new Agent(app);
    const form = await b.get('/customer/account/create');
    expect(form.body).toContain('Allow remote shopping assistance');
    expect(form.body).not.toMatch(/id="assistance_allowed"[^>]*checked/);
    expect((await register(b, { email: on, assistance_allowed: '1' })).statusCode).toBe(303);
    const c = (await customersRepo.byEmail(app.ctx.db, on))!;
    expect(c.assistance_allowed).toBe(1);
    const history = await customersRepo.consentHistory(app.ctx.db, c.id);
    expect(history.map((h) => [h.allowed, h.surface, h.admin_id])).toEqual([[1, 'storefront', null]]);
    const log = await app.ctx.db
      .selectFrom('action_log')
      .selectAll()
      .where('action_group', '=', 'login_as_customer')
      .where('details', 'like', `%${on.toLowerCase()}%`)
      .execute();
    expect(log).toHaveLength(1);

    // Account Information shows the current value and saving without the box revokes it.
    expect((await b.get('/customer/account/edit')).body).toMatch(/id="assistance_allowed"[^>]*checked/);
    await b.post('/customer/account/editPost', { firstname: 'Rae', lastname: 'Gister' });
    expect((await customersRepo.byEmail(app.ctx.db, on))!.assistance_allowed).toBe(0);
    expect((await customersRepo.consentHistory(app.ctx.db, c.id)).map((h) => h.allowed)).toEqual([0, 1]);
  });

  it('refuses a second account with the same email on the same website but allows it on another', async () => {
    const email = `${unique('dup')}@example.com`;
    expect((await register(new Agent(app), { email })).statusCode).toBe(303);
    const again = await register(new Agent(app), { email });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('There is already an account with this email address.');
    const now = new Date().toISOString();
    const site = await app.ctx.db
      .insertInto('websites')
      .values({
        code: unique('w')
          .toLowerCase()
          .replace(/[^a-z0-9]/g, ''),
        name: 'Other',
        sort_order: 1,
        is_default: 0,
        default_store_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const store = await app.ctx.db
      .insertInto('stores')
      .values({
        website_id: site.id,
        code: unique('s')
          .toLowerCase()
          .replace(/[^a-z0-9]/g, ''),
        name: 'Other Store',
        root_category_id: 1,
        default_store_view_id: null,
        sort_order: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await app.ctx.db
      .insertInto('store_views')
      .values({
        store_id: store.id,
        website_id: site.id,
        code: unique('v')
          .toLowerCase()
          .replace(/[^a-z0-9]/g, ''),
        name: 'Other View',
        sort_order: 0,
        is_active: 1,
        url_path: 'other',
        host: null,
      })
      .execute();
    await app.ctx.services.stores.changed(app.ctx.db);
    expect(now).toBeTruthy();
    const other = new Agent(app);
    await other.get('/other/customer/account/create');
    expect(
      (
        await other.post('/other/customer/account/createpost', {
          firstname: 'Rae',
          lastname: 'Gister',
          email,
          password: 'Good-pass-123',
          password_confirmation: 'Good-pass-123',
        })
      ).statusCode,
    ).toBe(303);
    const rows = await app.ctx.db.selectFrom('customers').select('website_id').where('email', '=', email.toLowerCase()).execute();
    expect(rows.map((r) => r.website_id).sort()).toEqual([1, site.id].sort());
  });

  it('regenerates the session id on sign-in, keeps other devices signed in, and signs out only this one', async () => {
    const c = await createCustomer(app);
    const laptop = new Agent(app);
    await laptop.get('/customer/account/login');
    const p = await createProduct(app);
    await laptop.post('/checkout/cart/add', { product: String(p.id), qty: '1' });
    const guestCookie = laptop.cookies.get(STOREFRONT_COOKIE)!;
    expect(guestCookie).toBeTruthy();
    await signInCustomer(laptop, c.email);
    expect(laptop.cookies.get(STOREFRONT_COOKIE)).not.toBe(guestCookie);
    const phone = new Agent(app);
    await signInCustomer(phone, c.email);
    expect((await laptop.get('/customer/account')).statusCode).toBe(200);
    // The guest cart came along.
    expect((await laptop.get('/checkout/cart')).body).toContain(p.sku);
    // The old cookie is worthless.
    const thief = new Agent(app);
    thief.cookies.set(STOREFRONT_COOKIE, guestCookie);
    expect((await thief.get('/customer/account')).statusCode).toBe(302);
    const out = await laptop.post('/customer/account/logout');
    expect(out.headers.location).toBe('/customer/account/logoutSuccess');
    const signedOut = (await laptop.get('/customer/account/logoutSuccess')).body;
    expect(signedOut).toContain('You are signed out');
    // It goes on to the homepage after the 5 seconds it announces (app.js), with a link for a browser without scripts.
    expect(signedOut).toContain('data-redirect-after="5" data-redirect-to="/"');
    expect(signedOut).toContain('<a href="/">Continue to the homepage</a>');
    expect((await laptop.get('/customer/account')).statusCode).toBe(302);
    expect((await phone.get('/customer/account')).statusCode).toBe(200);
  });

  it('answers wrong passwords and unknown emails alike', async () => {
    const c = await createCustomer(app);
    const wrong = await new Agent(app).post('/customer/account/loginPost', { 'login[username]': c.email, 'login[password]': 'Wrong-pass-1' });
    const unknown = await new Agent(app).post('/customer/account/loginPost', { 'login[username]': 'nobody@example.com', 'login[password]': 'Wrong-pass-1' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toContain('The account sign-in was incorrect or your account is disabled temporarily.');
    expect(unknown.body).toContain('The account sign-in was incorrect or your account is disabled temporarily.');
  });
});

describe('password reset', () => {
  it('emails a single-use link whose token leaves the URL at once, and expires it', async () => {
    const c = await createCustomer(app);
    const agent = new Agent(app);
    const res = await agent.post('/customer/account/forgotpasswordpost', { email: c.email });
    expect(res.statusCode).toBe(303);
    const unknown = await new Agent(app).post('/customer/account/forgotpasswordpost', { email: 'ghost@example.com' });
    expect(unknown.statusCode).toBe(303);
    const mail = (await readMailbox(app.ctx.env.VAR_DIR)).filter((m) => m.to.includes(c.email)).at(-1)!;
    const link = /http:\/\/\S+createPassword\?token=(\S+)/.exec(mail.text)!;
    const token = decodeURIComponent(link[1]!);
    const visit = await agent.get(`/customer/account/createPassword?token=${encodeURIComponent(token)}`);
    expect(visit.statusCode).toBe(303);
    expect(visit.headers.location).toBe('/customer/account/createPassword');
    const form = await agent.get('/customer/account/createPassword');
    expect(form.statusCode).toBe(200);
    expect(form.body).not.toContain(token);
    const weak = await agent.post('/customer/account/resetpasswordpost', { password: 'weak', password_confirmation: 'weak' });
    expect(weak.statusCode).toBe(400);
    expect((await agent.post('/customer/account/resetpasswordpost', { password: 'New-pass-456', password_confirmation: 'New-pass-456' })).statusCode).toBe(303);
    expect((await app.ctx.services.customers.authenticate(await systemContext(app.ctx), c.email, 'New-pass-456'))?.id).toBe(c.id);
    // Used once: the same link no longer works.
    const replay = new Agent(app);
    await replay.get(`/customer/account/createPassword?token=${encodeURIComponent(token)}`);
    const again = await replay.get('/customer/account/createPassword');
    expect(again.statusCode).toBe(303);

    // A fresh link expires after an hour.
    await new Agent(app).post('/customer/account/forgotpasswordpost', { email: c.email });
    const second = (await readMailbox(app.ctx.env.VAR_DIR)).filter((m) => m.to.includes(c.email)).at(-1)!;
    const token2 = decodeURIComponent(/token=(\S+)/.exec(second.text)![1]!);
    app.clock.advance(61 * 60_000);
    expect(await app.ctx.services.customers.resetTokenValid(await systemContext(app.ctx), token2)).toBe(false);
  });
});

describe('admin: consent permission rule (spec §3)', () => {
  it('shows the field disabled with the notice and rejects a forged submit, changing nothing', async () => {
    await setLac(true);
    const c = await createCustomer(app);
    const limited = await createAdmin(app, ['customers', 'customers.all']);
    const agent = new Agent(app);
    await agent.signInAdmin(limited.username, TEST_PASSWORD);
    const page = await agent.get(`/admin/customers/${c.id}/edit?tab=account`);
    expect(page.body).toContain(NO_OPT_IN_PERMISSION);
    expect(page.body).toMatch(/<select[^>]*id="assistance_allowed"[^>]*disabled/);
    const forged = await agent.post(`/admin/customers/${c.id}/save`, {
      firstname: 'Forged',
      lastname: 'Name',
      email: c.email,
      group_id: '1',
      is_active: '1',
      assistance_allowed: '1',
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain(NO_OPT_IN_PERMISSION);
    const after = (await customersRepo.byId(app.ctx.db, c.id))!;
    expect([after.assistance_allowed, after.firstname]).toEqual([0, 'Test']);
    // Without the field (as a disabled select submits), other changes save.
    expect(
      (await agent.post(`/admin/customers/${c.id}/save`, { firstname: 'Renamed', lastname: 'Name', email: c.email, group_id: '1', is_active: '1' })).statusCode,
    ).toBe(303);
    expect((await customersRepo.byId(app.ctx.db, c.id))!.firstname).toBe('Renamed');
  });

  it('lets an admin with the permission change it, with history and an action-log entry', async () => {
    await setLac(true);
    const c = await createCustomer(app);
    const support = await createAdmin(app, ['customers', 'customers.all', 'customers.login_as_customer', 'customers.login_as_customer.change_opt_in']);
    const agent = new Agent(app);
    await agent.signInAdmin(support.username, TEST_PASSWORD);
    expect((await agent.get(`/admin/customers/${c.id}/edit?tab=account`)).body).not.toContain(NO_OPT_IN_PERMISSION);
    expect(
      (
        await agent.post(`/admin/customers/${c.id}/save`, {
          firstname: 'Test',
          lastname: 'Customer',
          email: c.email,
          group_id: '1',
          is_active: '1',
          assistance_allowed: '1',
        })
      ).statusCode,
    ).toBe(303);
    expect((await customersRepo.byId(app.ctx.db, c.id))!.assistance_allowed).toBe(1);
    const [h] = await customersRepo.consentHistory(app.ctx.db, c.id);
    expect([h!.allowed, h!.surface, h!.admin_id, h!.admin_username]).toEqual([1, 'admin', support.id, support.username]);
    const log = await app.ctx.db
      .selectFrom('action_log')
      .selectAll()
      .where('action_group', '=', 'login_as_customer')
      .where('admin_id', '=', support.id)
      .execute();
    expect(log.map((l) => l.action)).toEqual(['Consent']);
    expect((await agent.get(`/admin/customers/${c.id}/edit?tab=view`)).body).toContain('Remote Shopping Assistance History');
  });

  it('hides the field in the admin while the feature is disabled', async () => {
    await setLac(false);
    const c = await createCustomer(app);
    const boss = await createAdmin(app, 'all');
    const agent = new Agent(app);
    await agent.signInAdmin(boss.username, TEST_PASSWORD);
    expect((await agent.get(`/admin/customers/${c.id}/edit?tab=account`)).body).not.toContain('Allow remote shopping assistance');
    await setLac(true);
  });
});

describe('admin: customers', () => {
  it('creates a customer with validation, and deactivating signs them out everywhere', async () => {
    const boss = await createAdmin(app, 'all');
    const agent = new Agent(app);
    await agent.signInAdmin(boss.username, TEST_PASSWORD);
    const bad = await agent.post('/admin/customers/save', { website_id: '1', group_id: '1', firstname: '', lastname: 'X', email: 'bad' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Please enter a valid email address');
    const email = `${unique('adm')}@example.com`;
    const ok = await agent.post('/admin/customers/save', {
      website_id: '1',
      group_id: '3',
      firstname: 'Ada',
      lastname: 'Admin',
      email,
      is_active: '1',
      password: 'Made-by-admin-1',
    });
    expect(ok.statusCode).toBe(303);
    const c = (await customersRepo.byEmail(app.ctx.db, email))!;
    expect(c.group_id).toBe(3);
    const shopper = new Agent(app);
    await signInCustomer(shopper, email, 'Made-by-admin-1');
    await agent.post(`/admin/customers/${c.id}/save`, { group_id: '3', firstname: 'Ada', lastname: 'Admin', email, is_active: '0' });
    expect((await shopper.get('/customer/account')).statusCode).toBe(302);
    const log = await app.ctx.db.selectFrom('action_log').select('details').where('action_group', '=', 'customers').where('admin_id', '=', boss.id).execute();
    expect(log.length).toBe(2);
  });

  it('manages customer groups and protects the system ones', async () => {
    const boss = await createAdmin(app, 'all');
    const agent = new Agent(app);
    await agent.signInAdmin(boss.username, TEST_PASSWORD);
    const code = unique('VIP').slice(0, 20);
    expect((await agent.post('/admin/customers/groups/save', { code })).statusCode).toBe(303);
    const dup = await agent.post('/admin/customers/groups/save', { code: code.toLowerCase() });
    expect(dup.statusCode).toBe(400);
    expect(dup.body).toContain('Customer Group already exists.');
    const g = (await customersRepo.groupByCode(app.ctx.db, code))!;
    const c = await createCustomer(app, { groupId: g.id });
    expect((await agent.post(`/admin/customers/groups/${g.id}/delete`)).statusCode).toBe(303);
    expect((await customersRepo.byId(app.ctx.db, c.id))!.group_id).toBe(1);
    await agent.post('/admin/customers/groups/1/delete');
    expect(await customersRepo.group(app.ctx.db, 1)).toBeDefined();
  });
});
