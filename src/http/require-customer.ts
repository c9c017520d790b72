import type { FastifyReply } from 'fastify';
import type { RequestContext } from '../kernel/request-context.ts';

/** For account pages: the signed-in customer, or a redirect to Sign In (and undefined). */
export function requireCustomer(rc: RequestContext, reply: FastifyReply): number | undefined {
  if (rc.locals.customer) return rc.locals.customer.id;
  void reply.redirect(rc.url('/customer/account/login'), 302);
  return undefined;
}
