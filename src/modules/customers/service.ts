import { inTransaction, type RequestContext } from '../../kernel/request-context.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { forbidden, notFound, validationFailed } from '../../kernel/errors.ts';
import { randomToken, sha256 } from '../../kernel/tokens.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../admin-users/passwords.ts';
import { LAC_ENABLED, type BlockableAction } from '../login-as-customer/settings.ts';
import { ACCOUNT_SHARE_SCOPE, SHARE_GLOBAL } from '../stores/index.ts';
import { catalogRepo } from '../catalog/repo.ts';
import { customersRepo, type CustomerRow } from './repo.ts';

export const PASSWORD_RESET_MINUTES = 60;

/** How long a customer's consent lasts: "for 24 hours", "for 7 days", "until I turn it off"; keep = unchanged. */
export type ConsentDuration = 'keep' | '24h' | '7d' | 'forever';
const DURATION_MS: Record<Exclude<ConsentDuration, 'keep'>, number | null> = { '24h': 24 * 3600_000, '7d': 7 * 24 * 3600_000, forever: null };
export const asDuration = (v: string): ConsentDuration | undefined => (['keep', '24h', '7d', 'forever'].includes(v) ? (v as ConsentDuration) : undefined);

/** Consent that holds now: given, and not past its expiry. */
export function consentActive(c: { assistance_allowed: number; assistance_expires_at?: string | null }, now: Date): boolean {
  return c.assistance_allowed === 1 && (!c.assistance_expires_at || c.assistance_expires_at > now.toISOString());
}
/** Why an account stopped being usable, as told to onAccountClosed listeners. */
export type AccountClosedReason = 'customer_inactive' | 'customer_deleted';
export const BLOCKED_MESSAGE = 'This action is not available while store staff are signed in to your account.';
export const CHANGE_OPT_IN_RESOURCE = 'customers.login_as_customer.change_opt_in';
export const NO_OPT_IN_PERMISSION = 'You have no permission to change Opt-In preference.';
export const SIGN_IN_FAILED = 'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.';
/** Stores > Configuration > Customers > Customer Configuration > Password Options (Magento's paths). */
export const CUSTOMER_LOCKOUT_FAILURES = 'customer/password/lockout_failures';
export const CUSTOMER_LOCKOUT_MINUTES = 'customer/password/lockout_threshold';
export const FORGOT_PASSWORD_SENT = 'If there is an account associated with {email} you will receive an email with a link to reset your password.';

export interface AddressInput {
  firstname: string;
  lastname: string;
  company: string;
  street: string;
  city: string;
  region: string;
  postcode: string;
  countryId: string;
  telephone: string;
  defaultBilling: boolean;
  defaultShipping: boolean;
}

export interface AccountInput {
  firstname: string;
  lastname: string;
  email: string;
}

export const COUNTRIES: { code: string; name: string }[] = [
  { code: 'US', name: 'United States' },
  { code: 'SE', name: 'Sweden' },
  { code: 'GB', name: 'United Kingdom' },
  { code: 'DE', name: 'Germany' },
  { code: 'FR', name: 'France' },
  { code: 'NO', name: 'Norway' },
  { code: 'DK', name: 'Denmark' },
  { code: 'FI', name: 'Finland' },
  { code: 'NL', name: 'Netherlands' },
  { code: 'CA', name: 'Canada' },
];

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/** Magento's storefront rule: at least 8 characters from at least 3 classes (lower, upper, digits, other). */
export function customerPasswordProblem(password: string): string | null {
  if (password.trim().length < 8) return 'Minimum length of this field must be equal or greater than 8 symbols. Leading and trailing spaces will be ignored.';
  if (password.length > 256) return 'Please enter less or equal than 256 symbols.';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((r) => r.test(password)).length;
  if (classes < 3) return 'Minimum of different classes of characters in password is 3. Classes of characters: Lower Case, Upper Case, Digits, Special Characters.';
  return null;
}

function validateName(input: { firstname: string; lastname: string }, errors: Record<string, string>) {
  if (!input.firstname.trim()) errors.firstname = 'This is a required field.';
  else if (input.firstname.length > 255) errors.firstname = 'Please enter less or equal than 255 symbols.';
  if (!input.lastname.trim()) errors.lastname = 'This is a required field.';
  else if (input.lastname.length > 255) errors.lastname = 'Please enter less or equal than 255 symbols.';
}

