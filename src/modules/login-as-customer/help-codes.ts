import { randomInt } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { can, inTransaction, type RequestContext } from '../../kernel/request-context.ts';
import { ok, refused, type Result } from '../../kernel/result.ts';
import { hmac } from '../../kernel/tokens.ts';
import { audit } from './activity.ts';
import { ALLOW_RESOURCE, HELP_CODE_RESOURCE } from './public.ts';
import { helpRepo, type HelpCodeRow } from './repo.ts';
import { HELP_CODE_DIGITS, HELP_LOCK_MINUTES, LAC_ENABLED, LAC_HELP_ENABLED, LAC_HELP_LIFETIME, LAC_HELP_MAX_FAILURES } from './settings.ts';

/**
 * Help codes (assistance the customer starts): a signed-in customer asks for a one-time code and reads it to store
 * staff; the admin who redeems it may start one assisted session for that customer even while standing consent is
 * off. The code is kept only as an HMAC with the app secret; one active code per customer; wrong codes are counted
 * per admin and per customer in the database. Every issue, use and failure is in the action log (never the code).
 */

/** Texts of help codes; each is also a translation key. */
export const HELP_MSG = {
  unavailable: 'Help codes are not available.',
  assisted: 'Help codes cannot be created while store staff are signed in to your account.',
  wrong: 'This help code is not valid. Check the digits with the customer, or ask them for a new code.',
  format: 'Enter the {digits}-digit help code.',
  rateLimited: 'Too many wrong help codes. Try again in {minutes} minutes.',
  forbidden: 'Sorry, you need permissions to view this content.',
  accepted: 'Help code accepted: you may now log in as {name} once.',
  cancelled: 'Your help code was cancelled.',
  nothingToCancel: 'You have no help code to cancel.',
};

export interface IssuedCode {
  code: string;
  expiresAt: string;
  minutes: number;
}

type Refusal = Extract<Result<never>, { ok: false }>;

const codeHash = (rc: RequestContext, code: string) => hmac(rc.app.env.sessionSecret, `lac-help-code:${code}`);
const adminOf = (rc: RequestContext) =>
  rc.actor.type === 'admin' ? { admin_id: rc.actor.id, admin_username: rc.actor.username, admin_name: `${rc.actor.firstName} ${rc.actor.lastName}` } : null;

/** Whether customers may create help codes now (the feature and "Enable Help Codes"). */
export async function helpCodesEnabled(rc: RequestContext, db: Db = rc.db) {
  const config = rc.app.services.config;
  return (await config.getBool(LAC_ENABLED, {}, db)) && (await config.getBool(LAC_HELP_ENABLED, {}, db));
}

/** The signed-in customer's code that is still waiting to be read out (when it ends; never the code). */
export async function activeHelpCode(rc: RequestContext): Promise<{ expiresAt: string } | undefined> {
  const customer = rc.locals.customer;
  if (!customer || rc.locals.assisted) return undefined;
  const row = await helpRepo.activeOf(rc.db, customer.id, isoUtc(rc.app.clock.now()));
  return row ? { expiresAt: row.expires_at } : undefined;
}

/** "Get help": a new code for the signed-in customer, replacing any unused one. Never during an assisted session. */
export async function issueHelpCode(rc: RequestContext): Promise<Result<IssuedCode>> {
  const customer = rc.locals.customer;
  if (!customer) return refused(HELP_MSG.unavailable, 'unauthenticated', { code: 'no_customer' });
  if (rc.locals.assisted) return refused(HELP_MSG.assisted, 'forbidden', { code: 'assisted' });
  if (!(await helpCodesEnabled(rc))) return refused(HELP_MSG.unavailable, 'forbidden', { code: 'disabled' });
  const minutes = await rc.app.services.config.getInt(LAC_HELP_LIFETIME);
  const now = rc.app.clock.now();
  const nowIso = isoUtc(now);
  const expiresAt = isoUtc(new Date(now.getTime() + minutes * 60_000));
  return inTransaction(rc, async (trx) => {
    const replaced = await helpRepo.endOpen(trx.db, customer.id, 'replaced', nowIso);
    let code = '';
    // Codes are looked up by their hash alone ("Find customer by help code"): never two live ones alike.
    do code = String(randomInt(0, 10 ** HELP_CODE_DIGITS)).padStart(HELP_CODE_DIGITS, '0');
    while (await helpRepo.hashInUse(trx.db, codeHash(rc, code), nowIso));
    const id = await helpRepo.insert(trx.db, {
      customer_id: customer.id,
      code_hash: codeHash(rc, code),
      status: 'active',
      created_at: nowIso,
      expires_at: expiresAt,
    });
    await audit(trx, null, {
      action: 'Help Code',
      details: `Help code #${id} created by customer ${customer.email} (ID ${customer.id}), valid for ${minutes} minutes${replaced ? '; it replaces the previous one' : ''}`,
      fullDetails: { help_code_id: id, customer_id: customer.id, expires_at: expiresAt, replaced },
    });
    return ok({ code, expiresAt, minutes });
  });
}

/** Cancel: the customer's unused code (and a grant not yet used) stops working. */
export async function cancelHelpCode(rc: RequestContext): Promise<Result<{ cancelled: number }>> {
  const customer = rc.locals.customer;
  if (!customer) return refused(HELP_MSG.unavailable, 'unauthenticated', { code: 'no_customer' });
  if (rc.locals.assisted) return refused(HELP_MSG.assisted, 'forbidden', { code: 'assisted' });
  return inTransaction(rc, async (trx) => {
    const cancelled = await helpRepo.endOpen(trx.db, customer.id, 'cancelled', isoUtc(rc.app.clock.now()));
    if (!cancelled) return refused(HELP_MSG.nothingToCancel, 'validation', { code: 'none' });
    await audit(trx, null, {
      action: 'Help Code',
      details: `Help code cancelled by customer ${customer.email} (ID ${customer.id})`,
      fullDetails: { customer_id: customer.id, cancelled },
    });
    return ok({ cancelled });
  });
}

