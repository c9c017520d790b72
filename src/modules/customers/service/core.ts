import type { RequestContext } from '../../../kernel/request-context.ts';
import { isoUtc } from '../../../kernel/clock.ts';
import { LAC_ENABLED } from '../../login-as-customer/index.ts';
import { ACCOUNT_SHARE_SCOPE, SHARE_GLOBAL } from '../../stores/index.ts';
import { refused, type Refusal } from '../../../kernel/result.ts';
import { BLOCKED_MESSAGE, consentActive, CUSTOMER_LOCKOUT_FAILURES, CUSTOMER_LOCKOUT_MINUTES } from '../public.ts';
import type {
  AccountActionGuard,
  AccountActivity,
  AccountActivityListener,
  AccountClosedReason,
  AddressInput,
  ConsentDuration,
  GuardedAccountAction,
} from '../public.ts';
import { customersRepo, type CustomerRow } from '../repo.ts';

const DURATION_MS: Record<Exclude<ConsentDuration, 'keep'>, number | null> = { '24h': 24 * 3600_000, '7d': 7 * 24 * 3600_000, forever: null };

export type ConsentListener = (rc: RequestContext, customerId: number, allowed: boolean) => Promise<void>;
export type ClosedListener = (rc: RequestContext, customerId: number, reason: AccountClosedReason) => Promise<void>;

/** Who changed something, for stamps and history: the admin in the admin panel or during an assisted visit. */
export function actingAdmin(rc: RequestContext): { id: number | null; username: string | null } {
  if (rc.actor.type === 'admin') return { id: rc.actor.id, username: rc.actor.username };
  if (rc.locals.assistedAdminId) return { id: rc.locals.assistedAdminId, username: null };
  return { id: null, username: null };
}

export const addressRow = (a: AddressInput) => ({
  firstname: a.firstname.trim(),
  lastname: a.lastname.trim(),
  company: a.company.trim(),
  street: a.street.trim(),
  city: a.city.trim(),
  region: a.region.trim(),
  postcode: a.postcode.trim(),
  country_id: a.countryId,
  telephone: a.telephone.trim(),
});

/** Whether customer accounts are shared by every website (Account Sharing Options). */
export async function sharedGlobally(rc: RequestContext) {
  return (await rc.app.services.config.get(ACCOUNT_SHARE_SCOPE, {}, rc.db)) === SHARE_GLOBAL;
}
/** Whether Login as Customer is enabled (the consent box exists only then). */
export async function lacEnabled(rc: RequestContext) {
  return rc.app.services.config.getBool(LAC_ENABLED, {}, rc.db);
}
/** Whether another account on this website (or anywhere, when shared globally) has this email. */
export async function emailTaken(rc: RequestContext, email: string, websiteId: number, exceptId?: number) {
  const other = await customersRepo.byEmail(rc.db, email, (await sharedGlobally(rc)) ? undefined : websiteId);
  return !!other && other.id !== exceptId;
}

/** What the parts of the service share: the listeners other modules register, and the steps several parts take. */
export interface CustomersCore {
  consentListeners: ConsentListener[];
  closedListeners: ClosedListener[];
  activityListeners: AccountActivityListener[];
  guards: AccountActionGuard[];
  /** The refusal of a guarded action when a guard refuses it; call before opening the action's transaction. */
  refusal(rc: RequestContext, action: GuardedAccountAction): Promise<Refusal | undefined>;
  /** Tells listeners what the account went through, on the caller's handle (its transaction, if any). */
  activity(rc: RequestContext, customerId: number, activity: AccountActivity): Promise<void>;
  recordConsent(rc: RequestContext, customer: CustomerRow, allowed: boolean, duration?: ConsentDuration): Promise<void>;
  accountClosed(rc: RequestContext, customerId: number, reason: AccountClosedReason): Promise<void>;
  settlePasswordCheck(rc: RequestContext, customer: CustomerRow, valid: boolean, door: string): Promise<'ok' | 'wrong' | 'locked'>;
}

