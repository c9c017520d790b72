import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_CSRF_COOKIE, CSRF_COOKIE } from '../../http/csrf.ts';
import { FLASH_COOKIE } from '../../http/flash.ts';
import { randomToken } from '../../kernel/tokens.ts';
import { Agent, csrfSurfaceOf } from '../agent.ts';
import { createTestApp, type TestApp } from '../test-app.ts';
import {
  buildStoreWorld,
  concreteUrl,
  fullSnapshot,
  harvestRouteForms,
  shownErrors,
  snapshotDiff,
  tablesOf,
  type HarvestedForm,
  type StoreWorld,
  type TableInfo,
} from './store-world.ts';

/**
 * Every state-changing route, sent by a signed-in browser of the right kind without a form key, with a wrong
 * one and with another browser's valid one: each is refused and changes no row. The route list comes from the
 * server, so a new route is swept without touching this file (or must be listed below as token-authenticated).
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Token-authenticated entry points: they read no session cookie, so a forged cross-site request carries no authority. */
const TOKEN_AUTHENTICATED: { method: string; url: string; reason: string }[] = [
  { method: 'POST', url: '/rest/V1/integration/admin/token', reason: 'exchanges a username and password in the body for a bearer token; no cookie is read' },
  { method: 'PUT', url: '/rest/V1/customers/:id', reason: 'REST: admin bearer token in the Authorization header only' },
  { method: 'POST', url: '/rest/V1/loginascustomer/sessions', reason: 'REST: admin bearer token in the Authorization header only' },
  { method: 'POST', url: '/graphql', reason: 'GraphQL: admin or customer bearer token only (account creation needs no identity at all)' },
];

let app: TestApp;
let world: StoreWorld;
let tables: TableInfo[];
/** Another browser with its own valid form key (a visitor who loaded a page). */
let stranger: Agent;
let forms: Map<string, HarvestedForm>;

beforeAll(async () => {
  app = await createTestApp();
  world = await buildStoreWorld(app);
  tables = await tablesOf(app);
  stranger = new Agent(app);
  await stranger.get('/');
  forms = await harvestRouteForms(app, world);
}, 120_000);
afterAll(async () => app?.dispose());

const stateChanging = () => app.routes.filter((r) => !SAFE_METHODS.has(r.method) && !TOKEN_AUTHENTICATED.some((x) => x.method === r.method && x.url === r.url));
const bodyFor = (routeUrl: string) => Object.fromEntries(groupFields(forms.get(routeUrl)?.fields.filter(([k]) => k !== 'form_key') ?? []));
function groupFields(fields: [string, string][]): [string, string | string[]][] {
  const grouped = new Map<string, string[]>();
  for (const [k, v] of fields) grouped.set(k, [...(grouped.get(k) ?? []), v]);
  return [...grouped].map(([k, v]) => [k, v.length === 1 ? v[0]! : v]);
}

const flashOf = (res: { cookies: { name: string; value: string }[] }) => decodeURIComponent(res.cookies.find((c) => c.name === FLASH_COOKIE)?.value ?? '');

type Variant = 'no form key' | 'wrong form key' | "another browser's form key";
const VARIANTS: Variant[] = ['no form key', 'wrong form key', "another browser's form key"];

async function send(browser: Agent, method: string, url: string, body: Record<string, string | string[]>, variant: Variant) {
  if (method !== 'POST') throw new Error(`${method} ${url}: only POST is expected outside the token APIs`);
  if (variant === 'no form key') return browser.post(url, body, { formKey: false });
  if (variant === 'wrong form key') return browser.post(url, { ...body, form_key: randomToken() });
  return browser.post(url, { ...body, form_key: stranger.formKey(csrfSurfaceOf(url)) });
}

