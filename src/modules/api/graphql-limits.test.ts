import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../testing/agent.ts';
import { unique } from '../../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { GRAPHQL_BODY_LIMIT, QUERY_COMPLEXITY_LIMIT, QUERY_DEPTH_LIMIT } from './graphql.ts';

/** The GraphQL door's limits, in development and in production mode, and registration limits on both doors. */
const REGISTRATIONS_PER_HOUR = 3;
let dev: TestApp;
let prod: TestApp;
beforeAll(async () => {
  dev = await createTestApp({ REGISTRATION_RATE_LIMIT: String(REGISTRATIONS_PER_HOUR) });
  prod = await createTestApp({ NODE_ENV: 'production', SESSION_SECRET: 'test-secret-for-production-mode-0123456789', COOKIE_SECURE: 'false' });
});
afterAll(async () => {
  await dev?.dispose();
  await prod?.dispose();
});

let ipCounter = 0;
/** Each test speaks from its own address, so the per-IP limits of one test do not reach another. */
const freshIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

async function post(app: TestApp, body: unknown, ip = freshIp()) {
  const res = await app.server.inject({
    method: 'POST',
    url: '/graphql',
    remoteAddress: ip,
    payload: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}
const countCustomers = async (app: TestApp, emails: string[]) =>
  Number(
    (
      await app.ctx.db
        .selectFrom('customers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('email', 'in', emails)
        .executeTakeFirstOrThrow()
    ).n,
  );

const nested = (depth: number) => `{ __type(name: "Customer") { ${'ofType { '.repeat(depth - 2)}name${' }'.repeat(depth - 2)} } }`;

describe('GraphQL limits', () => {
  it('refuses a query deeper than the limit, before running it', async () => {
    const tooDeep = await post(dev, { query: nested(QUERY_DEPTH_LIMIT.development + 1) });
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.errors[0].message).toContain(
      `unnamedQuery query depth (${QUERY_DEPTH_LIMIT.development + 1}) exceeds the query depth limit of ${QUERY_DEPTH_LIMIT.development}`,
    );
    expect(tooDeep.body.errors[0].extensions.category).toBe('graphql');
    const atLimit = await post(dev, { query: nested(QUERY_DEPTH_LIMIT.development) });
    expect(atLimit.status).toBe(200);
    expect(atLimit.body.data.__type).toEqual({ ofType: null });
  });

  it('refuses a wide query by its cost', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `c${i}: customer { email firstname }`).join(' ')} }`;
    // Each alias costs 3 (customer, email, firstname).
    const wide = await post(dev, { query: aliases(Math.floor(QUERY_COMPLEXITY_LIMIT / 3) + 1) });
    expect(wide.status).toBe(400);
    expect(wide.body.errors[0].message).toBe(
      `The query is too complex: it costs ${(Math.floor(QUERY_COMPLEXITY_LIMIT / 3) + 1) * 3} and at most ${QUERY_COMPLEXITY_LIMIT} is allowed. Ask for fewer fields.`,
    );
    expect(wide.body.data).toBeNull();
    // Within the limit it runs (and each customer field is refused for want of a token, as usual).
    const narrow = await post(dev, { query: aliases(2) });
    expect(narrow.status).toBe(200);
    expect(narrow.body.errors.map((e: { extensions: { category: string } }) => e.extensions.category)).toEqual([
      'graphql-authorization',
      'graphql-authorization',
    ]);
  });

  it('answers introspection and GraphiQL in development only', async () => {
    const devSchema = await post(dev, { query: getIntrospectionQuery() });
    expect(devSchema.status).toBe(200);
    expect(devSchema.body.data.__schema.mutationType.name).toBe('Mutation');
    expect((await dev.server.inject({ method: 'GET', url: '/graphiql' })).statusCode).toBe(200);

    const prodSchema = await post(prod, { query: getIntrospectionQuery() });
    expect(prodSchema.status).toBe(400);
    expect(prodSchema.body.errors[0].message).toBe('GraphQL introspection has been disabled, but the requested query contained the field "__schema".');
    const prodType = await post(prod, { query: '{ __type(name: "Customer") { name } }' });
    expect(prodType.body.errors[0].message).toContain('GraphQL introspection has been disabled');
    expect((await prod.server.inject({ method: 'GET', url: '/graphiql' })).statusCode).toBe(404);
    // Ordinary queries still run in production.
    const me = await post(prod, { query: '{ customer { email } }' });
    expect(me.body.errors[0].message).toBe("The current customer isn't authorized.");
  });

  it('answers queries over GET but never runs a mutation there', async () => {
    const email = `${unique('get')}@example.com`.toLowerCase();
    const mutation = `mutation { createCustomer(input: { firstname: "G", lastname: "E", email: "${email}", password: "Graph-pass-1" }) { customer { email } } }`;
    const refused = await dev.server.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent(mutation)}` });
    expect(refused.statusCode).toBe(405);
    expect(JSON.parse(refused.body).errors[0].message).toBe('Operation cannot be performed via a GET request');
    expect(await countCustomers(dev, [email])).toBe(0);
    const query = await dev.server.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent('{ customer { email } }')}` });
    expect(query.statusCode).toBe(200);
    expect(JSON.parse(query.body).errors[0].extensions.category).toBe('graphql-authorization');
  });

  it('refuses batched requests and bodies over the limit', async () => {
    const email = `${unique('batch')}@example.com`.toLowerCase();
    const create = {
      query: `mutation { createCustomer(input: { firstname: "B", lastname: "A", email: "${email}", password: "Graph-pass-1" }) { customer { email } } }`,
    };
    const batch = await post(dev, [create, create]);
    expect(batch.status).toBe(400);
    expect(await countCustomers(dev, [email])).toBe(0);
    const huge = await post(dev, { query: `{ customer { email } }${' '.repeat(GRAPHQL_BODY_LIMIT)}` });
    expect(huge.status).toBe(413);
    expect(huge.body.errors[0].message).toBe('Request body is too large');
  });
});

describe('registration limits per IP', () => {
  const createMutation = (emails: string[]) =>
    `mutation { ${emails.map((email, i) => `r${i}: createCustomer(input: { firstname: "Rate", lastname: "Limit", email: "${email}", password: "Graph-pass-1" }) { customer { email } }`).join(' ')} }`;
  const emails = (n: number, prefix: string) => Array.from({ length: n }, () => `${unique(prefix)}@example.com`.toLowerCase());

  it('refuses the storefront registration after the limit with 429, creating nobody', async () => {
    const ip = freshIp();
    const agent = new Agent(dev);
    await agent.get('/customer/account/create');
    const register = (email: string) =>
      dev.server.inject({
        method: 'POST',
        url: '/customer/account/createpost',
        remoteAddress: ip,
        payload: new URLSearchParams({
          form_key: agent.formKey(),
          firstname: 'Form',
          lastname: 'Limit',
          email,
          password: 'Form-pass-123',
          password_confirmation: 'Form-pass-123',
        }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
    const allowed = emails(REGISTRATIONS_PER_HOUR, 'form');
    for (const email of allowed) expect((await register(email)).statusCode).toBe(303);
    expect(await countCustomers(dev, allowed)).toBe(REGISTRATIONS_PER_HOUR);
    const [extra] = emails(1, 'form');
    const refused = await register(extra!);
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('Too many requests. Please wait a moment and try again.');
    expect(await countCustomers(dev, [extra!])).toBe(0);
  });

  it('counts each createCustomer field, so aliases cannot pass the limit, and creates nothing when refused', async () => {
    const ip = freshIp();
    const first = emails(REGISTRATIONS_PER_HOUR - 1, 'gql');
    const ok = await post(dev, { query: createMutation(first) }, ip);
    expect(ok.body.errors).toBeUndefined();
    expect(await countCustomers(dev, first)).toBe(REGISTRATIONS_PER_HOUR - 1);
    // One allowed registration is left: a request asking for two (aliased) is refused whole.
    const pair = emails(2, 'gql');
    const refused = await post(dev, { query: createMutation(pair) }, ip);
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0]).toMatchObject({
      message: 'Too many requests. Please wait a moment and try again.',
      extensions: { category: 'graphql-rate-limit' },
    });
    expect(await countCustomers(dev, pair)).toBe(0);
    // Fragments are counted too.
    const viaFragment = emails(1, 'gql');
    const fragment = await post(
      dev,
      {
        query: `mutation { ...Create } fragment Create on Mutation { createCustomer(input: { firstname: "F", lastname: "R", email: "${viaFragment[0]}", password: "Graph-pass-1" }) { customer { email } } }`,
      },
      ip,
    );
    expect(fragment.status).toBe(429);
    expect(await countCustomers(dev, viaFragment)).toBe(0);
    // Another address is not affected.
    const elsewhere = emails(1, 'gql');
    expect((await post(dev, { query: createMutation(elsewhere) })).body.errors).toBeUndefined();
    expect(await countCustomers(dev, elsewhere)).toBe(1);
  });

  it('refuses one request with more aliased createCustomer fields than the limit, creating nobody', async () => {
    const many = emails(REGISTRATIONS_PER_HOUR + 1, 'alias');
    const refused = await post(dev, { query: createMutation(many) });
    expect(refused.status).toBe(429);
    expect(await countCustomers(dev, many)).toBe(0);
  });
});
