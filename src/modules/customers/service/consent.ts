import { inTransaction, type RequestContext } from '../../../kernel/request-context.ts';
import { notFound } from '../../../kernel/errors.ts';
import { ok, refused, type Result } from '../../../kernel/result.ts';
import { CHANGE_OPT_IN_RESOURCE, consentActive, NO_OPT_IN_PERMISSION, type ConsentDuration } from '../public.ts';
import { customersRepo } from '../repo.ts';
import { lacEnabled, type CustomersCore } from './core.ts';

/** Remote shopping assistance consent (spec §3): set by the customer, or by an admin with the permission. */
export function consentPart(core: CustomersCore) {
  return {
    /**
     * An admin (API) sets a customer's consent: the same permission rule as the admin form (spec §3), history
     * and log via the request's surface.
     */
    async adminSetConsent(rc: RequestContext, customerId: number, allowed: boolean): Promise<Result<void>> {
      return inTransaction(rc, async (trx) => {
        const customer = await customersRepo.byId(trx.db, customerId);
        if (!customer) return refused('Customer with this ID no longer exists.', 'not_found');
        if (!(await lacEnabled(trx))) return refused('Login as Customer is disabled.');
        if (!rc.permissions.all && !rc.permissions.resources.has(CHANGE_OPT_IN_RESOURCE)) return refused(NO_OPT_IN_PERMISSION, 'forbidden');
        if (consentActive(customer, rc.app.clock.now()) !== allowed) await core.recordConsent(trx, customer, allowed);
        return ok(undefined);
      });
    },

    /** Storefront or API consent change by the customer (spec §3). */
    async setConsent(rc: RequestContext, customerId: number, allowed: boolean, duration: ConsentDuration = 'keep') {
      await inTransaction(rc, async (trx) => {
        const customer = await customersRepo.byId(trx.db, customerId);
        if (!customer) throw notFound();
        if (consentActive(customer, rc.app.clock.now()) === allowed && !(allowed && duration !== 'keep')) return;
        if (!(await lacEnabled(trx))) return;
        await core.recordConsent(trx, customer, allowed, duration);
      });
    },
  };
}
