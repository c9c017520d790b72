import { inTransaction, type RequestContext } from '../../../kernel/request-context.ts';
import { isoUtc } from '../../../kernel/clock.ts';
import { notFound } from '../../../kernel/errors.ts';
import { invalid, ok, refused, type Result } from '../../../kernel/result.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../../kernel/passwords.ts';
import { LAC_CHECKBOX_TITLE, LAC_CHECKBOX_TOOLTIP } from '../../login-as-customer/index.ts';
import {
  consentActive,
  customerPasswordProblem,
  SIGN_IN_FAILED,
  validateEmail,
  validateName,
  type AccountInput,
  type ConsentDuration,
  type GuardedAccountAction,
  type StorefrontSessionData,
} from '../public.ts';
import { customersRepo, type CustomerRow } from '../repo.ts';
import { endStorefrontSession, saveSessionData, startCustomerSession } from '../session.ts';
import { actingAdmin, emailTaken, lacEnabled, sharedGlobally, type CustomersCore } from './core.ts';

export type RegisterInput = AccountInput & {
  password: string;
  confirmation: string;
  assistance: boolean;
  assistanceDuration?: ConsentDuration;
  newsletter: boolean;
};
export type DeleteAccountInput = { currentPassword: string; confirmed: boolean };
export type AccountUpdate = AccountInput & {
  changeEmail: boolean;
  changePassword: boolean;
  currentPassword: string;
  password: string;
  confirmation: string;
  assistance?: boolean;
  assistanceDuration?: ConsentDuration;
};

const PASSWORD_MISMATCH = "The password doesn't match this account. Verify the password and try again.";

/** Field problems of an account update (name always; email and password only when they change). */
function accountUpdateProblems(input: AccountUpdate): Record<string, string> {
  const errors: Record<string, string> = {};
  validateName(input, errors);
  if (input.changeEmail) validateEmail(input.email, errors);
  if (input.changePassword) {
    const pw = customerPasswordProblem(input.password);
    if (pw) errors.password = pw;
    else if (input.password !== input.confirmation) errors.password_confirmation = 'Please enter the same value again.';
  }
  return errors;
}

/** The consent checkbox's label and tooltip for this store view, or null while Login as Customer is disabled. */
async function consentBox(rc: RequestContext): Promise<{ title: string; tooltip: string } | null> {
  if (!(await lacEnabled(rc))) return null;
  const scope = { storeViewId: rc.store.view.id };
  // The defaults are English source text: shown in the store view's language unless the merchant wrote their own.
  return {
    title: rc.t(await rc.app.services.config.get(LAC_CHECKBOX_TITLE, scope)),
    tooltip: rc.t(await rc.app.services.config.get(LAC_CHECKBOX_TOOLTIP, scope)),
  };
}

async function register(core: CustomersCore, rc: RequestContext, input: RegisterInput): Promise<Result<CustomerRow>> {
  const errors: Record<string, string> = {};
  validateName(input, errors);
  validateEmail(input.email, errors);
  const pw = customerPasswordProblem(input.password);
  if (pw) errors.password = pw;
  else if (input.password !== input.confirmation) errors.password_confirmation = 'Please enter the same value again.';
  if (Object.keys(errors).length) return invalid('Please correct the highlighted fields.', errors);
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  return inTransaction(rc, async (trx) => {
    if (await emailTaken(trx, email, rc.store.website.id))
      return invalid(
        'There is already an account with this email address. If you are sure that it is your email address, click here to get your password and access your account.',
        { email: 'There is already an account with this email address.' },
      );
    const now = isoUtc(rc.app.clock.now());
    const id = await customersRepo.insert(trx.db, {
      website_id: rc.store.website.id,
      store_view_id: rc.store.view.id,
      group_id: 1,
      email,
      firstname: input.firstname.trim(),
      lastname: input.lastname.trim(),
      password_hash: passwordHash,
      is_active: 1,
      assistance_allowed: 0,
      default_billing_id: null,
      default_shipping_id: null,
      created_at: now,
      updated_at: now,
      updated_by_admin_id: null,
    });
    const customer = (await customersRepo.byId(trx.db, id))!;
    // The consent box exists only while the feature is enabled; a forged field is ignored otherwise.
    if (input.assistance && (await lacEnabled(trx))) await core.recordConsent(trx, customer, true, input.assistanceDuration ?? 'forever');
    if (input.newsletter) await customersRepo.setSubscription(trx.db, id, rc.store.view.id, 'subscribed', now);
    return ok((await customersRepo.byId(trx.db, id))!);
  });
}

