import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../kernel/app-context.ts';
import { can } from '../../../kernel/request-context.ts';
import type { Services } from '../../../kernel/services.ts';
import { paramId } from '../../../http/form.ts';
import { isAppError } from '../../../kernel/errors.ts';
import { CHANGE_OPT_IN_RESOURCE } from '../../login-as-customer/index.ts';
import type { RestOperation } from '../../types.ts';
import { authenticateAdmin } from './auth.ts';
import { graphqlRoutes } from './graphql.ts';
import { OPENAPI } from '../openapi.ts';

type CustomerRow = NonNullable<Awaited<ReturnType<Services['customers']['byId']>>>;

const CUSTOMERS_RESOURCE = 'customers.all';
const SIGN_IN_FAILED = 'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.';
const NOT_AUTHORIZED = 'The consumer isn\'t authorized to access %resources.';

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
function apiAdmin(resource: string) {
  return {
    config: { access: `api-admin:${resource}` as const },
    preHandler: async (req: FastifyRequest, reply: FastifyReply) => {
      if (!(await authenticateAdmin(req, req.rc))) return reply.code(401).send({ message: NOT_AUTHORIZED, parameters: { resources: resource } });
      if (!can(req.rc, resource)) return reply.code(403).send({ message: NOT_AUTHORIZED, parameters: { resources: resource } });
    },
  };
}

/** A module's REST operation: authenticated (and its resource checked unless the service does it), body validated. */
function contributedRoute(server: FastifyInstance, op: RestOperation) {
  const resource = op.access.slice('api-admin:'.length);
  server.route({
    method: op.method,
    url: op.url,
    config: { access: op.access },
    handler: async (req, reply) => {
      const rc = req.rc;
      rc.fullActionName = op.actionName;
      if (!(await authenticateAdmin(req, rc))) return reply.code(401).send({ message: NOT_AUTHORIZED, parameters: { resources: resource } });
      if (!op.resourceCheckedByService && !can(rc, resource)) return reply.code(403).send({ message: NOT_AUTHORIZED, parameters: { resources: resource } });
      const body = op.body.safeParse(req.body ?? {});
      if (!body.success) return reply.code(400).send({ message: op.invalidBodyMessage });
      const answer = await op.handle(rc, body.data as never);
      if (answer.status < 300) reply.header('cache-control', 'no-store');
      return reply.code(answer.status).send(answer.body);
    },
  });
}

/**
 * REST (Magento's paths) and GraphQL. Bearer tokens only: no cookies, so no CSRF; every call goes through the
 * same services as the admin panel and storefront, with the same checks and log entries.
 */
export function apiRoutes(server: FastifyInstance, app: AppContext) {
  const signInLimit = { access: 'public' as const, rateLimit: { max: app.env.LOGIN_RATE_LIMIT, timeWindow: '1 minute' } };

  server.get('/api/docs', { config: { access: 'public' } }, async (_req, reply) => reply.header('cache-control', 'no-cache').send(OPENAPI));

  server.post('/rest/V1/integration/admin/token', { config: signInLimit }, async (req, reply) => {
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

  server.get('/rest/V1/customers/:id', apiAdmin(CUSTOMERS_RESOURCE), async (req, reply) => {
    const rc = req.rc;
    rc.fullActionName = 'rest_customers_get';
    const id = paramId(req);
    const c = id ? await app.services.customers.byId(rc, id) : undefined;
    if (!c) return reply.code(404).send({ message: `No such entity with customerId = ${(req.params as { id: string }).id}` });
    return reply.header('cache-control', 'no-store').send(customerJson(rc, c, rc.app.clock.now()));
  });

  server.put('/rest/V1/customers/:id', apiAdmin(CUSTOMERS_RESOURCE), async (req, reply) => {
    const rc = req.rc;
    rc.fullActionName = 'rest_customers_save';
    const id = paramId(req);
    const c = id ? await app.services.customers.byId(rc, id) : undefined;
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
    return reply.header('cache-control', 'no-store').send(customerJson(rc, (await app.services.customers.byId(rc, c.id))!, rc.app.clock.now()));
  });

  for (const m of app.registry.modules) for (const op of m.restOperations ?? []) contributedRoute(server, op);

  graphqlRoutes(server, app);
}
