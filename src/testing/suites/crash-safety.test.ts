import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { verifyChain } from '../../modules/action-log/chain.ts';
import { hashPassword } from '../../kernel/passwords.ts';
import { catalogRepo } from '../../modules/catalog/repo.ts';
import { customersRepo } from '../../modules/customers/repo.ts';
import { LAC_ENABLED } from '../../modules/login-as-customer/settings.ts';
import { TEST_PASSWORD } from '../fixtures.ts';
import { HttpBrowser } from '../http-browser.ts';
import { freePort, runCli, startServer, type ServerProcess } from '../server-process.ts';
import { createServerDatabase, openServerDatabase, type ServerDatabase } from '../server-database.ts';
import { testDbKind } from '../test-app.ts';

/*
 * Crash safety: the real server is killed with SIGKILL while 20 signed-in customers place orders over HTTP, then
 * restarted on the same database. After every restart, nothing a customer saw confirmed may be lost or doubled,
 * stock must match the orders that exist, no order may be half written, and the action log's chain must hold.
 * CRASH_SEED picks other kill moments and baskets (the seed is in the test name, so a failure can be replayed).
 */

const SEED = Number(process.env.CRASH_SEED ?? 20260115);
const ROUNDS = 3;
const SHOPPERS = 20;
const PRODUCTS = 6;
const INITIAL_STOCK = 100_000;
const ADDRESS = {
  firstname: 'Ann',
  lastname: 'Buyer',
  company: '',
  street: '2 Shop St',
  city: 'Town',
  region: '',
  postcode: '22222',
  country_id: 'US',
  telephone: '555-1234',
};

/** mulberry32: small, seeded, reproducible. */
function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}

type Lines = Map<number, number>; // product id → qty

interface Shopper {
  customerId: number;
  email: string;
  browser: HttpBrowser;
  random: ReturnType<typeof seeded>;
  /** Orders whose number the success page showed, with the lines this shopper put in the cart (null: unknown). */
  confirmed: { number: string; lines: Lines | null }[];
  /** 303s to the success page whose page did not load before the crash: placed, number unseen. */
  confirmedUnseen: number;
  /** Every placeOrder request sent (an upper bound for this customer's orders). */
  attempts: number;
  /** What this shopper added since its last order; null after a failed request left the cart unknown. */
  cart: Lines | null;
  consent: boolean;
}

const kind = testDbKind();
const serverUrl = process.env.TEST_DATABASE_URL;
const runnable = kind === 'sqlite' || !!serverUrl;
const title =
  kind === 'sqlite'
    ? `crash safety on SQLite (WAL): kill -9 during checkout by ${SHOPPERS} customers, ${ROUNDS} rounds (seed ${SEED})`
    : serverUrl
      ? `crash safety on PostgreSQL: kill -9 during checkout by ${SHOPPERS} customers, ${ROUNDS} rounds (seed ${SEED})`
      : 'crash safety on PostgreSQL — skipped: needs TEST_DATABASE_URL (a server process cannot share the embedded PGlite database)';

