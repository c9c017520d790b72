import type { Browser } from '../../kernel/browser.ts';
import type { RequestContext } from '../../kernel/request-context.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { hashPassword } from '../../kernel/passwords.ts';
import { randomToken } from '../../kernel/tokens.ts';
import { customersRepo } from '../../modules/customers/repo.ts';
import { lacRepo } from '../../modules/login-as-customer/repo.ts';
import { salesRepo } from '../../modules/sales/repo.ts';
import { DEMO_CUSTOMER_PASSWORD } from './store.ts';

/**
 * A month of store activity before seeding time, so the Dashboard's charts show something on a fresh start:
 * customers in the states the admin must tell apart (locked, inactive, time-limited consent, none), guest orders
 * (which have no Login as Customer button) and customer orders spread over the last 30 days, and ended assisted
 * sessions of three support agents. Deterministic: the same rows every time, relative to the seeding clock.
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Same generator as the catalog's, with its own seed. */
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

type State = 'active' | 'locked' | 'inactive' | 'timed-consent';
const MORE_CUSTOMERS: { first: string; last: string; email: string; view: string; consent: boolean; state: State; orders: boolean; ageDays: number }[] = [
  { first: 'Lars', last: 'Larsson', email: 'lars.locked@example.se', view: 'sv', consent: true, state: 'locked', orders: true, ageDays: 26 },
  { first: 'Ingrid', last: 'Holm', email: 'ingrid.inactive@example.com', view: 'default', consent: false, state: 'inactive', orders: true, ageDays: 24 },
  { first: 'Tina', last: 'Trial', email: 'tina.trial@example.com', view: 'default', consent: true, state: 'timed-consent', orders: true, ageDays: 18 },
  { first: 'Sofia', last: 'Second', email: 'sofia@second.example.com', view: 'second', consent: true, state: 'active', orders: true, ageDays: 12 },
  { first: 'Olof', last: 'Optout', email: 'olof.optout@example.se', view: 'sv', consent: false, state: 'active', orders: true, ageDays: 9 },
  { first: 'Kim', last: 'Locked', email: 'kim.locked@example.com', view: 'default', consent: false, state: 'locked', orders: false, ageDays: 6 },
  { first: 'Nora', last: 'Newcomer', email: 'nora.new@example.com', view: 'default', consent: true, state: 'active', orders: false, ageDays: 1 },
  { first: 'Hugo', last: 'Hesitant', email: 'hugo.hesitant@example.com', view: 'second', consent: false, state: 'active', orders: false, ageDays: 0 },
];

const GUEST_NAMES = [
  ['Gail', 'Guest'],
  ['Pat', 'Passerby'],
  ['Quinn', 'Quick'],
  ['Robin', 'Random'],
];

const AGENTS = [
  { username: 'support.sam', firstName: 'Sam', lastName: 'Support' },
  { username: 'support.alex', firstName: 'Alex', lastName: 'Agent' },
];

/** A guest's browser during seeding: its session cookie goes nowhere (the seed ends the session after the order). */
const seedBrowser: Browser = { cookie: () => undefined, setCookie() {}, clearCookie() {}, rotateFormKey() {} };

/** A storefront request of a customer, or of a guest (whose cart lives in a session the seed ends afterwards). */
async function shopper(rc: RequestContext, viewId: number, customerId?: number): Promise<RequestContext> {
  const view = (await rc.app.services.stores.byId(viewId, rc.db))!;
  const c = customerId ? (await customersRepo.byId(rc.db, customerId))! : undefined;
  return {
    ...rc,
    store: view,
    actor: c ? { type: 'customer', id: c.id, email: c.email, firstName: c.firstname, lastName: c.lastname, groupId: c.group_id } : { type: 'guest' },
    surface: 'storefront',
    browser: seedBrowser,
    url: (p) => `${view.prefix}${p}`,
    locals: {
      customer: c ? { id: c.id, firstName: c.firstname, lastName: c.lastname, email: c.email, groupId: c.group_id } : undefined,
      sessionData: {},
    },
  };
}