/**
 * An admin enters a customer's help code, on the customer's page (`customerId` given) or in "Find Customer by
 * Help Code". A right code becomes a grant for this admin: one assisted session for that customer, through the
 * usual dialog. Checks: feature and setting, permission, the admin's and the customer's wrong-code counts, format,
 * the code itself. Every refusal is a Failure entry; the code is never written anywhere.
 */
export async function redeemHelpCode(rc: RequestContext, input: { code: string; customerId?: number }): Promise<Result<{ customerId: number }>> {
  const me = adminOf(rc);
  const fail = async (message: string, code: string, kind: Refusal['kind'], params: Record<string, string | number> = {}) => {
    await audit(rc, me, {
      action: 'Help Code',
      result: 'Failure',
      details: `Help code refused${input.customerId ? ` for customer ID ${input.customerId}` : ''}: ${code}`,
      fullDetails: { customer_id: input.customerId ?? null, code },
    });
    return refused(rc.t(message, params), kind, { code });
  };
  if (!me || !rc.adminSessionHash) return fail(HELP_MSG.forbidden, 'forbidden', 'forbidden');
  if (!(await rc.app.services.config.getBool(LAC_ENABLED))) return fail('Login as Customer is disabled.', 'disabled', 'forbidden');
  if (!(await rc.app.services.config.getBool(LAC_HELP_ENABLED))) return fail(HELP_MSG.unavailable, 'help_codes_disabled', 'forbidden');
  if (!can(rc, ALLOW_RESOURCE) || !can(rc, HELP_CODE_RESOURCE)) return fail(HELP_MSG.forbidden, 'forbidden', 'forbidden');

  const now = rc.app.clock.now();
  const nowIso = isoUtc(now);
  const keys = [`admin:${me.admin_id}`, ...(input.customerId ? [`customer:${input.customerId}`] : [])];
  const max = await rc.app.services.config.getInt(LAC_HELP_MAX_FAILURES);
  // The attempt is counted before the code is looked at, so concurrent guesses cannot all slip under the limit.
  const counts = await helpRepo.countAttempt(rc.db, keys, nowIso, isoUtc(new Date(now.getTime() - HELP_LOCK_MINUTES * 60_000)));
  if (counts.some((n) => n > max)) {
    await helpRepo.uncountAttempt(rc.db, keys);
    return fail(HELP_MSG.rateLimited, 'rate_limited', 'rate_limited', { minutes: HELP_LOCK_MINUTES });
  }
  const code = input.code.replace(/[\s-]/g, '');
  if (!new RegExp(`^\\d{${HELP_CODE_DIGITS}}$`).test(code)) {
    await helpRepo.uncountAttempt(rc.db, keys);
    return fail(HELP_MSG.format, 'format', 'validation', { digits: HELP_CODE_DIGITS });
  }
  const found = await helpRepo.findActive(rc.db, codeHash(rc, code), nowIso, input.customerId);
  if (found.length !== 1) return fail(HELP_MSG.wrong, 'wrong_code', 'validation');
  const row = found[0]!;
  const minutes = await rc.app.services.config.getInt(LAC_HELP_LIFETIME);
  const grantExpiresAt = isoUtc(new Date(now.getTime() + minutes * 60_000));
  const customer = await rc.app.services.customers.byId(rc, row.customer_id);
  if (!customer) return fail(HELP_MSG.wrong, 'wrong_code', 'validation');
  const redeemed = await inTransaction(rc, async (trx) => {
    if (!(await helpRepo.redeem(trx.db, row.id, { id: me.admin_id, name: me.admin_name }, nowIso, grantExpiresAt))) return false;
    await helpRepo.uncountAttempt(trx.db, keys);
    await audit(trx, me, {
      action: 'Help Code',
      details: `Help code #${row.id} of customer ${customer.email} (ID ${customer.id}) accepted: one assisted session may start until ${grantExpiresAt}`,
      fullDetails: { help_code_id: row.id, customer_id: customer.id, grant_expires_at: grantExpiresAt },
    });
    return true;
  });
  if (!redeemed) return fail(HELP_MSG.wrong, 'wrong_code', 'validation');
  return ok({ customerId: customer.id });
}

/** This admin's unused grant for the customer (asked by `eligibility` when standing consent is off). */
export async function helpGrantFor(rc: RequestContext, customerId: number, db: Db = rc.db): Promise<HelpCodeRow | undefined> {
  if (rc.actor.type !== 'admin') return undefined;
  if (!(await rc.app.services.config.getBool(LAC_HELP_ENABLED, {}, db))) return undefined;
  return helpRepo.grant(db, customerId, rc.actor.id, isoUtc(rc.app.clock.now()));
}

/**
 * Uses the grant for the session being started (inside `start`'s transaction): false when it was used, cancelled
 * or ran out meanwhile, so a grant starts exactly one session.
 */
export async function useHelpGrant(trx: RequestContext, grantId: number) {
  if (trx.actor.type !== 'admin') return false;
  return helpRepo.useGrant(trx.db, grantId, trx.actor.id, isoUtc(trx.app.clock.now()));
}

export const linkHelpGrant = (trx: RequestContext, grantId: number, lacSessionId: number) => helpRepo.linkSession(trx.db, grantId, lacSessionId);

/** A customer's help codes, newest first (Account access history). */
export const helpCodeHistory = (rc: RequestContext, customerId: number) => helpRepo.history(rc.db, customerId);