describe.skipIf(!runnable)(title, () => {
  let varDir = '';
  let database: ServerDatabase;
  let dropDatabase = async () => {};
  let server: ServerProcess | undefined;
  let port = 0;
  const productIds: number[] = [];
  const shoppers: Shopper[] = [];
  const random = seeded(SEED);

  /** A direct connection for preparing data and checking invariants; closed while the server runs a round. */
  const connect = (): Promise<DatabaseHandle> => openServerDatabase(database);

  beforeAll(async () => {
    varDir = mkdtempSync(join(tmpdir(), 'concierge-crash-'));
    ({ database, drop: dropDatabase } = await createServerDatabase(varDir, 'crash'));
    port = await freePort();

    const handle = await connect();
    try {
      await migrateToLatest(handle);
      const db = handle.db;
      const now = new Date().toISOString();
      // Consent changes write the action log from the storefront; they need the feature on.
      await db.insertInto('config_values').values({ path: LAC_ENABLED, scope: 'default', scope_id: 0, value: '1', updated_at: now }).execute();
      for (let i = 0; i < PRODUCTS; i++) {
        const sku = `CRASH-${i + 1}`;
        const id = await catalogRepo.insertProduct(db, {
          sku,
          name: `Crash Product ${i + 1}`,
          url_key: sku.toLowerCase(),
          description: '',
          image_url: '',
          price: 500 + 125 * i,
          qty: INITIAL_STOCK,
          is_in_stock: 1,
          status: 1,
          created_at: now,
          updated_at: now,
        });
        await catalogRepo.replaceWebsites(db, id, [1]);
        productIds.push(id);
      }
      const passwordHash = await hashPassword(TEST_PASSWORD);
      for (let i = 0; i < SHOPPERS; i++) {
        const email = `crash-shopper-${i + 1}@example.com`;
        const customerId = await customersRepo.insert(db, {
          website_id: 1,
          store_view_id: 1,
          group_id: 1,
          email,
          firstname: 'Crash',
          lastname: `Shopper ${i + 1}`,
          password_hash: passwordHash,
          is_active: 1,
          assistance_allowed: 0,
          default_billing_id: null,
          default_shipping_id: null,
          created_at: now,
          updated_at: now,
          updated_by_admin_id: null,
        });
        const addressId = await customersRepo.insertAddress(db, {
          customer_id: customerId,
          ...ADDRESS,
          created_at: now,
          updated_at: now,
          updated_by_admin_id: null,
        });
        await customersRepo.update(db, customerId, { default_billing_id: addressId, default_shipping_id: addressId });
        shoppers.push({
          customerId,
          email,
          browser: new HttpBrowser(''),
          random: seeded(SEED * 31 + i),
          confirmed: [],
          confirmedUnseen: 0,
          attempts: 0,
          cart: new Map(),
          consent: false,
        });
      }
    } finally {
      await handle.close();
    }
    server = await startServer({ port, varDir, database });
  });

  afterAll(async () => {
    await server?.kill();
    await dropDatabase();
    if (varDir) rmSync(varDir, { recursive: true, force: true });
  });

  /** One customer's session: sign in, then fill the cart, check out, sometimes change consent, until stopped. */
  async function shop(s: Shopper, baseUrl: string, stopped: () => boolean, inFlight: { n: number }, unexpected: string[], onConfirmed: () => void) {
    const b = s.browser;
    b.baseUrl = baseUrl;
    const call = async <T>(work: () => Promise<T>) => {
      inFlight.n++;
      try {
        return await work();
      } finally {
        inFlight.n--;
      }
    };
    const expectStatus = (what: string, res: { status: number; location: string | null; body: string }, status: number) => {
      if (res.status === status) return true;
      if (!stopped()) unexpected.push(`${s.email} ${what}: ${res.status} ${res.location ?? ''} ${res.body.replace(/\s+/g, ' ').slice(0, 300)}`);
      return false;
    };
    try {
      await call(() => b.get('/customer/account/login'));
      if (
        !expectStatus('sign-in', await call(() => b.post('/customer/account/loginPost', { 'login[username]': s.email, 'login[password]': TEST_PASSWORD })), 303)
      )
        return;
      await call(() => b.get('/customer/account/edit'));
      while (!stopped()) {
        if (s.random.next() < 0.25) {
          const allow = !s.consent;
          const form: Record<string, string> = { firstname: 'Crash', lastname: `Shopper ${shoppers.indexOf(s) + 1}`, email: s.email };
          if (allow) form.assistance_allowed = '1';
          if (!expectStatus('consent change', await call(() => b.post('/customer/account/editPost', form)), 303)) return;
          s.consent = allow;
        }
        // Lines in a random order: concurrent checkouts then take stock rows in different orders.
        const shuffled = [...productIds];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = s.random.int(0, i);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const picks = shuffled.slice(0, s.random.int(1, 3));
        for (const productId of picks) {
          const qty = s.random.int(1, 3);
          const known = s.cart;
          s.cart = null; // unknown until the server answers: the line may or may not have landed
          const res = await call(() => b.post('/checkout/cart/add', { product: String(productId), qty: String(qty) }));
          if (!expectStatus('add to cart', res, 303)) return;
          known?.set(productId, (known.get(productId) ?? 0) + qty);
          s.cart = known;
        }
        // As a shopper does: the Shipping step, then Review & Payments, and the order at the total shown there.
        const shipping = await call(() => b.post('/checkout/shipping', { address_id: 'new', ...ADDRESS, shipping_method: 'flatrate_flatrate' }));
        if (!expectStatus('shipping step', shipping, 303)) return;
        const review = await call(() => b.get('/checkout/payment'));
        if (!expectStatus('review step', review, 200)) return;
        const shownTotal = /name="shown_total" value="(\d+)"/.exec(review.body)?.[1] ?? '';
        const expected = s.cart ? new Map(s.cart) : null;
        s.attempts++;
        s.cart = null;
        const placed = await call(() => b.post('/checkout/placeOrder', { payment_method: 'checkmo', billing_same_as_shipping: '1', shown_total: shownTotal }));
        if (!expectStatus('place order', placed, 303)) return;
        if (!placed.location?.endsWith('/checkout/onepage/success')) {
          unexpected.push(`${s.email} place order redirected to ${placed.location}`);
          return;
        }
        // Placed: a new cart starts with the next line, whatever happens to the success page.
        s.cart = new Map();
        s.confirmedUnseen++;
        const page = await call(() => b.get('/checkout/onepage/success'));
        const number = /class="order-number"[^>]*>\s*(?:<strong>)?\s*(\d+)/.exec(page.body)?.[1];
        if (!number) {
          if (!stopped()) unexpected.push(`${s.email} success page without an order number: ${page.status}`);
          return;
        }
        s.confirmedUnseen--;
        s.confirmed.push({ number, lines: expected });
        onConfirmed();
      }
    } catch (err) {
      // After the kill every request fails to connect or is cut off; before it, a failure is a finding.
      if (!stopped()) unexpected.push(`${s.email}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Every invariant, read from the database the restarted server recovered; returns what is wrong. */
  async function violations(db: DatabaseHandle['db']): Promise<{ problems: string[]; orders: number }> {
    const problems: string[] = [];
    const orders = await db.selectFrom('orders').selectAll().orderBy('id').execute();
    const items = await db.selectFrom('order_items').selectAll().orderBy('id').execute();
    const addresses = await db.selectFrom('order_addresses').select(['order_id', 'address_type']).execute();
    const carts = await db.selectFrom('carts').selectAll().execute();
    const cartItems = await db.selectFrom('cart_items').selectAll().execute();
    const orderIds = new Set(orders.map((o) => o.id));

    const itemsOf = new Map<number, typeof items>();
    for (const i of items) {
      if (!orderIds.has(i.order_id)) problems.push(`order item #${i.id} belongs to no order (order #${i.order_id})`);
      itemsOf.set(i.order_id, [...(itemsOf.get(i.order_id) ?? []), i]);
    }
    for (const a of addresses) if (!orderIds.has(a.order_id)) problems.push(`an order address belongs to no order (order #${a.order_id})`);

    const byNumber = new Map<string, number>();
    const byCart = new Map<number, number>();
    for (const o of orders) {
      byNumber.set(o.increment_id, (byNumber.get(o.increment_id) ?? 0) + 1);
      if (o.cart_id !== null) byCart.set(o.cart_id, (byCart.get(o.cart_id) ?? 0) + 1);
      const lines = itemsOf.get(o.id) ?? [];
      if (!lines.length) problems.push(`order ${o.increment_id} has no items`);
      const subtotal = lines.reduce((sum, l) => sum + l.row_total, 0);
      if (subtotal !== o.subtotal || o.grand_total !== o.subtotal + o.shipping_amount)
        problems.push(`order ${o.increment_id} totals ${o.subtotal}/${o.grand_total} do not match its lines (${subtotal})`);
      const types = addresses
        .filter((a) => a.order_id === o.id)
        .map((a) => a.address_type)
        .sort();
      if (types.join() !== 'billing,shipping') problems.push(`order ${o.increment_id} has addresses [${types.join()}]`);
    }
    for (const [number, n] of byNumber) if (n > 1) problems.push(`order number ${number} exists ${n} times`);
    for (const [cartId, n] of byCart) if (n > 1) problems.push(`cart #${cartId} became ${n} orders`);

    // A cart is closed exactly when its order exists, and the order holds exactly the cart's lines.
    const ours = new Set(shoppers.map((s) => s.customerId));
    for (const c of carts.filter((c) => c.customer_id !== null && ours.has(c.customer_id))) {
      const order = orders.find((o) => o.cart_id === c.id);
      if (c.is_active === 0 && !order) problems.push(`cart #${c.id} is closed but no order was placed from it`);
      if (c.is_active === 1 && order) problems.push(`cart #${c.id} is still active although order ${order.increment_id} was placed from it`);
      if (order) {
        const inCart = cartItems
          .filter((i) => i.cart_id === c.id)
          .map((i) => `${i.product_id}×${i.qty}`)
          .sort()
          .join(' ');
        const inOrder = (itemsOf.get(order.id) ?? [])
          .map((i) => `${i.product_id}×${i.qty_ordered}`)
          .sort()
          .join(' ');
        if (inCart !== inOrder) problems.push(`order ${order.increment_id} has lines [${inOrder}] but its cart #${c.id} had [${inCart}]`);
      }
    }
    for (const s of shoppers) {
      const active = carts.filter((c) => c.customer_id === s.customerId && c.is_active === 1).length;
      if (active > 1) problems.push(`${s.email} has ${active} active carts`);
      const theirs = orders.filter((o) => o.customer_id === s.customerId);
      for (const seen of s.confirmed) {
        const found = theirs.filter((o) => o.increment_id === seen.number);
        if (found.length !== 1) {
          problems.push(`${s.email} saw order ${seen.number} confirmed; it exists ${found.length} times for them`);
          continue;
        }
        if (seen.lines) {
          const want = [...seen.lines]
            .map(([p, q]) => `${p}×${q}`)
            .sort()
            .join(' ');
          const got = (itemsOf.get(found[0]!.id) ?? [])
            .map((i) => `${i.product_id}×${i.qty_ordered}`)
            .sort()
            .join(' ');
          if (want !== got) problems.push(`${s.email}'s order ${seen.number} has lines [${got}], the customer ordered [${want}]`);
        }
      }
      const mustExist = s.confirmed.length + s.confirmedUnseen;
      if (theirs.length < mustExist) problems.push(`${s.email} was shown ${mustExist} orders as placed, ${theirs.length} exist`);
      if (theirs.length > s.attempts) problems.push(`${s.email} submitted ${s.attempts} checkouts, ${theirs.length} orders exist`);
    }

    // Stock taken equals the quantities of the orders that exist.
    const products = await db.selectFrom('products').select(['id', 'sku', 'qty']).where('id', 'in', productIds).execute();
    for (const p of products) {
      const ordered = items.filter((i) => i.product_id === p.id).reduce((sum, i) => sum + i.qty_ordered, 0);
      if (p.qty !== INITIAL_STOCK - ordered)
        problems.push(`${p.sku}: stock ${p.qty}, expected ${INITIAL_STOCK} − ${ordered} ordered = ${INITIAL_STOCK - ordered}`);
    }

    // Order numbers are taken in the order's transaction: no number is used twice, none is skipped.
    const sequence = await db.selectFrom('sequences').select('value').where('name', '=', 'orders-1').executeTakeFirst();
    const numbers = orders.map((o) => Number(o.increment_id)).sort((x, y) => x - y);
    if (Number(sequence?.value ?? 0) !== orders.length || (numbers.length && numbers[numbers.length - 1] !== orders.length))
      problems.push(`order sequence at ${sequence?.value ?? 0}, highest number ${numbers[numbers.length - 1] ?? 0}, ${orders.length} orders`);

    // A consent change and its action-log entry commit together; the customer row shows the last change.
    const consents = await db.selectFrom('customer_consents').select(['id', 'customer_id', 'allowed']).orderBy('id').execute();
    const consentLog = await db
      .selectFrom('action_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action_group', '=', 'login_as_customer')
      .where('action', '=', 'Consent')
      .executeTakeFirstOrThrow();
    if (Number(consentLog.n) !== consents.length) problems.push(`${consents.length} consent changes but ${consentLog.n} consent entries in the action log`);
    const customers = await db
      .selectFrom('customers')
      .select(['id', 'email', 'assistance_allowed'])
      .where('id', 'in', [...ours])
      .execute();
    for (const c of customers) {
      const last = consents.filter((x) => x.customer_id === c.id).at(-1);
      if ((last?.allowed ?? 0) !== c.assistance_allowed)
        problems.push(`${c.email}: consent ${c.assistance_allowed}, last recorded change ${last?.allowed ?? 'none'}`);
    }

    const chain = await verifyChain(db);
    if (!chain.intact) problems.push(`action log chain broken at entry #${chain.brokenId}: ${chain.why}`);
    return { problems, orders: orders.length };
  }

  it('keeps every confirmed order, exactly once and whole, with stock and the action log consistent', { timeout: 150_000 }, async () => {
    const summary: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const running = server!;
      let killed = false;
      const inFlight = { n: 0 };
      const unexpected: string[] = [];
      const before = shoppers.reduce((n, s) => n + s.confirmed.length, 0);
      let firstConfirmed = () => {};
      const ordering = new Promise<void>((done) => (firstConfirmed = done));
      const sessions = shoppers.map((s) => shop(s, running.baseUrl, () => killed, inFlight, unexpected, firstConfirmed));

      // The kill falls at a seeded moment once checkouts are under way (sign-in time varies with the machine).
      const killAfterMs = random.int(100, 2_500);
      const startedAt = Date.now();
      const underWay = await Promise.race([ordering.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 30_000))]);
      const sinceStartMs = Date.now() - startedAt;
      await new Promise((r) => setTimeout(r, killAfterMs));
      const inFlightAtKill = inFlight.n;
      killed = true;
      await running.kill();
      await Promise.all(sessions);
      const confirmedNow = shoppers.reduce((n, s) => n + s.confirmed.length, 0) - before;

      expect(unexpected, `round ${round}: requests failed before the kill\n${running.output()}`).toEqual([]);
      expect(inFlightAtKill, `round ${round}: no request was in flight at the kill`).toBeGreaterThan(0);
      expect(underWay, `round ${round}: no order was confirmed within 30 s`).toBe(true);
      expect(confirmedNow).toBeGreaterThan(0);

      server = await startServer({ port, varDir, database });
      const handle = await connect();
      try {
        const { problems, orders } = await violations(handle.db);
        expect(problems, `round ${round} (kill ${killAfterMs} ms after the first confirmed order, seed ${SEED})`).toEqual([]);
        summary.push(
          `round ${round}: killed ${killAfterMs} ms after the first order (${sinceStartMs} ms in) with ${inFlightAtKill} requests in flight; ${confirmedNow} orders confirmed, ${orders} orders in the database`,
        );
      } finally {
        await handle.close();
      }
    }

    const verified = await runCli(['log:verify'], { varDir, database });
    expect(verified, 'log:verify after the last restart').toMatchObject({ code: 0 });
    expect(verified.output).toMatch(/Log chain intact: [1-9]\d* entries verified/);
    const total = shoppers.reduce((n, s) => n + s.confirmed.length, 0);
    console.log(
      `crash safety (${kind}, seed ${SEED}): ${summary.join('; ')}; ${total} confirmed orders in all, none lost or doubled; ${verified.output.trim()}`,
    );
  });
});
