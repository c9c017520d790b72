import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../kernel/app-context.ts';
import { can } from '../../../kernel/request-context.ts';
import type { Services } from '../../../kernel/services.ts';
import { paramId } from '../../../http/form.ts';
import { statusOf } from '../../../http/failures.ts';
import { z } from 'zod';
import { CHANGE_OPT_IN_RESOURCE } from '../../login-as-customer/index.ts';
import type { RestOperation } from '../../types.ts';
import { authenticateAdmin } from './auth.ts';
import { graphqlRoutes } from './graphql.ts';
import { AdminTokenBody, ApiError, CustomerAnswer, CustomerParams, CustomerSaveBody } from '../schemas.ts';
import { apiDocs, documented } from './docs.ts';

type CustomerRow = NonNullable<Awaited<ReturnType<Services['customers']['byId']>>>;

const CUSTOMERS_RESOURCE = 'customers.all';
const SIGN_IN_FAILED = 'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.';
const NOT_AUTHORIZED = "The consumer isn't authorized to access %resources.";

/** Magento's REST shape of a customer, with the consent as Magento's extension attribute (1 allowed, 2 denied). */
function customerJson(rc: { app: AppContext }, c: CustomerRow, now: Date) {
  const allowed = rc.app.services.customers.consentActive(c, now);
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

/** Route options for a REST route only for admin tokens with `resource`: the declaration is the check (401, 403). */
function apiAdmin(resource: string, { checkResource = true } = {}) {
  return {
    config: { access: `api-admin:${resource}` as const },
    // A body the schema refuses reaches the handler, which answers it in the route's own words (after 401/403/404).
    attachValidation: true,
    preHandler: async (req: FastifyRequest, reply: FastifyReply) => {
      if (!(await authenticateAdmin(req, req.rc))) return reply.code(401).send({ message: NOT_AUTHORIZED, parameters: { resources: resource } });
      if (checkResource && !can(req.rc, resource)) return reply.code(403).send({ message: NOT_AUTHORIZED, parameters: { resources: resource } });
    },
  };
}

const bearerSecurity = [{ adminToken: [] }];

/** A module's REST operation: authenticated (and its resource checked unless the service does it), body validated. */
function contributedRoute(server: FastifyInstance, op: RestOperation) {
  const resource = op.access.slice('api-admin:'.length);
  documented(op.method, op.url, {
    [op.success.status]: { description: op.success.description, schema: op.success.schema },
    ...describeResponses(op.responses),
  });
  server.route({
    method: op.method,
    url: op.url,
    schema: { summary: op.summary, security: bearerSecurity, body: op.body },
    ...apiAdmin(resource, { checkResource: !op.resourceCheckedByService }),
    handler: async (req, reply) => {
      const rc = req.rc;
      rc.fullActionName = op.actionName;
      if (req.validationError) return reply.code(400).send({ message: op.invalidBodyMessage });
      const answer = await op.handle(rc, req.body as never);
      if (answer.status < 300) reply.header('cache-control', 'no-store');
      return reply.code(answer.status).send(answer.body);
    },
  });
}

const describeResponses = (responses: Record<number, string>) =>
  Object.fromEntries(Object.entries(responses).map(([status, description]) => [status, { description }]));

/**
 * REST (Magento's paths), its OpenAPI document (from the routes' zod schemas) and GraphQL. Bearer tokens only: no
 * cookies, so no CSRF; every call goes through the same services as the admin panel and storefront, with the same
 * checks and log entries.
 */
export function apiRoutes(server: FastifyInstance, app: AppContext) {
  server.register(async (scope) => {
    // Zod validates bodies here only (answers are sent as they are, not re-validated).
    scope.setValidatorCompiler(validatorCompiler);
    await apiDocs(scope);
    restRoutes(scope, app);
    for (const m of app.registry.modules) for (const op of m.restOperations ?? []) contributedRoute(scope, op);
  });
  graphqlRoutes(server, app);
}

function restRoutes(server: FastifyInstance, app: AppContext) {
  const signInLimit = { access: 'public' as const, rateLimit: { max: app.env.LOGIN_RATE_LIMIT, timeWindow: '1 minute' } };
  const error = { schema: ApiError };

  documented('POST', '/rest/V1/integration/admin/token', {
    200: { description: 'The token, as a JSON string', schema: z.string() },
    400: { description: '"username" and "password" are required.', ...error },
    401: { description: 'Wrong credentials or locked account', ...error },
    429: { description: 'Too many attempts from this address' },
  });
  server.post(
    '/rest/V1/integration/admin/token',
    { config: signInLimit, attachValidation: true, schema: { summary: 'Issue an admin bearer token', body: AdminTokenBody } },
    async (req, reply) => {
      const rc = req.rc;
      rc.fullActionName = 'rest_integration_admin_token';
      const body = req.validationError ? undefined : (req.body as z.output<typeof AdminTokenBody>);
      const username = body ? body.username.replaceAll('\u0000', '').trim() : '';
      const password = body?.password ?? '';
      if (!username || !password)
        return reply
          .code(400)
          .send({ message: 'One or more input exceptions have occurred.', errors: [{ message: '"username" and "password" are required.' }] });
      const result = await app.services.adminUsers.signIn(rc, username, password);
      if (!result.ok) return reply.code(401).send({ message: SIGN_IN_FAILED });
      reply.header('cache-control', 'no-store');
      return reply.send(JSON.stringify(result.value.rawSessionId));
    },
  );

  customerRoutes(server, app);
}

/** GET and PUT /rest/V1/customers/:id (Magento's shape; PUT sets the remote shopping assistance consent). */
function customerRoutes(server: FastifyInstance, app: AppContext) {
  const error = { schema: ApiError };
  const noCustomer = (reply: FastifyReply, req: FastifyRequest) =>
    reply.code(404).send({ message: `No such entity with customerId = ${(req.params as { id: string }).id}` });
  const customerDocs = {
    401: { description: 'No or invalid token' },
    403: { description: 'The role lacks Customers > All Customers' },
    404: { description: 'No such customer', ...error },
  };

  documented('GET', '/rest/V1/customers/:id', { 200: { description: 'The customer', schema: CustomerAnswer }, ...customerDocs });
  server.get(
    '/rest/V1/customers/:id',
    {
      ...apiAdmin(CUSTOMERS_RESOURCE),
      schema: { summary: 'Read a customer, including extension_attributes.assistance_allowed', security: bearerSecurity, params: CustomerParams },
    },
    async (req, reply) => {
      const rc = req.rc;
      rc.fullActionName = 'rest_customers_get';
      const id = paramId(req);
      const c = id ? await app.services.customers.byId(rc, id) : undefined;
      if (!c) return noCustomer(reply, req);
      return reply.header('cache-control', 'no-store').send(customerJson(rc, c, rc.app.clock.now()));
    },
  );

  documented('PUT', '/rest/V1/customers/:id', {
    200: { description: 'The customer after the change', schema: CustomerAnswer },
    400: { description: 'Invalid value or feature disabled', ...error },
    ...customerDocs,
    403: { description: 'The role lacks Customers > All Customers, or: You have no permission to change Opt-In preference.', ...error },
  });
  server.put(
    '/rest/V1/customers/:id',
    {
      ...apiAdmin(CUSTOMERS_RESOURCE),
      schema: {
        summary: 'Set allow_remote_shopping_assistance (needs the "Allow remote shopping assistance" permission)',
        security: bearerSecurity,
        params: CustomerParams,
        body: CustomerSaveBody,
      },
    },
    async (req, reply) => {
      const rc = req.rc;
      rc.fullActionName = 'rest_customers_save';
      const id = paramId(req);
      const c = id ? await app.services.customers.byId(rc, id) : undefined;
      if (!c) return noCustomer(reply, req);
      const body = req.validationError ? {} : (req.body as z.output<typeof CustomerSaveBody>);
      const raw = body.customer?.extension_attributes?.assistance_allowed ?? body.allow_remote_shopping_assistance;
      const allowed = raw === 1 || raw === true ? true : raw === 2 || raw === 0 || raw === false ? false : undefined;
      if (allowed === undefined)
        return reply.code(400).send({ message: 'Send customer.extension_attributes.assistance_allowed as 1 (allowed) or 2 (denied).' });
      if (!can(rc, CHANGE_OPT_IN_RESOURCE)) return reply.code(403).send({ message: 'You have no permission to change Opt-In preference.' });
      const result = await app.services.customers.adminSetConsent(rc, c.id, allowed);
      if (!result.ok)
        return reply
          .code(statusOf(result.kind === 'forbidden' || result.kind === 'not_found' ? result.kind : 'validation'))
          .send({ message: result.messages[0] });
      return reply.header('cache-control', 'no-store').send(customerJson(rc, (await app.services.customers.byId(rc, c.id))!, rc.app.clock.now()));
    },
  );
}
