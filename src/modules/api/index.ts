import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { buildSchema, graphql, GraphQLError } from 'graphql';
import type { AppContext } from '../../app-context.ts';
import { paramId } from '../../http/form.ts';
import { can, type RequestContext } from '../../http/request-context.ts';
import { isAppError } from '../../kernel/errors.ts';
import { customersRepo, type CustomerRow } from '../customers/repo.ts';
import { CHANGE_OPT_IN_RESOURCE, consentActive } from '../customers/service.ts';
import { ALLOW_RESOURCE, BINDING_COOKIE, MSG } from '../login-as-customer/service.ts';
import { ACCOUNT_SHARE_SCOPE, SHARE_GLOBAL } from '../stores/index.ts';
import type { ModuleManifest } from '../types.ts';
import { authenticateAdmin, authenticateCustomer } from './auth.ts';
import { OPENAPI } from './openapi.ts';

const CUSTOMERS_RESOURCE = 'customers.all';
const SIGN_IN_FAILED = 'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.';
const NOT_AUTHORIZED = 'The consumer isn\'t authorized to access %resources.';

/** Magento's REST shape of a customer, with the consent as Magento's extension attribute (1 allowed, 2 denied). */
function customerJson(c: CustomerRow, now: Date) {
  const allowed = consentActive(c, now);
  return {
    id: c.id,
    group_id: c.group_id,
    email: c.email,
    firstname: c.firstname,
    lastname: c.lastname,
    website_id: c.website_id,
    store_id: c.store_view_id,
    created_at: c.created_at,
    updated_at: c.updated_at,
    extension_attributes: { assistance_allowed: allowed ? 1 : 2, assistance_expires_at: allowed ? (c.assistance_expires_at ?? null) : null },
  };
}

async function requireAdmin(req: FastifyRequest, reply: FastifyReply, rc: RequestContext, resource: string) {
  if (!(await authenticateAdmin(req, rc))) {
    reply.code(401).send({ message: NOT_AUTHORIZED, parameters: { resources: resource } });
    return false;
  }
  if (!can(rc, resource)) {
    reply.code(403).send({ message: NOT_AUTHORIZED, parameters: { resources: resource } });
    return false;
  }
  return true;
}

const SCHEMA = buildSchema(`
  type Customer {
    firstname: String
    lastname: String
    email: String
    allow_remote_shopping_assistance: Boolean!
  }
  type CustomerOutput { customer: Customer! }
  input CustomerCreateInput {
    firstname: String!
    lastname: String!
    email: String!
    password: String!
    is_subscribed: Boolean
    allow_remote_shopping_assistance: Boolean
  }
  input CustomerUpdateInput {
    firstname: String
    lastname: String
    allow_remote_shopping_assistance: Boolean
  }
  input GenerateCustomerTokenAsAdminInput { customer_email: String! }
  type GenerateCustomerTokenAsAdminOutput { customer_token: String! }
  type Query { customer: Customer }
  type Mutation {
    generateCustomerTokenAsAdmin(input: GenerateCustomerTokenAsAdminInput!): GenerateCustomerTokenAsAdminOutput
    createCustomer(input: CustomerCreateInput!): CustomerOutput
    updateCustomer(input: CustomerUpdateInput!): CustomerOutput
  }
`);

interface GqlContext {
  req: FastifyRequest;
  reply: FastifyReply;
  rc: RequestContext;
}

const gqlError = (message: string, category: string) => new GraphQLError(message, { extensions: { category } });

function customerType(c: CustomerRow, now: Date) {
  return { firstname: c.firstname, lastname: c.lastname, email: c.email, allow_remote_shopping_assistance: consentActive(c, now) };
}

