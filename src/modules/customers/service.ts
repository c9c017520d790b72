import type { RequestContext } from '../../kernel/request-context.ts';
import type { AccountActionGuard, AccountActivityListener, AccountClosedReason } from './public.ts';
import { accountsPart } from './service/accounts.ts';
import { addressesPart } from './service/addresses.ts';
import { adminPart } from './service/admin.ts';
import { adminPagesPart } from './service/admin-pages.ts';
import { consentPart } from './service/consent.ts';
import { createCore, lacEnabled, sharedGlobally } from './service/core.ts';
import { groupsPart } from './service/groups.ts';
import { passwordResetPart } from './service/password-reset.ts';
import { readsPart } from './service/reads.ts';
import { reportsPart } from './service/reports.ts';
import { wishlistPart } from './service/wishlist.ts';

// Still imported from here by modules not yet moved to index.ts.
export * from './public.ts';

/**
 * Customer accounts: registration, sign-in checks, account and address changes, consent with history,
 * password reset, newsletter, wishlist, and the admin's customer and group management. Each part lives in
 * service/*.ts; they share the listeners and common steps of service/core.ts.
 */
export function createCustomersService() {
  const core = createCore();
  return {
    sharedGlobally,
    lacEnabled,
    /** Lets other modules react to consent changes (e.g. end assisted sessions when it is revoked). */
    onConsentChanged(listener: (rc: RequestContext, customerId: number, allowed: boolean) => Promise<void>) {
      core.consentListeners.push(listener);
    },
    /** Lets other modules react when an account is deactivated or deleted (e.g. end its assisted sessions). */
    onAccountClosed(listener: (rc: RequestContext, customerId: number, reason: AccountClosedReason) => Promise<void>) {
      core.closedListeners.push(listener);
    },
    /** Lets other modules hear what an account goes through (e.g. the history of an assisted session). */
    onAccountActivity(listener: AccountActivityListener) {
      core.activityListeners.push(listener);
    },
    /** Lets other modules refuse guarded account actions (e.g. "Blocked actions" during an assisted session). */
    guardAccountAction(guard: AccountActionGuard) {
      core.guards.push(guard);
    },
    ...accountsPart(core),
    ...consentPart(core),
    ...passwordResetPart(),
    ...addressesPart(core),
    ...wishlistPart(core),
    ...adminPart(core),
    ...adminPagesPart(),
    ...groupsPart(),
    ...readsPart(),
    ...reportsPart(),
  };
}

export type CustomersService = ReturnType<typeof createCustomersService>;

declare module '../../kernel/services.ts' {
  interface Services {
    customers: CustomersService;
  }
}