/** The customer for these credentials on this store view's website (or any, when shared globally). */
async function authenticate(core: CustomersCore, rc: RequestContext, email: string, password: string): Promise<CustomerRow | null> {
  const customer = await customersRepo.byEmail(rc.db, email.trim(), (await sharedGlobally(rc)) ? undefined : rc.store.website.id);
  if (!customer?.password_hash) {
    await verifyPassword(await dummyPasswordHash(), password);
    return null;
  }
  // The hash is checked even while locked, so a locked account answers as slowly as a wrong password.
  const valid = await verifyPassword(customer.password_hash, password);
  const outcome = await core.settlePasswordCheck(rc, customer, valid, 'storefront sign-in');
  return outcome === 'ok' && customer.is_active === 1 ? customer : null;
}

/** Account Information: name; email and password only with the current password. */
async function updateAccount(core: CustomersCore, rc: RequestContext, customerId: number, input: AccountUpdate): Promise<Result<{ passwordChanged: boolean }>> {
  const customer = await customersRepo.byId(rc.db, customerId);
  if (!customer) throw notFound();
  const consentNow = consentActive(customer, rc.app.clock.now());
  const renewed = input.assistance && !!input.assistanceDuration && input.assistanceDuration !== 'keep';
  const consentChange = input.assistance !== undefined && (input.assistance !== consentNow || renewed);
  const errors = accountUpdateProblems(input);
  if (Object.keys(errors).length) return invalid('Please correct the highlighted fields.', errors);
  // During an assisted session some account changes are reserved to the customer (setting "Blocked actions").
  const wanted = [
    input.changeEmail && input.email.trim().toLowerCase() !== customer.email ? 'change_email' : '',
    input.changePassword ? 'change_password' : '',
    consentChange ? 'change_consent' : '',
  ].filter((a): a is GuardedAccountAction => a !== '');
  for (const action of wanted) {
    const refusal = await core.refusal(rc, action);
    if (refusal) return refusal;
  }
  if (input.changeEmail || input.changePassword) {
    const valid = !!customer.password_hash && (await verifyPassword(customer.password_hash, input.currentPassword));
    const current = customer.password_hash ? await core.settlePasswordCheck(rc, customer, valid, 'account information') : 'wrong';
    if (current === 'locked') return refused(SIGN_IN_FAILED, 'validation', { code: 'locked' });
    if (current !== 'ok') return invalid(PASSWORD_MISMATCH, { current_password: "The password doesn't match this account." });
  }
  const email = input.email.trim().toLowerCase();
  const newHash = input.changePassword ? await hashPassword(input.password) : undefined;
  return inTransaction(rc, async (trx) => {
    if (input.changeEmail && email !== customer.email && (await emailTaken(trx, email, customer.website_id, customer.id))) {
      const taken = 'A customer with the same email address already exists in an associated website.';
      return invalid(taken, { email: taken });
    }
    await customersRepo.update(trx.db, customer.id, {
      firstname: input.firstname.trim(),
      lastname: input.lastname.trim(),
      ...(input.changeEmail ? { email } : {}),
      ...(newHash ? { password_hash: newHash } : {}),
      updated_at: isoUtc(rc.app.clock.now()),
      updated_by_admin_id: actingAdmin(rc).id,
    });
    if (consentChange && (await lacEnabled(trx))) await core.recordConsent(trx, customer, input.assistance!, input.assistanceDuration ?? 'forever');
    await core.activity(trx, customer.id, { kind: 'account.changed', params: {} });
    return ok({ passwordChanged: !!newHash });
  });
}

/**
 * The customer deletes their own account (My Account > Account Information > Delete Account), confirming
 * with their password. Orders keep their copy of name and email; every session of the account ends. During
 * an assisted session this is refused when "Delete account" is a blocked action.
 */