/** Turns our typed errors into GraphQL errors with Magento's categories. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isAppError(e)) {
      const fields = Object.values(e.fieldErrors);
      throw gqlError(fields.length ? `${e.message} ${fields.join(' ')}` : e.message, e.kind === 'forbidden' ? 'graphql-authorization' : 'graphql-input');
    }
    throw e;
  }
}

const resolvers = {
  async customer(_args: unknown, ctx: GqlContext) {
    if (!(await authenticateCustomer(ctx.req, ctx.reply, ctx.rc))) throw gqlError("The current customer isn't authorized.", 'graphql-authorization');
    const c = (await customersRepo.byId(ctx.rc.db, ctx.rc.locals.customer!.id))!;
    return customerType(c, ctx.rc.app.clock.now());
  },

  async generateCustomerTokenAsAdmin(args: { input: { customer_email: string } }, ctx: GqlContext) {
    const rc = ctx.rc;
    if (!(await authenticateAdmin(ctx.req, rc))) throw gqlError("The current user isn't authorized.", 'graphql-authorization');
    const email = (args.input.customer_email ?? '').trim();
    if (!email) throw gqlError('Specify the "customer email" value.', 'graphql-input');
    const global = (await rc.app.services.config.get(ACCOUNT_SHARE_SCOPE)) === SHARE_GLOBAL;
    const customer = await customersRepo.byEmail(rc.db, email, global ? undefined : rc.store.website.id);
    // Every check (feature, permission, customer, consent, store view) and its log entry is the service's; an
    // unknown email is passed as "no such customer" so the refusal is logged like any other.
    const result = await rc.app.services.loginAsCustomer.startWithCustomerToken(rc, { customerId: customer?.id ?? 0, storeViewId: rc.store.view.id });
    if (!result.ok) {
      if (result.code === 'no_customer') throw gqlError(`Customer with email "${email}" does not exist`, 'graphql-no-such-entity');
      if (result.code === 'forbidden') throw gqlError("The current user isn't authorized.", 'graphql-authorization');
      throw gqlError(result.messages[0]!, result.code === 'disabled' ? 'graphql-authorization' : 'graphql-input');
    }
    return { customer_token: result.value.customerToken };
  },

  async createCustomer(args: { input: { firstname: string; lastname: string; email: string; password: string; is_subscribed?: boolean; allow_remote_shopping_assistance?: boolean } }, ctx: GqlContext) {
    const i = args.input;
    const c = await guarded(() =>
      ctx.rc.app.services.customers.register(ctx.rc, {
        firstname: i.firstname,
        lastname: i.lastname,
        email: i.email,
        password: i.password,
        confirmation: i.password,
        assistance: !!i.allow_remote_shopping_assistance,
        newsletter: !!i.is_subscribed,
      }),
    );
    return { customer: customerType(c, ctx.rc.app.clock.now()) };
  },

  async updateCustomer(args: { input: { firstname?: string; lastname?: string; allow_remote_shopping_assistance?: boolean } }, ctx: GqlContext) {
    const rc = ctx.rc;
    if (!(await authenticateCustomer(ctx.req, ctx.reply, rc))) throw gqlError("The current customer isn't authorized.", 'graphql-authorization');
    const before = (await customersRepo.byId(rc.db, rc.locals.customer!.id))!;
    const i = args.input;
    await guarded(() =>
      rc.app.services.customers.updateAccount(rc, before.id, {
        firstname: i.firstname ?? before.firstname,
        lastname: i.lastname ?? before.lastname,
        email: before.email,
        changeEmail: false,
        changePassword: false,
        currentPassword: '',
        password: '',
        confirmation: '',
        assistance: i.allow_remote_shopping_assistance ?? undefined,
        assistanceDuration: 'forever',
      }),
    );
    await rc.app.services.loginAsCustomer.recordAssistedAction(rc, 'GRAPHQL', 'updateCustomer', 200, Object.keys(i));
    return { customer: customerType((await customersRepo.byId(rc.db, before.id))!, rc.app.clock.now()) };
  },
};

/**
 * REST (Magento's paths) and GraphQL. Bearer tokens only: no cookies, so no CSRF; every call goes through the
 * same services as the admin panel and storefront, with the same checks and log entries.
 */
