import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { STOREFRONT_SESSION_SECONDS } from '../../customers/index.ts';

/** The bearer token of an API request, if any. */
export function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+([\w-]{20,100})$/i.exec(h.trim()) : null;
  return m?.[1];
}

/**
 * An admin bearer token is an admin session (same table, same idle timeout, same deactivation rules): it gives
 * the request the admin's actor and permissions, exactly as a browser session would.
 */
export async function authenticateAdmin(req: FastifyRequest, rc: RequestContext): Promise<boolean> {
  const token = bearer(req);
  if (!token) return false;
  const identity = await rc.app.services.adminUsers.identify(rc, token);
  if (!identity) return false;
  rc.actor = rc.app.services.adminUsers.actorOf(identity.user);
  rc.permissions = identity.permissions;
  rc.adminSessionHash = identity.sessionHash;
  return true;
}

/**
 * A customer bearer token is a storefront session. Modules check it as they check a browser's (Login as
 * Customer: a token of an assisted session ends exactly when a web session would).
 */
export async function authenticateCustomer(req: FastifyRequest, reply: FastifyReply, rc: RequestContext): Promise<boolean> {
  const token = bearer(req);
  if (!token) return false;
  const session = await rc.app.services.sessions.load('customer', token, STOREFRONT_SESSION_SECONDS);
  if (!session || session.subjectId === null) return false;
  const customer = await rc.app.services.customers.byId(rc, session.subjectId);
  if (!customer || customer.is_active !== 1) return false;
  rc.locals.sessionHash = session.idHash;
  rc.locals.sessionData = session.data;
  rc.locals.customer = { id: customer.id, firstName: customer.firstname, lastName: customer.lastname, email: customer.email, groupId: customer.group_id };
  rc.actor = {
    type: 'customer',
    id: customer.id,
    email: customer.email,
    firstName: customer.firstname,
    lastName: customer.lastname,
    groupId: customer.group_id,
  };
  for (const m of rc.app.registry.modules) if (m.onCustomerTokenRequest && !(await m.onCustomerTokenRequest(rc))) return false;
  return true;
}