async function deleteOwnAccount(core: CustomersCore, rc: RequestContext, customerId: number, input: DeleteAccountInput): Promise<Result<void>> {
  const refusal = await core.refusal(rc, 'delete_account');
  if (refusal) return refusal;
  const customer = await customersRepo.byId(rc.db, customerId);
  if (!customer) throw notFound();
  const currentPassword = input.currentPassword;
  if (!input.confirmed) return invalid('Please confirm that you want to delete your account.', { confirm: 'This is a required field.' });
  if (!currentPassword) return invalid('Please enter your current password to delete your account.', { current_password: 'This is a required field.' });
  if (!customer.password_hash || !(await verifyPassword(customer.password_hash, currentPassword)))
    return invalid(PASSWORD_MISMATCH, { current_password: "The password doesn't match this account." });
  await inTransaction(rc, async (trx) => {
    await core.accountClosed(trx, customer.id, 'customer_deleted');
    await rc.app.services.sessions.destroyAllFor(trx.db, 'customer', customer.id);
    await customersRepo.delete(trx.db, [customer.id]);
    await rc.app.services.actionLog.record(trx, {
      group: 'customers',
      action: 'Delete',
      details: `Customer ${customer.email} (ID ${customer.id}) deleted their own account`,
      fullDetails: { deleted: [{ id: customer.id, email: customer.email }], surface: rc.surface },
    });
  });
  return ok(undefined);
}

/** Registration, sign-in and the customer's own account: the storefront session and My Account's page data. */
export function accountsPart(core: CustomersCore) {
  return {
    consentBox,
    register: (rc: RequestContext, input: RegisterInput) => register(core, rc, input),
    authenticate: (rc: RequestContext, email: string, password: string) => authenticate(core, rc, email, password),
    updateAccount: (rc: RequestContext, customerId: number, input: AccountUpdate) => updateAccount(core, rc, customerId, input),
    deleteOwnAccount: (rc: RequestContext, customerId: number, input: DeleteAccountInput) => deleteOwnAccount(core, rc, customerId, input),

    /** My Account: the customer, the default addresses, the newsletter state and the consent box's state. */
    async accountDashboard(rc: RequestContext, customerId: number) {
      const customer = (await customersRepo.byId(rc.db, customerId))!;
      const addresses = await customersRepo.addresses(rc.db, customerId);
      const subscribed = (await customersRepo.subscription(rc.db, customerId))?.status === 'subscribed';
      return {
        customer,
        billing: addresses.find((a) => a.id === customer.default_billing_id),
        shipping: addresses.find((a) => a.id === customer.default_shipping_id),
        subscribed,
        lacEnabled: await lacEnabled(rc),
        consentActive: consentActive(customer, rc.app.clock.now()),
      };
    },

    /** Account Information: the customer, whether consent holds now, and the consent box (null while disabled). */
    async accountEditData(rc: RequestContext, customerId: number) {
      const customer = (await customersRepo.byId(rc.db, customerId))!;
      return { customer, consentActive: consentActive(customer, rc.app.clock.now()), consentBox: await consentBox(rc) };
    },

    // ---- storefront session (session.ts stays private; other modules come here) ----

    /**
     * Signs this browser in as the customer with a new session id and form key; returns the previous session's
     * data (e.g. the guest cart to carry over).
     */
    async startSession(rc: RequestContext, customerId: number, data: StorefrontSessionData = {}): Promise<StorefrontSessionData> {
      const customer = await customersRepo.byId(rc.db, customerId);
      if (!customer) throw notFound('This customer no longer exists.');
      return startCustomerSession(rc, customer, data);
    },
    /** Signs this browser in as a customer already loaded (sign-in, registration): as startSession. */
    startSessionFor: (rc: RequestContext, customer: CustomerRow, data: StorefrontSessionData = {}) => startCustomerSession(rc, customer, data),
    /** Ends this browser's storefront session only, with a new form-key seed. */
    endSession: (rc: RequestContext) => endStorefrontSession(rc),
    /** Merges a patch into this browser's session data (creating the session on first need). */
    saveSessionData: (rc: RequestContext, patch: StorefrontSessionData) => saveSessionData(rc, patch),
    /** The guest cart this browser's session points at, if any. */
    sessionCartId: (rc: RequestContext): number | undefined => (typeof rc.locals.sessionData?.cartId === 'number' ? rc.locals.sessionData.cartId : undefined),
  };
}
