import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPHQL_ACCESS, SCHEMA } from '../modules/api/graphql.ts';
import { STOREFRONT_COOKIE } from '../modules/customers/session.ts';
import { LAC_ENABLED } from '../modules/login-as-customer/settings.ts';
import type { RouteAccess } from '../modules/types.ts';
import { Agent } from '../testing/agent.ts';
import { createAdmin, createRole, systemRc, TEST_PASSWORD, unique } from '../testing/fixtures.ts';
import { createCustomer, createProduct, placeOrder, signInCustomer } from '../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import type { LightMyRequestResponse } from 'fastify';
import { ADMIN_COOKIE, type RegisteredRoute } from './server.tsx';

/**
 * The authorization matrix: every route the server registered and every GraphQL operation, called by four
 * identities (anonymous, a signed-in customer, an admin whose role lacks the route's resource, an admin whose
 * role has it; API routes get the same identities' sessions as bearer tokens), and each answer checked against
 * the declared access: refused (sign-in redirect, 401, 403, GraphQL authorization error) or served (anything
 * else below 500). Routes come from the server, so a new route is in the matrix (and must declare its access).
 */
let app: TestApp;
let routes: RegisteredRoute[];
beforeAll(async () => {
  app = await createTestApp();
  await app.server.ready();
  routes = app.routes;
});
afterAll(async () => app?.dispose());

const ACCESS = /^(public|customer|api-customer|(admin|api-admin):[\w.]+)$/;
const accessOf = (route: RegisteredRoute) => route.config.access as RouteAccess | undefined;
const where = (route: { method: string; url: string }) => `${route.method} ${route.url}`;
const resourceOf = (access: RouteAccess) => (access.includes(':') ? access.slice(access.indexOf(':') + 1) : undefined);

describe('access declarations', () => {
  it('every registered route declares who may call it, with resources that exist', () => {
    expect(routes.length).toBeGreaterThan(100);
    const undeclared = routes.filter((r) => !ACCESS.test(String(accessOf(r) ?? ''))).map(where);
    expect(undeclared).toEqual([]);
    for (const route of routes) {
      const resource = resourceOf(accessOf(route)!);
      if (resource) expect(app.ctx.registry.resources.has(resource), where(route)).toBe(true);
    }
  });

  it('every GraphQL query and mutation declares who may call it', () => {
    const schema = buildSchema(SCHEMA);
    const operations = [
      ...Object.keys(schema.getQueryType()!.getFields()).map((f) => `Query.${f}`),
      ...Object.keys(schema.getMutationType()!.getFields()).map((f) => `Mutation.${f}`),
    ];
    expect(operations.filter((op) => !ACCESS.test(GRAPHQL_ACCESS[op] ?? ''))).toEqual([]);
    // …and nothing is declared for an operation that does not exist.
    expect(Object.keys(GRAPHQL_ACCESS).sort()).toEqual([...operations].sort());
  });
});

type IdentityKind = 'anonymous' | 'customer' | 'admin-without' | 'admin-with';
const IDENTITIES: IdentityKind[] = ['anonymous', 'customer', 'admin-without', 'admin-with'];
interface Identity {
  agent: Agent;
  bearer?: string;
}

/** Which identities a declaration serves; everyone else must be refused. */
function served(access: RouteAccess, who: IdentityKind): boolean {
  if (access === 'public') return true;
  if (access === 'customer' || access === 'api-customer') return who === 'customer';
  return who === 'admin-with';
}

const refusedStatus = (res: LightMyRequestResponse) =>
  res.statusCode === 401 ||
  res.statusCode === 403 ||
  ((res.statusCode === 302 || res.statusCode === 303) && /\/(admin\/login|customer\/account\/login)(\?|$)/.test(String(res.headers.location ?? '')));
const graphqlRefused = (res: LightMyRequestResponse) => {
  const body = JSON.parse(res.body) as { errors?: { extensions?: { category?: string } }[] };
  return (body.errors ?? []).some((e) => e.extensions?.category === 'graphql-authorization');
};

// Routes that end the caller's own session are called by identities signed in for that call only.
const SESSION_ENDING = new Set(['POST /admin/logout', 'POST /customer/account/logout', 'POST /loginascustomer/session/close']);