function apiRoutes(server: FastifyInstance, app: AppContext) {
  const limit = { config: { rateLimit: { max: app.env.LOGIN_RATE_LIMIT, timeWindow: '1 minute' } } };

  server.get('/api/docs', async (_req, reply) => reply.header('cache-control', 'no-cache').send(OPENAPI));

  server.post('/rest/V1/integration/admin/token', limit, async (req, reply) => {
    const rc = req.rc;
    rc.fullActionName = 'rest_integration_admin_token';
    const body = (req.body ?? {}) as Record<string, unknown>;
    const username = typeof body.username === 'string' ? body.username.replaceAll('\u0000', '').trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    if (!username || !password) return reply.code(400).send({ message: 'One or more input exceptions have occurred.', errors: [{ message: '"username" and "password" are required.' }] });
    const result = await app.services.adminUsers.signIn(rc, username, password);
    if (!result.ok) return reply.code(401).send({ message: SIGN_IN_FAILED });
    reply.header('cache-control', 'no-store');
    return reply.send(JSON.stringify(result.value.rawSessionId));
  });

  server.get('/rest/V1/customers/:id', async (req, reply) => {
    const rc = req.rc;
    rc.fullActionName = 'rest_customers_get';
    if (!(await requireAdmin(req, reply, rc, CUSTOMERS_RESOURCE))) return reply;
    const id = paramId(req);
    const c = id ? await customersRepo.byId(rc.db, id) : undefined;
    if (!c) return reply.code(404).send({ message: `No such entity with customerId = ${(req.params as { id: string }).id}` });
    return reply.header('cache-control', 'no-store').send(customerJson(c, rc.app.clock.now()));
  });

  server.put('/rest/V1/customers/:id', async (req, reply) => {
    const rc = req.rc;
    rc.fullActionName = 'rest_customers_save';
    if (!(await requireAdmin(req, reply, rc, CUSTOMERS_RESOURCE))) return reply;
    const id = paramId(req);
    const c = id ? await customersRepo.byId(rc.db, id) : undefined;
    if (!c) return reply.code(404).send({ message: `No such entity with customerId = ${(req.params as { id: string }).id}` });
    const body = (req.body ?? {}) as { customer?: { extension_attributes?: { assistance_allowed?: unknown } }; allow_remote_shopping_assistance?: unknown };
    const raw = body.customer?.extension_attributes?.assistance_allowed ?? body.allow_remote_shopping_assistance;
    const allowed = raw === 1 || raw === true ? true : raw === 2 || raw === 0 || raw === false ? false : undefined;
    if (allowed === undefined) return reply.code(400).send({ message: 'Send customer.extension_attributes.assistance_allowed as 1 (allowed) or 2 (denied).' });
    if (!can(rc, CHANGE_OPT_IN_RESOURCE)) return reply.code(403).send({ message: 'You have no permission to change Opt-In preference.' });
    try {
      await app.services.customers.adminSetConsent(rc, c.id, allowed);
    } catch (e) {
      if (isAppError(e)) return reply.code(e.kind === 'forbidden' ? 403 : e.kind === 'not_found' ? 404 : 400).send({ message: e.message });
      throw e;
    }
    return reply.header('cache-control', 'no-store').send(customerJson((await customersRepo.byId(rc.db, c.id))!, rc.app.clock.now()));
  });

  server.post('/rest/V1/loginascustomer/sessions', async (req, reply) => {
    const rc = req.rc;
    rc.fullActionName = 'rest_loginascustomer_start';
    // Only authentication here: the permission and every other check are the service's, which logs refusals.
    if (!(await authenticateAdmin(req, rc))) return reply.code(401).send({ message: NOT_AUTHORIZED, parameters: { resources: ALLOW_RESOURCE } });
    const body = (req.body ?? {}) as { customer_id?: unknown; store_id?: unknown; reason?: unknown };
    const customerId = Number(body.customer_id);
    if (!Number.isInteger(customerId) || customerId < 1) return reply.code(400).send({ message: '"customer_id" is required.' });
    const result = await app.services.loginAsCustomer.start(rc, {
      customerId,
      storeViewId: body.store_id === undefined ? undefined : Number(body.store_id),
      reason: typeof body.reason === 'string' ? body.reason : undefined,
    });
    if (!result.ok) return reply.code(result.code === 'forbidden' ? 403 : 400).send({ message: result.messages[0] });
    const v = result.value;
    reply.header('cache-control', 'no-store');
    return reply.code(201).send({
      lac_session_id: v.sessionId,
      redeem_url: `${app.env.publicUrl}${v.view.prefix}/loginascustomer/login/redeem`,
      token: v.token,
      binding_cookie: { name: BINDING_COOKIE, value: v.binding },
      expires_in: v.tokenSeconds,
    });
  });

  server.post('/graphql', async (req, reply) => {
    const rc = req.rc;
    rc.fullActionName = 'graphql';
    const body = (req.body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
    if (typeof body.query !== 'string') return reply.code(400).send({ errors: [{ message: 'Missing "query".' }] });
    // A store view is chosen the Magento way, by the Store header (code); default otherwise.
    const storeCode = req.headers.store;
    if (typeof storeCode === 'string') {
      const tree = await app.services.stores.tree();
      const view = tree.views.find((v) => v.code === storeCode && v.is_active === 1);
      if (!view) return reply.code(400).send({ errors: [{ message: 'Requested store is not found', extensions: { category: 'graphql-no-such-entity' } }] });
      rc.store = (await app.services.stores.byId(view.id))!;
    }
    const result = await graphql({
      schema: SCHEMA,
      source: body.query,
      rootValue: resolvers,
      contextValue: { req, reply, rc } satisfies GqlContext,
      variableValues: body.variables && typeof body.variables === 'object' ? (body.variables as Record<string, unknown>) : undefined,
      operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
    });
    reply.header('cache-control', 'no-store');
    return reply.send(result);
  });
}

export const apiModule: ModuleManifest = {
  name: 'api',
  rawRoutes: apiRoutes,
};
