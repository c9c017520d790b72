import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_CSRF_COOKIE, CSRF_COOKIE, csrfTokenFor } from '../../http/csrf.ts';
import { catalogRepo } from '../../modules/catalog/repo.ts';
import { customersRepo } from '../../modules/customers/repo.ts';
import { LAC_ENABLED, LAC_REQUIRE_REASON, LAC_STORE_VIEW_MANUAL } from '../../modules/login-as-customer/settings.ts';
import { createAdmin, systemRc, TEST_PASSWORD, unique } from '../fixtures.ts';
import { createCategory, createCustomer, createProduct } from '../store-fixtures.ts';
import { createTestApp, type TestApp } from '../test-app.ts';

/**
 * 50 browsers at once on a real socket (so the page cache's fast path answers anonymous hits): guests, signed-in
 * customers with their own names and carts, and assisted (Login as Customer) browsers, all loading the same pages
 * in random order. No answer may carry another identity's name, email, cart or form key; guests never see a name.
 * Run with the page cache on and with PAGE_CACHE=off.
 */

const CLIENTS = { anonymous: 24, customer: 22, assisted: 4 };
const ROUNDS = 8;

/** A browser over fetch: its own cookie jar, no redirects followed. */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}
  private jar() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  private keep(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      const expired = value === '' || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }
  async get(path: string) {
    const res = this.keep(await fetch(`${this.base}${path}`, { redirect: 'manual', headers: { cookie: this.jar() } }));
    return { status: res.status, body: await res.text(), cache: res.headers.get('x-cache') ?? '' };
  }
  async post(path: string, form: Record<string, string>) {
    const res = this.keep(
      await fetch(`${this.base}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: this.jar(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form),
      }),
    );
    return { status: res.status, body: await res.text(), location: res.headers.get('location') ?? '' };
  }
}

interface Identity {
  kind: 'anonymous' | 'customer' | 'assisted';
  browser: Browser;
  name?: string;
  email?: string;
  cartCount: number;
  cartItemIds: number[];
}

/** A seeded generator, so a failing order can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

const formKeysIn = (html: string) => [...html.matchAll(/name="form_key" value="([^"]*)"/g)].map((m) => m[1]!);
const cartCountIn = (html: string) => /data-role="cart-count">([^<]*)</.exec(html)?.[1];
const cartItemIdsIn = (html: string) => [...html.matchAll(/name="cart\[(\d+)\]\[qty\]"/g)].map((m) => Number(m[1]));

for (const pageCache of ['on', 'off'] as const) {
  describe(`identity isolation under concurrency, page cache ${pageCache}`, () => {
    let app: TestApp;
    let base = '';
    const identities: Identity[] = [];
    let urls: string[] = [];

    async function formKeyOf(b: Browser, path = '/customer/account/login') {
      const page = await b.get(path);
      return formKeysIn(page.body)[0] ?? '';
    }

    beforeAll(async () => {
      app = await createTestApp(pageCache === 'off' ? { PAGE_CACHE: 'off' } : {});
      const rc = await systemRc(app);
      const saved = await app.ctx.services.config.save(rc, 'default', 0, [
        { path: LAC_ENABLED, value: '1' },
        { path: LAC_STORE_VIEW_MANUAL, value: '0' },
        { path: LAC_REQUIRE_REASON, value: '0' },
      ]);
      if (!saved.ok) throw new Error(saved.messages.join());
      const { id: categoryId, urlKey: categoryKey } = await createCategory(app, 'Isolation Category');
      const products = [];
      for (let i = 0; i < 3; i++) {
        const p = await createProduct(app, { qty: 10_000 });
        await catalogRepo.replaceCategories(app.ctx.db, p.id, [categoryId]);
        products.push(p);
      }
      await app.ctx.services.pageCache.flush(app.ctx.db);
      await app.server.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.server.address();
      base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      urls = [
        '/',
        `/category/${categoryKey}`,
        `/product/${products[0]!.urlKey}`,
        '/checkout/cart',
        '/customer/account',
        '/customer/account/edit',
        '/customer/address',
        '/wishlist',
        '/catalogsearch/result?q=Product',
      ];

      /** A customer with a distinct name and a cart of `qty` items, signed in through the storefront form. */
      const shopper = async (n: number, qty: number) => {
        const c = await createCustomer(app, { consent: true });
        const first = `Fn${unique('').replace(/[^a-zA-Z0-9]/g, '')}`;
        const last = `Ln${n}q${qty}z`;
        await customersRepo.update(app.ctx.db, c.id, { firstname: first, lastname: last });
        return { ...c, name: `${first} ${last}` };
      };
      const cartOf = async (customerId: number) =>
        (
          await app.ctx.db
            .selectFrom('cart_items')
            .innerJoin('carts', 'carts.id', 'cart_items.cart_id')
            .select('cart_items.id')
            .where('carts.customer_id', '=', customerId)
            .where('carts.is_active', '=', 1)
            .execute()
        ).map((r) => r.id);

      for (let i = 0; i < CLIENTS.anonymous; i++) identities.push({ kind: 'anonymous', browser: new Browser(base), cartCount: 0, cartItemIds: [] });

      for (let i = 0; i < CLIENTS.customer; i++) {
        const qty = i + 1;
        const c = await shopper(i, qty);
        const b = new Browser(base);
        const signIn = await b.post('/customer/account/loginPost', {
          'login[username]': c.email,
          'login[password]': TEST_PASSWORD,
          form_key: await formKeyOf(b),
        });
        if (signIn.status !== 303 || !b.cookies.has('concierge_session')) throw new Error(`sign-in failed ${signIn.status}`);
        const add = await b.post('/checkout/cart/add', { product: String(products[i % 3]!.id), qty: String(qty), form_key: await formKeyOf(b, '/') });
        if (add.status !== 303) throw new Error('add to cart failed');
        const items = await cartOf(c.id);
        if (items.length !== 1) throw new Error('add to cart was refused');
        identities.push({ kind: 'customer', browser: b, name: c.name, email: c.email, cartCount: qty, cartItemIds: items });
      }

      // Assisted browsers, started the way staff do: sign in to the admin, Login as Customer, redeem in the same
      // browser. One staff member each: starting a new assisted session ends the staff member's previous one.
      for (let i = 0; i < CLIENTS.assisted; i++) {
        const staff = await createAdmin(app, [
          'customers',
          'customers.all',
          'customers.login_as_customer',
          'customers.login_as_customer.allow',
          'customers.login_as_customer.full_access',
        ]);
        const qty = 40 + i;
        const c = await shopper(100 + i, qty);
        const b = new Browser(base);
        const signIn = await b.post('/admin/login', {
          'login[username]': staff.username,
          'login[password]': TEST_PASSWORD,
          form_key: await formKeyOf(b, '/admin/login'),
        });
        if (signIn.status !== 303) throw new Error(`admin sign-in failed ${signIn.status}`);
        const start = await b.post('/admin/loginascustomer/login', {
          customer_id: String(c.id),
          form_key: csrfTokenFor(app.ctx.env.sessionSecret, b.cookies.get(ADMIN_CSRF_COOKIE)!),
        });
        const token = /name="token" value="([^"]+)"/.exec(start.body)?.[1];
        const action = /action="([^"]*\/loginascustomer\/login\/redeem)"/.exec(start.body)?.[1];
        if (!token || !action) throw new Error(`Login as Customer did not start: ${start.status}`);
        const redeem = await b.post(action, { token, form_key: formKeysIn(start.body)[0]! });
        if (redeem.status !== 303) throw new Error(`redeem failed ${redeem.status}`);
        const add = await b.post('/checkout/cart/add', { product: String(products[i % 3]!.id), qty: String(qty), form_key: await formKeyOf(b, '/') });
        if (add.status !== 303) throw new Error('assisted add to cart failed');
        const items = await cartOf(c.id);
        if (items.length !== 1 || !(await b.get('/customer/account')).body.includes('lac-banner')) throw new Error('assisted session not set up');
        identities.push({ kind: 'assisted', browser: b, name: c.name, email: c.email, cartCount: qty, cartItemIds: items });
      }
    }, 120_000);
    afterAll(async () => app?.dispose());

    it(`serves ${CLIENTS.anonymous + CLIENTS.customer + CLIENTS.assisted} parallel browsers only their own identity`, { timeout: 180_000 }, async () => {
      const secret = app.ctx.env.sessionSecret;
      const others = (me: Identity) => identities.filter((x) => x !== me && x.name);
      const leaks: string[] = [];
      let sent = 0;
      let hits = 0;
      let ownNameSeen = 0;
      let formKeysChecked = 0;
      const statuses = new Map<number, number>();

      await Promise.all(
        identities.map(async (me, index) => {
          const random = prng(1000 + index);
          const plan = Array.from({ length: ROUNDS }, () => urls).flat();
          for (let i = plan.length - 1; i > 0; i--) {
            const j = Math.floor(random() * (i + 1));
            [plan[i], plan[j]] = [plan[j]!, plan[i]!];
          }
          for (const url of plan) {
            const res = await me.browser.get(url);
            sent++;
            if (res.cache === 'HIT') hits++;
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            const where = `${me.kind} #${index} ${url} → ${res.status}`;
            for (const other of others(me)) {
              if (res.body.includes(other.name!)) leaks.push(`${where}: shows ${other.kind} ${other.name}`);
              if (res.body.includes(other.email!)) leaks.push(`${where}: shows ${other.email}`);
              for (const id of cartItemIdsIn(res.body)) if (other.cartItemIds.includes(id)) leaks.push(`${where}: shows cart item ${id} of ${other.name}`);
            }
            if (me.kind === 'anonymous' && /Welcome, [^<]+!/.test(res.body)) leaks.push(`${where}: greets a guest by name`);
            // Every form on the page carries this browser's own key, derived from its own cookie.
            const seed = me.browser.cookies.get(CSRF_COOKIE);
            const keys = formKeysIn(res.body);
            if (keys.length) {
              formKeysChecked++;
              const mine = seed ? csrfTokenFor(secret, seed) : '';
              if (keys.some((k) => k !== mine)) leaks.push(`${where}: a form key that is not this browser's`);
            }
            if (res.status === 200 && res.body.includes('data-role="cart-count"')) {
              const count = cartCountIn(res.body) ?? '';
              const expected = me.cartCount === 0 ? ['', '0'] : [String(me.cartCount)];
              if (!expected.includes(count.trim())) leaks.push(`${where}: cart count ${count}, expected ${expected.join(' or ')}`);
            }
            if (me.name && res.status === 200 && res.body.includes(me.name)) ownNameSeen++;
            for (const id of cartItemIdsIn(res.body)) if (!me.cartItemIds.includes(id)) leaks.push(`${where}: shows a cart item that is not this browser's`);
          }
        }),
      );

      console.log(
        `page cache ${pageCache}: ${sent} requests from ${identities.length} browsers (${hits} cache HITs), ${leaks.length} leaks, ${formKeysChecked} pages with form keys checked; statuses ${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')}`,
      );
      expect(leaks).toEqual([]);
      expect(sent).toBe(identities.length * ROUNDS * urls.length);
      // The checks had something to look at: signed-in pages name their own customer, pages carry form keys.
      expect(ownNameSeen).toBeGreaterThan((CLIENTS.customer + CLIENTS.assisted) * ROUNDS * 3);
      expect(formKeysChecked).toBeGreaterThan(sent / 2);
      expect(statuses.get(500) ?? 0).toBe(0);
      // With the cache on, guests were served shared cached pages (the case where a leak could happen); off, none.
      if (pageCache === 'on') expect(hits).toBeGreaterThan(CLIENTS.anonymous * ROUNDS);
      else expect(hits).toBe(0);
    });
  });
}