export function createCore(): CustomersCore {
  const consentListeners: ConsentListener[] = [];
  const closedListeners: ClosedListener[] = [];
  const activityListeners: AccountActivityListener[] = [];
  const guards: AccountActionGuard[] = [];
  return {
    consentListeners,
    closedListeners,
    activityListeners,
    guards,
    async refusal(rc, action) {
      for (const guard of guards) if (await guard(rc, action)) return refused(BLOCKED_MESSAGE, 'validation', { code: 'blocked' });
      return undefined;
    },
    async activity(rc, customerId, activity) {
      for (const listener of activityListeners) await listener(rc, customerId, activity);
    },
    /** Records a consent change with its history row and an action-log entry (same transaction). */
    async recordConsent(rc, customer, allowed, duration = 'forever') {
      const clock = rc.app.clock.now();
      const now = isoUtc(clock);
      const admin = actingAdmin(rc);
      const ms = allowed && duration !== 'keep' ? DURATION_MS[duration] : null;
      const expiresAt = ms ? isoUtc(new Date(clock.getTime() + ms)) : null;
      await customersRepo.update(rc.db, customer.id, { assistance_allowed: allowed ? 1 : 0, assistance_expires_at: expiresAt, updated_at: now });
      await customersRepo.insertConsent(rc.db, {
        customer_id: customer.id,
        allowed: allowed ? 1 : 0,
        surface: rc.surface,
        admin_id: admin.id,
        admin_username: admin.username,
        ip: rc.ip,
        created_at: now,
        expires_at: expiresAt,
      });
      const state = allowed ? `allowed${expiresAt ? ` until ${expiresAt}` : ''}` : 'revoked';
      await rc.app.services.actionLog.record(rc, {
        group: 'login_as_customer',
        action: 'Consent',
        details: `Remote shopping assistance ${state} for customer ${customer.email} (ID ${customer.id}) via ${rc.surface}`,
        fullDetails: {
          customer_id: customer.id,
          email: customer.email,
          surface: rc.surface,
          assistance_allowed: { old: consentActive(customer, clock), new: allowed },
          expires_at: { old: customer.assistance_expires_at ?? null, new: expiresAt },
          assisted_by_admin_id: rc.locals.assistedAdminId ?? null,
        },
      });
      for (const listener of consentListeners) await listener(rc, customer.id, allowed);
    },
    /** Tells listeners that an account can no longer be used (in the transaction that made it so). */
    async accountClosed(rc, customerId, reason) {
      for (const listener of closedListeners) await listener(rc, customerId, reason);
    },
    settlePasswordCheck,
  };
}

/**
 * Applies the lockout rule to a password check that has been made (every door where a customer's password is
 * checked comes here): a right password while no lock holds clears the count; a wrong one is counted, and the
 * attempt that reaches "Maximum Login Failures to Lockout Account" locks the account and is logged. While a
 * lock holds even the right password is refused, and nothing is counted.
 */
async function settlePasswordCheck(rc: RequestContext, customer: CustomerRow, valid: boolean, door: string): Promise<'ok' | 'wrong' | 'locked'> {
  const clock = rc.app.clock.now();
  const now = isoUtc(clock);
  if (valid) return (await customersRepo.clearSignInFailures(rc.db, customer.id, now)) ? 'ok' : 'locked';
  const config = rc.app.services.config;
  const max = await config.getInt(CUSTOMER_LOCKOUT_FAILURES, {}, rc.db);
  const minutes = await config.getInt(CUSTOMER_LOCKOUT_MINUTES, {}, rc.db);
  const lockUntil = isoUtc(new Date(clock.getTime() + minutes * 60_000));
  const counted = await customersRepo.recordSignInFailure(rc.db, customer.id, { now, max, lockUntil });
  if (!counted) return 'locked';
  if (!counted.lock_expires) return 'wrong';
  await rc.app.services.actionLog.record(rc, {
    group: 'customers',
    action: 'Lock',
    result: 'Failure',
    details: `Customer ${customer.email} (ID ${customer.id}) locked until ${counted.lock_expires} after ${counted.failures_num} failed sign-in attempts (${door})`,
    fullDetails: {
      customer_id: customer.id,
      email: customer.email,
      website_id: customer.website_id,
      failures: counted.failures_num,
      lock_expires: counted.lock_expires,
      ip: rc.ip,
      door,
    },
  });
  return 'locked';
}