describe('authorization matrix', () => {
  let requestCount = 0;
  const identities = new Map<string, Identity>();
  let customer: Identity;
  let anonymous: Identity;
  const samples: Record<string, string> = {};
  let consentingEmail = '';
  let customerEmail = '';

  beforeAll(async () => {
    await app.ctx.services.config.save(await systemRc(app), 'default', 0, [{ path: LAC_ENABLED, value: '1' }]);
    anonymous = { agent: new Agent(app) };
    const me = await createCustomer(app);
    customerEmail = me.email;
    const shopper = new Agent(app);
    await shopper.get('/customer/account/login');
    await signInCustomer(shopper, me.email);
    customer = { agent: shopper, bearer: shopper.cookies.get(STOREFRONT_COOKIE) };
    const product = await createProduct(app);
    const order = await placeOrder(app, shopper, [{ productId: product.id, qty: 1 }]);
    // Rows the routes act on, apart from the identities' own (a served delete removes only these).
    const victim = await createCustomer(app, { consent: true });
    consentingEmail = victim.email;
    const victimAdmin = await createAdmin(app, ['dashboard']);
    const victimRole = await createRole(app, ['dashboard']);
    const logEntry = await app.ctx.db.selectFrom('action_log').select('id').orderBy('id').executeTakeFirst();
    const category = await app.ctx.db.selectFrom('categories').select('id').orderBy('id', 'desc').executeTakeFirst();
    const rc = await systemRc(app);
    const taxRate = await app.ctx.services.tax.saveRate(rc, {
      code: 'MATRIX-1',
      countryId: 'SE',
      zipIsRange: false,
      postcode: '*',
      zipFrom: '',
      zipTo: '',
      rate: '25',
    });
    if (!taxRate.ok) throw new Error(taxRate.messages.join());
    const taxRule = await app.ctx.services.tax.saveRule(rc, {
      code: 'Matrix rule',
      customerClasses: [2],
      productClasses: [1],
      rates: [taxRate.value],
      priority: '0',
      position: '0',
    });
    if (!taxRule.ok) throw new Error(taxRule.messages.join());
    Object.assign(samples, {
      order: String(order.id),
      customer: String(victim.id),
      address: String(victim.addressId),
      myAddress: String(me.addressId),
      product: String(product.id),
      productKey: product.urlKey,
      category: String(category?.id ?? 999999),
      adminUser: String(victimAdmin.id),
      role: String(victimRole),
      logEntry: String(logEntry?.id ?? 999999),
      taxRate: String(taxRate.value),
      taxRule: String(taxRule.value),
      section: app.ctx.registry.sections[0]!.id,
    });
  });

  /** The route's path with sample values: fixture rows where the route acts on one, an unknown id elsewhere. */
  function concrete(url: string): string {
    const id = (): string => {
      if (url.startsWith('/admin/sales/orders/') || url.startsWith('/sales/order/')) return samples.order!;
      if (url.startsWith('/admin/customers/groups/')) return '999999';
      if (url.startsWith('/admin/customers/') || url.startsWith('/rest/V1/customers/') || url.startsWith('/admin/loginascustomer/')) return samples.customer!;
      if (url.startsWith('/customer/address/')) return samples.myAddress!;
      if (url.startsWith('/admin/catalog/products/')) return samples.product!;
      if (url.startsWith('/admin/catalog/categories/')) return samples.category!;
      if (url.startsWith('/admin/system/users/')) return samples.adminUser!;
      if (url.startsWith('/admin/system/roles/')) return samples.role!;
      if (url.startsWith('/admin/system/action-logs/')) return samples.logEntry!;
      if (url.startsWith('/admin/tax/rates/')) return samples.taxRate!;
      if (url.startsWith('/admin/tax/rules/')) return samples.taxRule!;
      return '999999';
    };
    return url
      .replace('/static/*', '/static/store.css')
      .replace(':addressId', samples.address!)
      .replace(':section', samples.section!)
      .replace(/^\/product\/:key/, `/product/${samples.productKey}`)
      .replace(':key', 'no-such-key')
      .replace(':id', id());
  }

  async function adminIdentity(resources: string[], throwaway = false): Promise<Identity> {
    const key = resources.join(',');
    let identity = throwaway ? undefined : identities.get(key);
    if (!identity) {
      const admin = await createAdmin(app, resources);
      const agent = new Agent(app);
      await agent.signInAdmin(admin.username, TEST_PASSWORD);
      identity = { agent, bearer: agent.cookies.get(ADMIN_COOKIE) };
      if (!throwaway) identities.set(key, identity);
    }
    return identity;
  }

  /**
   * The identity, signed in once and reused (or, with `throwaway`, signed in for one call). The admin with the
   * resource has the route's resource, and for a configuration section page the sample section's resource too.
   */
  async function identity(who: IdentityKind, access: RouteAccess, route?: RegisteredRoute, throwaway = false): Promise<Identity> {
    if (who === 'anonymous') return anonymous;
    if (who === 'customer') {
      if (!throwaway) return customer;
      const agent = new Agent(app);
      await agent.get('/customer/account/login');
      await signInCustomer(agent, customerEmail);
      return { agent, bearer: agent.cookies.get(STOREFRONT_COOKIE) };
    }
    const resource = resourceOf(access);
    if (who === 'admin-without') return adminIdentity(resource === 'dashboard' ? ['system'] : ['dashboard'], throwaway);
    const section = route?.url.includes(':section') ? app.ctx.registry.sections[0]!.resource : undefined;
    return adminIdentity(section ? app.ctx.registry.ancestry(section) : resource ? app.ctx.registry.ancestry(resource) : ['dashboard'], throwaway);
  }

  const isApi = (url: string) => url.startsWith('/rest/') || url === '/graphql';
  const API_BODIES: Record<string, () => unknown> = {
    'POST /rest/V1/loginascustomer/sessions': () => ({ customer_id: Number(samples.customer), reason: 'Matrix' }),
    'POST /rest/V1/integration/admin/token': () => ({}),
  };

  async function call(route: RegisteredRoute, who: Identity): Promise<LightMyRequestResponse> {
    requestCount++;
    const url = concrete(route.url);
    if (isApi(route.url)) {
      const body = API_BODIES[where(route)]?.() ?? {};
      return app.server.inject({
        method: route.method as 'GET',
        url,
        ...(route.method === 'GET' ? {} : { payload: JSON.stringify(body) }),
        headers: { 'content-type': 'application/json', ...(who.bearer ? { authorization: `Bearer ${who.bearer}` } : {}) },
      });
    }
    if (route.method === 'GET') return who.agent.get(url);
    return who.agent.post(url);
  }

  it('answers every route for every identity as its declaration says', async () => {
    const checked = routes.filter((r) => r.method !== 'HEAD');
    const failures: string[] = [];
    for (const route of checked) {
      const access = accessOf(route)!;
      // The admin who has the resource goes last, so a served change (a delete) happens after the refusals.
      for (const who of IDENTITIES) {
        const res = await call(route, await identity(who, access, route, SESSION_ENDING.has(where(route))));
        const line = `${where(route)} [${access}] as ${who} → ${res.statusCode} ${res.headers.location ?? ''}`;
        if (res.statusCode >= 500) failures.push(`${line}: server error`);
        else if (access === 'public') continue;
        else if (served(access, who) && refusedStatus(res)) failures.push(`${line}: refused, should be served`);
        else if (!served(access, who) && !refusedStatus(res)) failures.push(`${line}: served, should be refused`);
      }
    }
    expect(failures).toEqual([]);
    const matrix = `${checked.length} routes (${routes.length} with HEAD) × ${IDENTITIES.length} identities = ${requestCount} requests`;
    expect(requestCount, matrix).toBe(checked.length * IDENTITIES.length);
    console.info(`authorization matrix: ${matrix}`);
    // Every route × every identity: several hundred real requests, minutes on a slow or busy machine.
  }, 300_000);

  it('answers every GraphQL operation for every identity as its declaration says', async () => {
    const documents: Record<string, () => { query: string; variables?: Record<string, unknown> }> = {
      'Query.customer': () => ({ query: '{ customer { email } }' }),
      'Mutation.generateCustomerTokenAsAdmin': () => ({
        query: 'mutation($e: String!) { generateCustomerTokenAsAdmin(input: { customer_email: $e }) { customer_token } }',
        variables: { e: consentingEmail },
      }),
      'Mutation.createCustomer': () => ({
        query: 'mutation($i: CustomerCreateInput!) { createCustomer(input: $i) { customer { email } } }',
        variables: { i: { firstname: 'Matrix', lastname: 'Row', email: `${unique('matrix')}@example.com`, password: 'Matrix-pass-1' } },
      }),
      'Mutation.updateCustomer': () => ({ query: 'mutation { updateCustomer(input: { firstname: "Matrix" }) { customer { firstname } } }' }),
    };
    expect(Object.keys(documents).sort()).toEqual(Object.keys(GRAPHQL_ACCESS).sort());
    const failures: string[] = [];
    let sent = 0;
    for (const [operation, access] of Object.entries(GRAPHQL_ACCESS)) {
      for (const who of IDENTITIES) {
        const { bearer } = await identity(who, access);
        sent++;
        const res = await app.server.inject({
          method: 'POST',
          url: '/graphql',
          payload: JSON.stringify(documents[operation]!()),
          headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        });
        const line = `${operation} [${access}] as ${who} → ${res.statusCode} ${res.body.slice(0, 200)}`;
        if (res.statusCode >= 500) failures.push(`${line}: server error`);
        else if (served(access, who) && graphqlRefused(res)) failures.push(`${line}: refused, should be served`);
        else if (!served(access, who) && !graphqlRefused(res)) failures.push(`${line}: served, should be refused`);
      }
    }
    expect(failures).toEqual([]);
    console.info(`GraphQL matrix: ${Object.keys(GRAPHQL_ACCESS).length} operations × ${IDENTITIES.length} identities = ${sent} requests`);
  });
});
