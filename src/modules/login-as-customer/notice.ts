import type { Db } from '../../db/database.ts';
import { VersionedCache } from '../../db/versioned-cache.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { ok, refused, type Result } from '../../kernel/result.ts';
import type { RequestContext } from '../../kernel/request-context.ts';
import { LAC_VERSION } from './public.ts';
import { liveAssistedCustomers, lacRepo } from './repo.ts';
import { LAC_ENABLED } from './settings.ts';

/**
 * The notice in the customer's own signed-in browser while store staff are in an assisted session on the account
 * ("Store staff are helping you now" with "End it"). Which customers are being helped is read once per process and
 * kept behind the Login as Customer version stamp (bumped when a session goes live and when one ends, in any
 * process), so a page or an open event stream costs no query of its own.
 */
export function createLiveNotice(db: () => Db, checkEveryMs: number) {
  const helped = new VersionedCache<Map<number, string[]>>(
    db,
    LAC_VERSION,
    async (d) => {
      const byCustomer = new Map<number, string[]>();
      for (const r of await liveAssistedCustomers(d)) byCustomer.set(r.customer_id, [...(byCustomer.get(r.customer_id) ?? []), r.expires_at ?? '']);
      return byCustomer;
    },
    checkEveryMs,
  );
  return {
    /**
     * Whether an assisted session for this request's customer is live, asked by the customer's own browser only
     * (the agent's assisted browser never sees the notice). A session past its lifetime does not count.
     */
    async assistedNow(rc: RequestContext): Promise<boolean> {
      const customer = rc.locals.customer;
      if (!customer || typeof rc.locals.sessionData?.lacSessionId === 'number' || rc.locals.assisted) return false;
      if (!(await rc.app.services.config.getBool(LAC_ENABLED))) return false;
      const ends = (await helped.get()).get(customer.id);
      const now = isoUtc(rc.app.clock.now());
      return !!ends?.some((at) => at > now);
    },
    invalidate: () => helped.invalidate(),
  };
}

/**
 * "End it": the signed-in customer, in their own browser, ends every open assisted session on the account, with
 * the reason `customer_ended` (logged and in the access history). The agent's next click shows it has ended.
 */
export async function customerEndsAssistance(
  rc: RequestContext,
  endForCustomer: (rc: RequestContext, customerId: number, reason: string) => Promise<void>,
): Promise<Result<{ ended: number }>> {
  const customer = rc.locals.customer;
  if (!customer) return refused('Please sign in.', 'unauthenticated', { code: 'no_customer' });
  if (typeof rc.locals.sessionData?.lacSessionId === 'number' || rc.locals.assisted)
    return refused('Only the customer can end assistance from their own browser.', 'forbidden', { code: 'assisted' });
  const open = await lacRepo.openSessions(rc.db, { customerId: customer.id });
  if (!open.length) return ok({ ended: 0 });
  await endForCustomer(rc, customer.id, 'customer_ended');
  return ok({ ended: open.length });
}
