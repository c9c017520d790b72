import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../kernel/app-context.ts';
import { can } from '../../kernel/request-context.ts';
import { paramId } from '../../http/form.ts';
import { customersRepo, type CustomerRow } from '../customers/repo.ts';
import { CHANGE_OPT_IN_RESOURCE, consentActive } from '../customers/service.ts';
import { ALLOW_RESOURCE, BINDING_COOKIE } from '../login-as-customer/service.ts';
import type { ModuleManifest } from '../types.ts';
import { authenticateAdmin } from './auth.ts';
import { graphqlRoutes } from './graphql.ts';
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

/**
 * REST (Magento's paths) and GraphQL. Bearer tokens only: no cookies, so no CSRF; every call goes through the
 * same services as the admin panel and storefront, with the same checks and log entries.
 */
function apiRoutes(server: FastifyInstance, app: AppContext) {
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
    const c = id ? await customersRepo.byId(rc.db, id) : undefined;
    if (!c) return reply.code(404).send({ message: `No such entity with customerId = ${(req.params as { id: string }).id}` });
    return reply.header('cache-control', 'no-store').send(customerJson(c, rc.app.clock.now()));
  });

  server.put('/rest/V1/customers/:id', apiAdmin(CUSTOMERS_RESOURCE), async (req, reply) => {
    const rc = req.rc;
    rc.fullActionName = 'rest_customers_save';
    const id = paramId(req);
    const c = id ? await customersRepo.byId(rc.db, id) : undefined;
    if (!c) return reply.code(404).send({ message: `No such entity with customerId = ${(req.params as { id: string }).id}` });
    const body = (req.body ?? {}) as { customer?: { extension_attributes?: { assistance_allowed?: unknown } }; allow_remote_shopping_assistance?: unknown };
    const raw = body.customer?.extension_attributes?.assistance_allowed ?? body.allow_remote_shopping_assistance;
    const allowed = raw === 1 || raw === true ? true : raw === 2 || raw === 0 || raw === false ? false : undefined;
    if (allowed === undefined) return reply.code(400).send({ message: 'Send customer.extension_attributes.assistance_allowed as 1 (allowed) or 2 (denied).' });
    if (!can(rc, CHANGE_OPT_IN_RESOURCE)) return reply.code(403).send({ message: 'You have no permission to change Opt-In preference.' });
    const result = await app.services.customers.adminSetConsent(rc, c.id, allowed);
    if (!result.ok) return reply.code(result.kind === 'forbidden' ? 403 : result.kind === 'not_found' ? 404 : 400).send({ message: result.messages[0] });
    return reply.header('cache-control', 'no-store').send(customerJson((await customersRepo.byId(rc.db, c.id))!, rc.app.clock.now()));
  });

  // Declared for the matrix; only authentication is checked here (the service checks and logs the permission).
  server.post('/rest/V1/loginascustomer/sessions', { config: { access: `api-admin:${ALLOW_RESOURCE}` } }, async (req, reply) => {
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
    if (!result.ok) return reply.code(result.kind === 'forbidden' ? 403 : 400).send({ message: result.messages[0] });
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

  graphqlRoutes(server, app);
}

export const apiModule: ModuleManifest = {
  name: 'api',
  rawRoutes: apiRoutes,
};