function validateEmail(email: string, errors: Record<string, string>) {
  if (!email.trim()) errors.email = 'This is a required field.';
  else if (!EMAIL.test(email.trim()) || email.length > 254) errors.email = 'Please enter a valid email address (Ex: johndoe@domain.com).';
}

export function validateAddress(a: AddressInput): Record<string, string> {
  const errors: Record<string, string> = {};
  validateName(a, errors);
  for (const [k, v] of [
    ['street', a.street],
    ['city', a.city],
    ['postcode', a.postcode],
    ['telephone', a.telephone],
  ] as const) {
    if (!v.trim()) errors[k] = 'This is a required field.';
    else if (v.length > 255) errors[k] = 'Please enter less or equal than 255 symbols.';
  }
  if (!COUNTRIES.some((c) => c.code === a.countryId)) errors.country_id = 'Please select a country.';
  if (a.telephone.trim() && !/^[\d\s()+.-]{4,30}$/.test(a.telephone.trim())) errors.telephone = 'Please enter a valid phone number.';
  return errors;
}

const addressRow = (a: AddressInput) => ({
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

/** Who changed something, for stamps and history: the admin in the admin panel or during an assisted visit. */
function actingAdmin(rc: RequestContext): { id: number | null; username: string | null } {
  if (rc.actor.type === 'admin') return { id: rc.actor.id, username: rc.actor.username };
  if (rc.locals.assistedAdminId) return { id: rc.locals.assistedAdminId, username: null };
  return { id: null, username: null };
}

/**
 * Customer accounts: registration, sign-in checks, account and address changes, consent with history,
 * password reset, newsletter, wishlist, and the admin's customer and group management.
 */
export function createCustomersService() {
  async function sharedGlobally(rc: RequestContext) {
    return (await rc.app.services.config.get(ACCOUNT_SHARE_SCOPE, {}, rc.db)) === SHARE_GLOBAL;
  }
  async function lacEnabled(rc: RequestContext) {
    return rc.app.services.config.getBool(LAC_ENABLED, {}, rc.db);
  }
  async function emailTaken(rc: RequestContext, email: string, websiteId: number, exceptId?: number) {
    const other = await customersRepo.byEmail(rc.db, email, (await sharedGlobally(rc)) ? undefined : websiteId);
    return !!other && other.id !== exceptId;
  }

  /** Records a consent change with its history row and an action-log entry (same transaction). */
  async function recordConsent(rc: RequestContext, customer: CustomerRow, allowed: boolean, duration: ConsentDuration = 'forever') {
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
    await rc.app.services.actionLog.record(rc, {
      group: 'login_as_customer',
      action: 'Consent',
      details: `Remote shopping assistance ${allowed ? `allowed${expiresAt ? ` until ${expiresAt}` : ''}` : 'revoked'} for customer ${customer.email} (ID ${customer.id}) via ${rc.surface}`,
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
  }

  const consentListeners: ((rc: RequestContext, customerId: number, allowed: boolean) => Promise<void>)[] = [];
  const closedListeners: ((rc: RequestContext, customerId: number, reason: AccountClosedReason) => Promise<void>)[] = [];
  /** Tells listeners that an account can no longer be used (in the transaction that made it so). */
  async function accountClosed(rc: RequestContext, customerId: number, reason: AccountClosedReason) {
    for (const listener of closedListeners) await listener(rc, customerId, reason);
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
    const counted = await customersRepo.recordSignInFailure(rc.db, customer.id, { now, max, lockUntil: isoUtc(new Date(clock.getTime() + minutes * 60_000)) });
    if (!counted) return 'locked';
    if (!counted.lock_expires) return 'wrong';
    await rc.app.services.actionLog.record(rc, {
      group: 'customers',
      action: 'Lock',
      result: 'Failure',
      details: `Customer ${customer.email} (ID ${customer.id}) locked until ${counted.lock_expires} after ${counted.failures_num} failed sign-in attempts (${door})`,
      fullDetails: { customer_id: customer.id, email: customer.email, website_id: customer.website_id, failures: counted.failures_num, lock_expires: counted.lock_expires, ip: rc.ip, door },
    });
    return 'locked';
  }

  const service = {
    sharedGlobally,
    lacEnabled,
    /** Lets other modules react to consent changes (e.g. end assisted sessions when it is revoked). */
    onConsentChanged(listener: (rc: RequestContext, customerId: number, allowed: boolean) => Promise<void>) {
      consentListeners.push(listener);
    },
    /** Lets other modules react when an account is deactivated or deleted (e.g. end its assisted sessions). */
    onAccountClosed(listener: (rc: RequestContext, customerId: number, reason: AccountClosedReason) => Promise<void>) {
      closedListeners.push(listener);
    },

    async register(rc: RequestContext, input: AccountInput & { password: string; confirmation: string; assistance: boolean; assistanceDuration?: ConsentDuration; newsletter: boolean }): Promise<CustomerRow> {
      const errors: Record<string, string> = {};
      validateName(input, errors);
      validateEmail(input.email, errors);
      const pw = customerPasswordProblem(input.password);
      if (pw) errors.password = pw;
      else if (input.password !== input.confirmation) errors.password_confirmation = 'Please enter the same value again.';
      if (Object.keys(errors).length) throw validationFailed('Please correct the highlighted fields.', errors);
      const email = input.email.trim().toLowerCase();
      const passwordHash = await hashPassword(input.password);
      return inTransaction(rc, async (trx) => {
        if (await emailTaken(trx, email, rc.store.website.id))
          throw validationFailed('There is already an account with this email address. If you are sure that it is your email address, click here to get your password and access your account.', { email: 'There is already an account with this email address.' });
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
        if (input.assistance && (await lacEnabled(trx))) await recordConsent(trx, customer, true, input.assistanceDuration ?? 'forever');
        if (input.newsletter) await customersRepo.setSubscription(trx.db, id, rc.store.view.id, 'subscribed', now);
        return (await customersRepo.byId(trx.db, id))!;
      });
    },

    /** The customer for these credentials on this store view's website (or any, when shared globally). */
    async authenticate(rc: RequestContext, email: string, password: string): Promise<CustomerRow | null> {
      const customer = await customersRepo.byEmail(rc.db, email.trim(), (await sharedGlobally(rc)) ? undefined : rc.store.website.id);
      if (!customer?.password_hash) {
        await verifyPassword(await dummyPasswordHash(), password);
        return null;
      }
      // The hash is checked even while locked, so a locked account answers as slowly as a wrong password.
      const valid = await verifyPassword(customer.password_hash, password);
      const outcome = await settlePasswordCheck(rc, customer, valid, 'storefront sign-in');
      return outcome === 'ok' && customer.is_active === 1 ? customer : null;
    },

    /** Whether sign-in is locked for this account now, and until when. */
    lockedUntil(rc: RequestContext, customer: Pick<CustomerRow, 'lock_expires'>): string | null {
      return customer.lock_expires && customer.lock_expires > isoUtc(rc.app.clock.now()) ? customer.lock_expires : null;
    },

    /**
     * Lifts the sign-in lockout of these customers (admin Unlock, mass action, CLI customer:unlock) and clears
     * their failure counts; one Unlock entry per account that was locked. Returns those accounts.
     */
    async unlock(rc: RequestContext, customerIds: number[]): Promise<{ id: number; email: string; website_id: number }[]> {
      return inTransaction(rc, async (trx) => {
        const lifted = await customersRepo.unlock(trx.db, customerIds, isoUtc(rc.app.clock.now()));
        for (const c of lifted)
          await rc.app.services.actionLog.record(trx, {
            group: 'customers',
            action: 'Unlock',
            details: `Customer ${c.email} (ID ${c.id}) unlocked`,
            fullDetails: { customer_id: c.id, email: c.email, website_id: c.website_id },
          });
        return lifted;
      });
    },

    /** Account Information: name; email and password only with the current password. */
    async updateAccount(
      rc: RequestContext,
      customerId: number,
      input: AccountInput & { changeEmail: boolean; changePassword: boolean; currentPassword: string; password: string; confirmation: string; assistance?: boolean; assistanceDuration?: ConsentDuration },
    ): Promise<{ passwordChanged: boolean }> {
      const customer = await customersRepo.byId(rc.db, customerId);
      if (!customer) throw notFound();
      const consentNow = consentActive(customer, rc.app.clock.now());
      const consentChange = input.assistance !== undefined && (input.assistance !== consentNow || (input.assistance && !!input.assistanceDuration && input.assistanceDuration !== 'keep'));
      const errors: Record<string, string> = {};
      validateName(input, errors);
      if (input.changeEmail) validateEmail(input.email, errors);
      if (input.changePassword) {
        const pw = customerPasswordProblem(input.password);
        if (pw) errors.password = pw;
        else if (input.password !== input.confirmation) errors.password_confirmation = 'Please enter the same value again.';
      }
      if (Object.keys(errors).length) throw validationFailed('Please correct the highlighted fields.', errors);
      // During an assisted session some account changes are reserved to the customer (setting "Blocked actions").
      const lac = rc.app.services.loginAsCustomer;
      const wanted = [
        input.changeEmail && input.email.trim().toLowerCase() !== customer.email ? 'change_email' : '',
        input.changePassword ? 'change_password' : '',
        consentChange ? 'change_consent' : '',
      ].filter((a): a is BlockableAction => a !== '');
      for (const action of wanted) if (await lac.refuseIfBlocked(rc, action)) throw validationFailed(BLOCKED_MESSAGE);
      if (input.changeEmail || input.changePassword) {
        const current = customer.password_hash ? await settlePasswordCheck(rc, customer, await verifyPassword(customer.password_hash, input.currentPassword), 'account information') : 'wrong';
        if (current === 'locked') throw validationFailed(SIGN_IN_FAILED);
        if (current !== 'ok')
          throw validationFailed("The password doesn't match this account. Verify the password and try again.", { current_password: "The password doesn't match this account." });
      }
      const email = input.email.trim().toLowerCase();
      const newHash = input.changePassword ? await hashPassword(input.password) : undefined;
      return inTransaction(rc, async (trx) => {
        if (input.changeEmail && email !== customer.email && (await emailTaken(trx, email, customer.website_id, customer.id)))
          throw validationFailed('A customer with the same email address already exists in an associated website.', { email: 'A customer with the same email address already exists in an associated website.' });
        const now = isoUtc(rc.app.clock.now());
        await customersRepo.update(trx.db, customer.id, {
          firstname: input.firstname.trim(),
          lastname: input.lastname.trim(),
          ...(input.changeEmail ? { email } : {}),
          ...(newHash ? { password_hash: newHash } : {}),
          updated_at: now,
          updated_by_admin_id: actingAdmin(rc).id,
        });
        if (consentChange && (await lacEnabled(trx))) await recordConsent(trx, customer, input.assistance!, input.assistanceDuration ?? 'forever');
        await rc.app.services.loginAsCustomer.note(trx, 'changed account information');
        return { passwordChanged: !!newHash };
      });
    },

    /**
     * An admin (API) sets a customer's consent: the same permission rule as the admin form (spec §3), history
     * and log via the request's surface.
     */
    async adminSetConsent(rc: RequestContext, customerId: number, allowed: boolean) {
      await inTransaction(rc, async (trx) => {
        const customer = await customersRepo.byId(trx.db, customerId);
        if (!customer) throw notFound('Customer with this ID no longer exists.');
        if (!(await lacEnabled(trx))) throw validationFailed('Login as Customer is disabled.');
        if (!rc.permissions.all && !rc.permissions.resources.has(CHANGE_OPT_IN_RESOURCE)) throw forbidden(NO_OPT_IN_PERMISSION);
        if (consentActive(customer, rc.app.clock.now()) === allowed) return;
        await recordConsent(trx, customer, allowed);
      });
    },

    /** Storefront or API consent change by the customer (spec §3). */
    async setConsent(rc: RequestContext, customerId: number, allowed: boolean, duration: ConsentDuration = 'keep') {
      await inTransaction(rc, async (trx) => {
        const customer = await customersRepo.byId(trx.db, customerId);
        if (!customer) throw notFound();
        if (consentActive(customer, rc.app.clock.now()) === allowed && !(allowed && duration !== 'keep')) return;
        if (!(await lacEnabled(trx))) return;
        await recordConsent(trx, customer, allowed, duration);
      });
    },

    // ---- password reset ----

    async forgotPassword(rc: RequestContext, email: string): Promise<void> {
      const errors: Record<string, string> = {};
      validateEmail(email, errors);
      if (errors.email) throw validationFailed(errors.email, errors);
      const customer = await customersRepo.byEmail(rc.db, email.trim(), (await sharedGlobally(rc)) ? undefined : rc.store.website.id);
      if (!customer || customer.is_active !== 1) return;
      const token = randomToken();
      const now = rc.app.clock.now();
      await customersRepo.insertResetToken(rc.db, { token_hash: sha256(token), customer_id: customer.id, expires_at: isoUtc(new Date(now.getTime() + PASSWORD_RESET_MINUTES * 60_000)), used_at: null });
      const base = rc.app.env.publicUrl;
      const link = `${base}${rc.url('/customer/account/createPassword')}?token=${encodeURIComponent(token)}`;
      const t = rc.t;
      await rc.app.services.mail.send({
        to: customer.email,
        subject: t('Reset your {store} password', { store: rc.store.website.name }),
        text: [
          t('Hello {name},', { name: `${customer.firstname} ${customer.lastname}` }),
          '',
          t('There was recently a request to change the password for your account. If you requested this change, set a new password here:'),
          link,
          '',
          t('The link works once and expires in {minutes} minutes. If you did not make this request, you can ignore this email.', { minutes: PASSWORD_RESET_MINUTES }),
        ].join('\n'),
      });
    },

    async resetTokenValid(rc: RequestContext, token: string): Promise<boolean> {
      const row = await customersRepo.resetToken(rc.db, sha256(token));
      return !!row && !row.used_at && row.expires_at > isoUtc(rc.app.clock.now());
    },

    /** Sets a new password from a reset link: single use, expiring; ends the customer's other sessions. */
    async resetPassword(rc: RequestContext, token: string, password: string, confirmation: string): Promise<CustomerRow> {
      const pw = customerPasswordProblem(password);
      if (pw) throw validationFailed(pw, { password: pw });
      if (password !== confirmation) throw validationFailed('Please enter the same value again.', { password_confirmation: 'Please enter the same value again.' });
      const hash = await hashPassword(password);
      return inTransaction(rc, async (trx) => {
        const tokenHash = sha256(token);
        const row = await customersRepo.resetToken(trx.db, tokenHash);
        const now = isoUtc(rc.app.clock.now());
        if (!row || row.used_at || row.expires_at <= now || !(await customersRepo.useResetToken(trx.db, tokenHash, now)))
          throw validationFailed('Your password reset link has expired.');
        await customersRepo.update(trx.db, row.customer_id, { password_hash: hash, updated_at: now });
        await rc.app.services.sessions.destroyAllFor(trx.db, 'customer', row.customer_id);
        return (await customersRepo.byId(trx.db, row.customer_id))!;
      });
    },

    // ---- addresses ----

    async saveAddress(rc: RequestContext, customerId: number, input: AddressInput, addressId?: number): Promise<number> {
      const errors = validateAddress(input);
      if (Object.keys(errors).length) throw validationFailed('Please correct the highlighted fields.', errors);
      return inTransaction(rc, async (trx) => {
        const customer = await customersRepo.byId(trx.db, customerId);
        if (!customer) throw notFound();
        if (addressId && !(await customersRepo.address(trx.db, customerId, addressId))) throw notFound('This address no longer exists.');
        const now = isoUtc(rc.app.clock.now());
        const by = actingAdmin(rc).id;
        let id = addressId;
        if (id) await customersRepo.updateAddress(trx.db, id, { ...addressRow(input), updated_at: now, updated_by_admin_id: by });
        else id = await customersRepo.insertAddress(trx.db, { customer_id: customerId, ...addressRow(input), created_at: now, updated_at: now, updated_by_admin_id: by });
        // The first address becomes the default for both, as shoppers expect.
        const first = (await customersRepo.addresses(trx.db, customerId)).length === 1;
        const patch: { default_billing_id?: number; default_shipping_id?: number } = {};
        if (input.defaultBilling || first || !customer.default_billing_id) patch.default_billing_id = id;
        if (input.defaultShipping || first || !customer.default_shipping_id) patch.default_shipping_id = id;
        if (Object.keys(patch).length) await customersRepo.update(trx.db, customerId, { ...patch, updated_at: now });
        await rc.app.services.loginAsCustomer.note(trx, `${addressId ? 'changed' : 'added'} the address ${input.street.trim()}, ${input.city.trim()}`);
        return id;
      });
    },

    async deleteAddress(rc: RequestContext, customerId: number, addressId: number) {
      // Decided before the transaction, so the Failure entry outlives the refusal.
      if (await rc.app.services.loginAsCustomer.refuseIfBlocked(rc, 'delete_address')) throw validationFailed(BLOCKED_MESSAGE);
      await inTransaction(rc, async (trx) => {
        const customer = await customersRepo.byId(trx.db, customerId);
        const address = await customersRepo.address(trx.db, customerId, addressId);
        if (!customer || !address) throw notFound('This address no longer exists.');
        if (customer.default_billing_id === addressId || customer.default_shipping_id === addressId)
          throw validationFailed('You cannot delete a default address. Make another address the default first.');
        await customersRepo.deleteAddress(trx.db, addressId);
        await rc.app.services.loginAsCustomer.note(trx, `deleted the address ${address.street}, ${address.city}`);
      });
    },

    // ---- newsletter ----

    async setNewsletter(rc: RequestContext, customerIds: number[], subscribed: boolean) {
      await inTransaction(rc, async (trx) => {
        const now = isoUtc(rc.app.clock.now());
        for (const id of customerIds) {
          const c = await customersRepo.byId(trx.db, id);
          if (c) await customersRepo.setSubscription(trx.db, id, c.store_view_id, subscribed ? 'subscribed' : 'unsubscribed', now);
        }
        await rc.app.services.loginAsCustomer.note(trx, subscribed ? 'subscribed to the newsletter' : 'unsubscribed from the newsletter');
        if (rc.actor.type === 'admin')
          await rc.app.services.actionLog.record(trx, {
            group: 'customers',
            action: subscribed ? 'Subscribe' : 'Unsubscribe',
            details: `${subscribed ? 'Subscribed' : 'Unsubscribed'} ${customerIds.length} customer(s) to the newsletter`,
            fullDetails: { customer_ids: customerIds },
          });
      });
    },

    // ---- wishlist ----

    async addToWishlist(rc: RequestContext, customerId: number, productId: number): Promise<boolean> {
      const product = await catalogRepo.findById(rc.db, productId);
      if (!product || product.status !== 1) throw notFound('This product is no longer available.');
      const added = await customersRepo.addWishlistItem(rc.db, {
        customer_id: customerId,
        product_id: productId,
        store_view_id: rc.store.view.id,
        added_by_admin_id: actingAdmin(rc).id,
        created_at: isoUtc(rc.app.clock.now()),
      });
      if (added) await rc.app.services.loginAsCustomer.note(rc, `added ${product.name} to the wish list`);
      return added;
    },

    async removeFromWishlist(rc: RequestContext, customerId: number, itemId: number) {
      if (!(await customersRepo.removeWishlistItem(rc.db, customerId, itemId))) throw notFound('This item is no longer in your wish list.');
      await rc.app.services.loginAsCustomer.note(rc, 'removed an item from the wish list');
    },

    // ---- admin ----

    /** Customers > All Customers > New / edit > Account Information. */
    async adminSave(
      rc: RequestContext,
      input: AccountInput & { websiteId: number; groupId: number; active: boolean; assistance?: boolean; password?: string },
      customerId?: number,
    ): Promise<number> {
      const errors: Record<string, string> = {};
      validateName(input, errors);
      validateEmail(input.email, errors);
      if (input.password) {
        const pw = customerPasswordProblem(input.password);
        if (pw) errors.password = pw;
      }
      const group = await customersRepo.group(rc.db, input.groupId);
      if (!group || group.id === 0) errors.group_id = 'Please select a customer group.';
      const tree = await rc.app.services.stores.tree();
      const website = tree.websites.find((w) => w.id === input.websiteId);
      if (!website) errors.website_id = 'Please select a website.';
      if (Object.keys(errors).length) throw validationFailed('Please correct the highlighted fields.', errors);
      const passwordHash = input.password ? await hashPassword(input.password) : undefined;
      return inTransaction(rc, async (trx) => {
        const before = customerId ? await customersRepo.byId(trx.db, customerId) : undefined;
        if (customerId && !before) throw notFound('This customer no longer exists.');
        const wantsConsentChange = input.assistance !== undefined && (!before ? input.assistance : input.assistance !== consentActive(before, rc.app.clock.now()));
        // Spec §3: without the change-opt-in permission the field is read-only, and a forged submit changes nothing.
        if (wantsConsentChange && (await lacEnabled(trx)) && !rc.permissions.all && !rc.permissions.resources.has(CHANGE_OPT_IN_RESOURCE)) throw forbidden(NO_OPT_IN_PERMISSION);
        const email = input.email.trim().toLowerCase();
        if (await emailTaken(trx, email, input.websiteId, customerId))
          throw validationFailed('A customer with the same email address already exists in an associated website.', { email: 'A customer with the same email address already exists in an associated website.' });
        const now = isoUtc(rc.app.clock.now());
        const views = tree.views.filter((v) => v.website_id === input.websiteId);
        const row = {
          firstname: input.firstname.trim(),
          lastname: input.lastname.trim(),
          email,
          group_id: input.groupId,
          is_active: input.active ? 1 : 0,
          updated_at: now,
          updated_by_admin_id: actingAdmin(rc).id,
          ...(passwordHash ? { password_hash: passwordHash } : {}),
        };
        let id = customerId;
        if (before) await customersRepo.update(trx.db, before.id, row);
        else
          id = await customersRepo.insert(trx.db, {
            ...row,
            website_id: input.websiteId,
            store_view_id: (views.find((v) => v.id === tree.stores.find((s) => s.id === website!.default_store_id)?.default_store_view_id) ?? views[0])?.id ?? 1,
            password_hash: passwordHash ?? null,
            assistance_allowed: 0,
            default_billing_id: null,
            default_shipping_id: null,
            created_at: now,
          });
        const after = (await customersRepo.byId(trx.db, id!))!;
        const changes: Record<string, { old: unknown; new: unknown }> = {};
        if (before) for (const k of ['firstname', 'lastname', 'email', 'group_id', 'is_active'] as const) if (before[k] !== after[k]) changes[k] = { old: before[k], new: after[k] };
        await rc.app.services.actionLog.record(trx, {
          group: 'customers',
          action: 'Save',
          details: `Customer ${after.email} (ID ${after.id}) ${before ? 'updated' : 'created'}`,
          fullDetails: before ? { id: after.id, changes } : { id: after.id, created: { email: after.email, website_id: after.website_id, group_id: after.group_id } },
        });
        if (wantsConsentChange && (await lacEnabled(trx))) await recordConsent(trx, after, input.assistance!);
        // A deactivated customer is signed out everywhere at once, and what depended on the account ends now.
        if (before && before.is_active === 1 && !input.active) {
          await accountClosed(trx, before.id, 'customer_inactive');
          await rc.app.services.sessions.destroyAllFor(trx.db, 'customer', before.id);
        }
        return id!;
      });
    },

    /**
     * The customer deletes their own account (My Account > Account Information > Delete Account), confirming
     * with their password. Orders keep their copy of name and email; every session of the account ends. During
     * an assisted session this is refused when "Delete account" is a blocked action.
     */
    async deleteOwnAccount(rc: RequestContext, customerId: number, input: { currentPassword: string; confirmed: boolean }) {
      if (await rc.app.services.loginAsCustomer.refuseIfBlocked(rc, 'delete_account')) throw validationFailed(BLOCKED_MESSAGE);
      const customer = await customersRepo.byId(rc.db, customerId);
      if (!customer) throw notFound();
      const currentPassword = input.currentPassword;
      if (!input.confirmed) throw validationFailed('Please confirm that you want to delete your account.', { confirm: 'This is a required field.' });
      if (!currentPassword) throw validationFailed('Please enter your current password to delete your account.', { current_password: 'This is a required field.' });
      if (!customer.password_hash || !(await verifyPassword(customer.password_hash, currentPassword)))
        throw validationFailed("The password doesn't match this account. Verify the password and try again.", { current_password: "The password doesn't match this account." });
      await inTransaction(rc, async (trx) => {
        await accountClosed(trx, customer.id, 'customer_deleted');
        await rc.app.services.sessions.destroyAllFor(trx.db, 'customer', customer.id);
        await customersRepo.delete(trx.db, [customer.id]);
        await rc.app.services.actionLog.record(trx, {
          group: 'customers',
          action: 'Delete',
          details: `Customer ${customer.email} (ID ${customer.id}) deleted their own account`,
          fullDetails: { deleted: [{ id: customer.id, email: customer.email }], surface: rc.surface },
        });
      });
    },

    async adminDelete(rc: RequestContext, customerIds: number[]) {
      await inTransaction(rc, async (trx) => {
        const rows = (await Promise.all(customerIds.map((id) => customersRepo.byId(trx.db, id)))).filter((c): c is CustomerRow => !!c);
        for (const c of rows) {
          await accountClosed(trx, c.id, 'customer_deleted');
          await rc.app.services.sessions.destroyAllFor(trx.db, 'customer', c.id);
        }
        await customersRepo.delete(trx.db, rows.map((c) => c.id));
        await rc.app.services.actionLog.record(trx, {
          group: 'customers',
          action: 'Delete',
          details: `Deleted ${rows.length} customer(s)`,
          fullDetails: { deleted: rows.map((c) => ({ id: c.id, email: c.email })) },
        });
      });
    },

    async assignGroup(rc: RequestContext, customerIds: number[], groupId: number) {
      const group = await customersRepo.group(rc.db, groupId);
      if (!group || group.id === 0) throw validationFailed('Please select a customer group.');
      await inTransaction(rc, async (trx) => {
        const now = isoUtc(rc.app.clock.now());
        for (const id of customerIds) await customersRepo.update(trx.db, id, { group_id: groupId, updated_at: now, updated_by_admin_id: actingAdmin(rc).id });
        await rc.app.services.actionLog.record(trx, {
          group: 'customers',
          action: 'Assign Group',
          details: `Assigned ${customerIds.length} customer(s) to group "${group.code}"`,
          fullDetails: { customer_ids: customerIds, group_id: groupId },
        });
      });
    },

    async saveGroup(rc: RequestContext, code: string, groupId?: number): Promise<number> {
      const name = code.trim();
      if (!name) throw validationFailed('Please correct the highlighted fields.', { code: 'This is a required field.' });
      if (name.length > 32) throw validationFailed('Please correct the highlighted fields.', { code: 'Code should not exceed 32 characters.' });
      return inTransaction(rc, async (trx) => {
        const before = groupId !== undefined ? await customersRepo.group(trx.db, groupId) : undefined;
        if (groupId !== undefined && !before) throw notFound();
        if (before?.id === 0) throw validationFailed('The NOT LOGGED IN group cannot be renamed.');
        const other = await customersRepo.groupByCode(trx.db, name);
        if (other && other.id !== groupId) throw validationFailed('Please correct the highlighted fields.', { code: 'Customer Group already exists.' });
        let id = groupId;
        if (before) await customersRepo.updateGroup(trx.db, before.id, name);
        else id = await customersRepo.insertGroup(trx.db, name);
        await rc.app.services.actionLog.record(trx, { group: 'customers', action: 'Save Group', details: `Customer group "${name}" (ID ${id}) ${before ? 'updated' : 'created'}`, fullDetails: { id, old: before?.code ?? null, new: name } });
        return id!;
      });
    },

    async deleteGroup(rc: RequestContext, groupId: number) {
      await inTransaction(rc, async (trx) => {
        const group = await customersRepo.group(trx.db, groupId);
        if (!group) throw notFound();
        if (group.is_system === 1) throw validationFailed('This customer group cannot be deleted.');
        await customersRepo.deleteGroup(trx.db, groupId);
        await rc.app.services.actionLog.record(trx, { group: 'customers', action: 'Delete Group', details: `Customer group "${group.code}" (ID ${group.id}) deleted; its customers moved to General`, fullDetails: { deleted: group } });
      });
      await rc.app.services.pageCache.flush(rc.db);
    },

    /** A customer by id, if it exists (read with the request's handle). */
    byId: (rc: RequestContext, id: number) => customersRepo.byId(rc.db, id),
    /** A customer by email, within a website or (websiteId undefined) across all of them. */
    byEmail: (rc: RequestContext, email: string, websiteId?: number) => customersRepo.byEmail(rc.db, email, websiteId),
    /** Whether a customer's remote shopping assistance consent holds at `now`. */
    consentActive,
  };
  return service;
}

export type CustomersService = ReturnType<typeof createCustomersService>;

declare module '../../kernel/services.ts' {
  interface Services {
    customers: CustomersService;
  }
}