/** Places one order through the real checkout and dates it `at`. */
async function placeAt(rc: RequestContext, o: { viewId: number; customerId?: number; guest?: string[]; products: number[]; at: Date; invoice: boolean }) {
  const s = await shopper(rc, o.viewId, o.customerId);
  for (const [i, productId] of o.products.entries()) {
    const added = await rc.app.services.cart.add(s, productId, 1 + (i % 2));
    if (!added.ok) throw new Error(`Demo order: ${added.messages.join(' ')}`);
  }
  const saved = o.customerId ? (await customersRepo.addresses(rc.db, o.customerId))[0] : undefined;
  const [first, last] = o.guest ?? ['', ''];
  const address = saved
    ? { ...saved, countryId: saved.country_id }
    : {
        firstname: first!,
        lastname: last!,
        company: '',
        street: '7 Visitor Lane',
        city: 'Austin',
        region: '',
        postcode: '73301',
        countryId: 'US',
        telephone: '555-0199',
      };
  const email = saved ? (await customersRepo.byId(rc.db, o.customerId!))!.email : `${first!.toLowerCase()}.${last!.toLowerCase()}@guest.example.com`;
  const placed = await rc.app.services.sales.placeOrder(s, {
    email,
    address: { ...address, defaultBilling: false, defaultShipping: false },
    shippingMethod: 'flatrate_flatrate',
    paymentMethod: 'checkmo',
  });
  if (!placed.ok) throw new Error(`Demo order: ${placed.messages.join(' ')}`);
  if (s.locals.sessionHash) await rc.app.services.sessions.destroy(rc.db, s.locals.sessionHash);
  const { order } = placed.value;
  if (o.invoice) await rc.app.services.sales.invoice(rc, order.id, null);
  const when = isoUtc(o.at);
  await salesRepo.updateOrder(rc.db, order.id, { created_at: when, updated_at: when });
  return order;
}

async function addCustomers(rc: RequestContext, now: Date) {
  const db = rc.db;
  const tree = await rc.app.services.stores.tree(db);
  const hash = await hashPassword(DEMO_CUSTOMER_PASSWORD);
  const made: { id: number; viewId: number; consent: boolean; orders: boolean; state: State; email: string }[] = [];
  for (const [i, c] of MORE_CUSTOMERS.entries()) {
    const view = tree.views.find((v) => v.code === c.view)!;
    // Those of today signed up at seeding time, so they head New Customers.
    const created = isoUtc(new Date(now.getTime() - c.ageDays * DAY_MS - (c.ageDays ? i * HOUR_MS : 0)));
    const id = await customersRepo.insert(db, {
      website_id: view.website_id,
      store_view_id: view.id,
      group_id: 1,
      email: c.email,
      firstname: c.first,
      lastname: c.last,
      password_hash: hash,
      is_active: 1,
      assistance_allowed: c.consent ? 1 : 0,
      default_billing_id: null,
      default_shipping_id: null,
      created_at: created,
      updated_at: created,
      updated_by_admin_id: null,
    });
    const limited = c.state === 'timed-consent' ? isoUtc(new Date(now.getTime() + 7 * DAY_MS)) : null;
    if (c.consent) {
      await customersRepo.insertConsent(db, {
        customer_id: id,
        allowed: 1,
        surface: 'storefront',
        admin_id: null,
        admin_username: null,
        ip: '',
        created_at: created,
        expires_at: limited,
      });
      if (limited) await customersRepo.update(db, id, { assistance_expires_at: limited });
    }
    const address = { firstname: c.first, lastname: c.last, company: '', street: `${40 + i} Market Street`, city: 'Uppsala', region: '' };
    const where =
      view.website_id === 2
        ? { postcode: '10115', countryId: 'DE' }
        : c.view === 'sv'
          ? { postcode: '75310', countryId: 'SE' }
          : { postcode: '73301', countryId: 'US' };
    const saved = await rc.app.services.customers.saveAddress(rc, id, {
      ...address,
      ...where,
      telephone: `555-02${i}`,
      defaultBilling: true,
      defaultShipping: true,
    });
    if (!saved.ok) throw new Error(`Seed address refused: ${saved.messages.join(' ')}`);
    made.push({ id, viewId: view.id, consent: c.consent, orders: c.orders, state: c.state, email: c.email });
  }
  return made;
}

/** Locks and deactivations come last: the accounts placed their orders before. */
async function applyStates(rc: RequestContext, now: Date, made: Awaited<ReturnType<typeof addCustomers>>) {
  for (const c of made) {
    if (c.state === 'locked') await customersRepo.update(rc.db, c.id, { failures_num: 10, lock_expires: isoUtc(new Date(now.getTime() + 365 * DAY_MS)) });
    if (c.state === 'inactive') await customersRepo.update(rc.db, c.id, { is_active: 0 });
  }
}