describe("CSRF: every state-changing route refuses a request without this browser's form key", () => {
  it('lists exactly the token APIs as exclusions, and the forms of the routes it sweeps', () => {
    const apiRoutes = app.routes.filter((r) => !SAFE_METHODS.has(r.method) && (r.url.startsWith('/rest/') || r.url === '/graphql'));
    expect(apiRoutes.map((r) => `${r.method} ${r.url}`).sort()).toEqual(TOKEN_AUTHENTICATED.map((x) => `${x.method} ${x.url}`).sort());
    expect(stateChanging().length).toBeGreaterThan(50);
    // Most routes are swept with the very fields their form submits (the rest take ids in the path only).
    expect(forms.size).toBeGreaterThan(30);
  });

  // Two whole-database fingerprints per request: tens of ms each on PostgreSQL, so minutes on a slow machine.
  it('refuses each route three ways, from an admin, a customer and an assisted browser, changing nothing', async () => {
    let cases = 0;
    const failures: string[] = [];
    const start = await fullSnapshot(app, tables);
    for (const route of stateChanging()) {
      const url = concreteUrl(route.url, world.params(route.url));
      const admin = route.url.startsWith('/admin');
      const browsers: [string, Agent][] = admin
        ? [['admin', world.admin]]
        : [
            ['customer', world.customer],
            ['assisted', world.assisted],
          ];
      for (const [who, browser] of browsers) {
        for (const variant of VARIANTS) {
          const seedBefore = [browser.cookies.get(CSRF_COOKIE), browser.cookies.get(ADMIN_CSRF_COOKIE)];
          const before = await fullSnapshot(app, tables);
          const res = await send(browser, route.method, url, bodyFor(route.url), variant);
          const after = await fullSnapshot(app, tables);
          cases++;
          const where = `${route.method} ${url} as ${who}, ${variant} → ${res.statusCode}`;
          // Admin routes answer 403 with the message; sign-out (a raw route) sends back to the dashboard with it.
          const refused =
            admin && route.url !== '/admin/logout'
              ? res.statusCode === 403 && res.body.includes('Invalid Form Key')
              : res.statusCode === 403 || (res.statusCode === 303 && flashOf(res).includes('Invalid Form Key'));
          if (!refused) failures.push(`${where}: not refused ${res.body.slice(0, 200)}`);
          const changes = snapshotDiff(before, after);
          if (changes.length) failures.push(`${where}: changed ${changes.join('; ')}`);
          // The browser is still who it was (a refused sign-out or sign-in changes no cookie that matters).
          expect([browser.cookies.get(CSRF_COOKIE), browser.cookies.get(ADMIN_CSRF_COOKIE)], where).toEqual(seedBefore);
        }
      }
    }
    expect(failures).toEqual([]);
    // Response hooks (the assisted-session audit) run after the answer is sent: compare once more after they settle.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(snapshotDiff(start, await fullSnapshot(app, tables))).toEqual([]);
    console.log(`CSRF sweep: ${stateChanging().length} routes, ${cases} refused requests, ${TOKEN_AUTHENTICATED.length} token APIs excluded`);
    expect(cases).toBeGreaterThan(150);
  }, 300_000);

  it('the same requests with a valid form key do change something (so the refusals above were not vacuous)', async () => {
    const representative: { url: string; browser: () => Agent; body?: Record<string, string>; table: string }[] = [
      { url: '/admin/catalog/products/:id/save', browser: () => world.admin, table: 'products' },
      { url: '/admin/customers/groups/:id/save', browser: () => world.admin, body: { code: 'Renamed group' }, table: 'customer_groups' },
      { url: '/admin/sales/orders/:id/comment', browser: () => world.admin, body: { comment: 'Called the customer' }, table: 'order_comments' },
      { url: '/admin/loginascustomer/login', browser: () => world.admin, body: { customer_id: String(world.customerId) }, table: 'lac_sessions' },
      { url: '/customer/address/formPost/:id', browser: () => world.customer, body: { city: 'Elsewhere' }, table: 'customer_addresses' },
      { url: '/checkout/cart/add', browser: () => world.customer, body: { product: String(world.ids.productId), qty: '1' }, table: 'cart_items' },
      { url: '/wishlist/index/add', browser: () => world.assisted, body: { product: String(world.ids.productId) }, table: 'wishlist_items' },
    ];
    for (const r of representative) {
      expect(
        app.routes.some((x) => x.method === 'POST' && x.url === r.url),
        r.url,
      ).toBe(true);
      app.clock.advance(1000);
      const before = await fullSnapshot(app, tables);
      const url = concreteUrl(r.url, world.params(r.url));
      const res = await r.browser().post(url, { ...bodyFor(r.url), ...(r.body ?? {}) });
      const changes = snapshotDiff(before, await fullSnapshot(app, tables));
      expect(res.statusCode, `${url}: ${shownErrors(res.body).join(' ')}`).toBeLessThan(400);
      expect(
        changes.map((c) => c.split(':')[0]),
        url,
      ).toContain(r.table);
    }
  });

  it("the token APIs ignore the browser's cookies: a signed-in admin or customer browser gets no authority from them", async () => {
    const before = await fullSnapshot(app, tables);
    const restPut = await world.admin.app.server.inject({
      method: 'PUT',
      url: `/rest/V1/customers/${world.customerId}`,
      headers: { cookie: cookieHeader(world.admin), 'content-type': 'application/json' },
      payload: JSON.stringify({ customer: { extension_attributes: { assistance_allowed: 2 } } }),
    });
    expect(restPut.statusCode).toBe(401);
    const restLac = await app.server.inject({
      method: 'POST',
      url: '/rest/V1/loginascustomer/sessions',
      headers: { cookie: cookieHeader(world.admin), 'content-type': 'application/json' },
      payload: JSON.stringify({ customer_id: world.customerId }),
    });
    expect(restLac.statusCode).toBe(401);
    const token = await app.server.inject({
      method: 'POST',
      url: '/rest/V1/integration/admin/token',
      headers: { cookie: cookieHeader(world.admin), 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(token.statusCode).toBe(400);
    const gqlAsCustomer = await app.server.inject({
      method: 'POST',
      url: '/graphql',
      headers: { cookie: cookieHeader(world.customer), 'content-type': 'application/json' },
      payload: JSON.stringify({ query: 'mutation { updateCustomer(input: { firstname: "Forged" }) { customer { firstname } } }' }),
    });
    expect(gqlAsCustomer.statusCode).toBeLessThan(500);
    expect(JSON.stringify(gqlAsCustomer.json().errors)).toContain("The current customer isn't authorized.");
    const gqlAsAdmin = await app.server.inject({
      method: 'POST',
      url: '/graphql',
      headers: { cookie: cookieHeader(world.admin), 'content-type': 'application/json' },
      payload: JSON.stringify({ query: `mutation { generateCustomerTokenAsAdmin(input: { customer_email: "${world.customerEmail}" }) { customer_token } }` }),
    });
    expect(JSON.stringify(gqlAsAdmin.json().errors)).toContain("The current user isn't authorized.");
    expect(gqlAsAdmin.json().data?.generateCustomerTokenAsAdmin ?? null).toBeNull();
    // Only refusals' own audit entries may appear (a refused Login as Customer start is logged by design).
    const changes = snapshotDiff(before, await fullSnapshot(app, tables)).filter((c) => !c.startsWith('action_log:'));
    expect(changes).toEqual([]);
  });
});

const cookieHeader = (agent: Agent) => [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