/** Ended assisted sessions of the administrator and two support agents, for customers who consent. */
async function assistedSessions(rc: RequestContext, now: Date, random: () => number, customers: { id: number; viewId: number; email: string }[]) {
  const db = rc.db;
  const role = await db.selectFrom('admin_roles').select('id').where('name', '=', 'Customer Support').executeTakeFirstOrThrow();
  const admin = await db
    .selectFrom('admin_users')
    .select(['id', 'username', 'first_name', 'last_name'])
    .where('username', '=', 'admin')
    .executeTakeFirstOrThrow();
  const agents: (typeof admin)[] = [];
  for (const a of AGENTS) {
    // Nobody signs in as them (a random password nobody keeps); they are the authors of past sessions.
    const created = await rc.app.services.adminUsers.createUser(rc, {
      ...a,
      email: `${a.username}@example.com`,
      password: `${randomToken(12)}7a`,
      roleId: role.id,
    });
    if (!created.ok) throw new Error(created.messages.join('; '));
    agents.push({ id: created.value.id, username: a.username, first_name: a.firstName, last_name: a.lastName });
  }
  // The support agents take most sessions (the first most of all), the administrator a few.
  agents.push(admin);
  for (let d = 29; d >= 0; d--) {
    const n = Math.floor(random() * 4);
    for (let k = 0; k < n; k++) {
      const agent = agents[Math.floor(random() * random() * agents.length)]!;
      const c = customers[Math.floor(random() * customers.length)]!;
      const at = new Date(now.getTime() - d * DAY_MS - Math.floor(random() * 8 + 1) * HOUR_MS);
      const ended = new Date(at.getTime() + Math.floor(random() * 20 + 3) * 60_000);
      await lacRepo.insertSession(db, {
        admin_id: agent.id,
        admin_username: agent.username,
        admin_name: `${agent.first_name} ${agent.last_name}`,
        customer_id: c.id,
        customer_email: c.email,
        store_view_id: c.viewId,
        reason: '',
        status: 'ended',
        admin_session_hash: randomToken(32),
        storefront_session_hash: null,
        requested_at: isoUtc(new Date(at.getTime() - 30_000)),
        logged_in_at: isoUtc(at),
        last_seen_at: isoUtc(ended),
        expires_at: isoUtc(new Date(at.getTime() + HOUR_MS)),
        ended_at: isoUtc(ended),
        end_reason: 'closed',
      });
    }
  }
}

export async function seedActivity(rc: RequestContext) {
  const db = rc.db;
  const now = rc.app.clock.now();
  const random = rng(2024);
  const made = await addCustomers(rc, now);
  const tree = await rc.app.services.stores.tree(db);
  const viewOf = (code: string) => tree.views.find((v) => v.code === code)!.id;
  // Products every website sells, in stock and enabled (see the catalog's rules in store.ts).
  const products = await db.selectFrom('products').select('id').where('sku', 'like', 'DEMO-%').orderBy('id').execute();
  const sellable = products.filter((_, n) => n % 5 !== 4 && n % 23 !== 7 && n % 50 !== 49).map((p) => p.id);
  const existing = await db
    .selectFrom('customers')
    .select(['id', 'store_view_id'])
    .where('email', 'in', ['roni_cost@example.com', 'john.smith@example.com', 'emma.brown@example.com'])
    .execute();
  const buyers = [...existing.map((c) => ({ id: c.id, viewId: c.store_view_id })), ...made.filter((c) => c.orders)];
  const guestViews = [viewOf('default'), viewOf('default'), viewOf('sv'), viewOf('second')];

  for (let d = 29; d >= 0; d--) {
    const n = Math.floor(random() * 3) + (d % 7 < 2 ? 1 : 0);
    for (let k = 0; k < n; k++) {
      const at = new Date(now.getTime() - d * DAY_MS - Math.floor(random() * 9) * HOUR_MS - k * 600_000);
      const picks = [sellable[Math.floor(random() * sellable.length)]!, ...(random() < 0.4 ? [sellable[Math.floor(random() * sellable.length)]!] : [])];
      const lines = [...new Set(picks)];
      const invoice = random() < 0.5;
      if (random() < 0.35) {
        const guest = GUEST_NAMES[Math.floor(random() * GUEST_NAMES.length)]!;
        await placeAt(rc, { viewId: guestViews[Math.floor(random() * guestViews.length)]!, guest, products: lines, at, invoice });
      } else {
        const buyer = buyers[Math.floor(random() * buyers.length)]!;
        await placeAt(rc, { viewId: buyer.viewId, customerId: buyer.id, products: lines, at, invoice });
      }
    }
  }
  // The newest order is a guest's, so the Dashboard's Last Orders always shows one.
  await placeAt(rc, { viewId: viewOf('default'), guest: GUEST_NAMES[0]!, products: [sellable[3]!], at: now, invoice: false });

  const consenting = await db
    .selectFrom('customers')
    .select(['id', 'store_view_id', 'email'])
    .where('assistance_allowed', '=', 1)
    .where('is_active', '=', 1)
    .orderBy('id')
    .execute();
  await assistedSessions(
    rc,
    now,
    random,
    consenting.map((c) => ({ id: c.id, viewId: c.store_view_id, email: c.email })),
  );
  await applyStates(rc, now, made);
}
