import { isEmailAddress } from '../../kernel/email.ts';
import type { RequestContext } from '../../kernel/request-context.ts';

/**
 * Constants, plain types and pure helpers of the customers module. Other modules reach them through index.ts;
 * inside the module they are imported from here (index.ts must not pull in the service, routes or repository).
 */

/** The storefront session cookie: a random id; the database keeps only its hash (src/http/sessions.ts). */
export const STOREFRONT_COOKIE = 'concierge_session';
/** Idle lifetime of a storefront session (seconds). */
export const STOREFRONT_SESSION_SECONDS = 3 * 3600;

/** What a storefront session keeps between requests (the guest cart, an assisted session …). */
export interface StorefrontSessionData {
  cartId?: number;
  [key: string]: unknown;
}

/** A customer account as other modules see it. */
export interface Customer {
  id: number;
  website_id: number;
  store_view_id: number;
  group_id: number;
  email: string;
  firstname: string;
  lastname: string;
  is_active: number;
  assistance_allowed: number;
  assistance_expires_at?: string | null;
  lock_expires?: string | null;
  /** Why the account is protected (assisted sessions need a second admin's approval), or null. */
  protected_reason?: ProtectionReason | null;
  default_billing_id: number | null;
  default_shipping_id: number | null;
  created_at: string;
  updated_at: string;
}

/** The printable part of an address (address book, orders, checkout). */
export interface AddressFieldsShape {
  firstname: string;
  lastname: string;
  company: string;
  street: string;
  city: string;
  region: string;
  postcode: string;
  country_id: string;
  telephone: string;
}

/** A saved address of a customer. */
export interface Address extends AddressFieldsShape {
  id: number;
  customer_id: number;
}

/** A customer group (id 0 is NOT LOGGED IN). */
export interface CustomerGroup {
  id: number;
  code: string;
  is_system: number;
}

/** One change of a customer's remote-assistance consent. */
export interface ConsentEntry {
  allowed: number;
  surface: string;
  admin_id: number | null;
  admin_username: string | null;
  created_at: string;
  expires_at?: string | null;
}

/** An item of a customer's wish list, with its product's name, SKU and URL key. */
export interface WishlistItem {
  id: number;
  product_id: number;
  name: string;
  sku: string;
  url_key: string;
  created_at: string;
}

/** Form messages and field messages to show again with a form (a refusal has both). */
export interface FormProblems {
  messages?: string[];
  fields?: Record<string, string>;
}

export const PASSWORD_RESET_MINUTES = 60;

/** How long a customer's consent lasts: "for 24 hours", "for 7 days", "until I turn it off"; keep = unchanged. */
export type ConsentDuration = 'keep' | '24h' | '7d' | 'forever';
export const asDuration = (v: string): ConsentDuration | undefined => (['keep', '24h', '7d', 'forever'].includes(v) ? (v as ConsentDuration) : undefined);

/** Consent that holds now: given, and not past its expiry. */
export function consentActive(c: { assistance_allowed: number; assistance_expires_at?: string | null }, now: Date): boolean {
  return c.assistance_allowed === 1 && (!c.assistance_expires_at || c.assistance_expires_at > now.toISOString());
}
/** Why an account stopped being usable, as told to onAccountClosed listeners. */
export type AccountClosedReason = 'customer_inactive' | 'customer_deleted';

/** The account actions a registered guard may refuse (e.g. during an assisted session); BLOCKED_MESSAGE says so. */
export type GuardedAccountAction = 'change_password' | 'change_email' | 'change_consent' | 'delete_address' | 'delete_account';
/**
 * Asked before a guarded action, and before its transaction opens (on rc.db, so whatever the guard writes,
 * e.g. a Failure entry, outlives the refusal); true refuses the action.
 */
export type AccountActionGuard = (rc: RequestContext, action: GuardedAccountAction) => Promise<boolean>;

/** Something a customer's account went through, as told to onAccountActivity listeners (kind and plain values). */
export type AccountActivity =
  | { kind: 'account.changed'; params: Record<string, never> }
  | { kind: 'address.added' | 'address.changed' | 'address.deleted'; params: { street: string; city: string } }
  | { kind: 'wishlist.add'; params: { product: string } }
  | { kind: 'wishlist.remove'; params: Record<string, never> }
  | { kind: 'newsletter.subscribe' | 'newsletter.unsubscribe'; params: Record<string, never> };
/** Runs on the handle that made the change (inside its transaction when there is one): use only `rc`. */
export type AccountActivityListener = (rc: RequestContext, customerId: number, activity: AccountActivity) => Promise<void>;
export const BLOCKED_MESSAGE = 'This action is not available while store staff are signed in to your account.';
export const CHANGE_OPT_IN_RESOURCE = 'customers.login_as_customer.change_opt_in';
export const NO_OPT_IN_PERMISSION = 'You have no permission to change Opt-In preference.';
/** "Approve Login as Customer" (declared by Login as Customer): also needed to mark an account protected or not. */
export const PROTECT_RESOURCE = 'customers.login_as_customer.approve';
export const NO_PROTECT_PERMISSION = 'You have no permission to change whether this account is protected.';
/** Why an account is protected: staff, a VIP, a fraud hold. */
export type ProtectionReason = 'staff' | 'vip' | 'fraud_hold';
export const PROTECTION_REASONS: { value: ProtectionReason; label: string }[] = [
  { value: 'staff', label: 'Staff' },
  { value: 'vip', label: 'VIP' },
  { value: 'fraud_hold', label: 'Fraud hold' },
];
export const protectionReasonOf = (v: string): ProtectionReason | null | undefined =>
  v === '' || v === 'none' ? null : PROTECTION_REASONS.some((r) => r.value === v) ? (v as ProtectionReason) : undefined;
export const SIGN_IN_FAILED = 'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.';
/** Stores > Configuration > Customers > Customer Configuration > Password Options (Magento's paths). */
export const CUSTOMER_LOCKOUT_FAILURES = 'customer/password/lockout_failures';
export const CUSTOMER_LOCKOUT_MINUTES = 'customer/password/lockout_threshold';
export const FORGOT_PASSWORD_SENT = 'If there is an account associated with {email} you will receive an email with a link to reset your password.';

/** The fields of a postal address, as the address forms have them (an address book entry, a checkout address). */
export interface PostalAddress {
  firstname: string;
  lastname: string;
  company: string;
  street: string;
  city: string;
  region: string;
  postcode: string;
  countryId: string;
  telephone: string;
}

export interface AddressInput extends PostalAddress {
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

/** Magento's storefront rule: at least 8 characters from at least 3 classes (lower, upper, digits, other). */
export function customerPasswordProblem(password: string): string | null {
  if (password.trim().length < 8) return 'Minimum length of this field must be equal or greater than 8 symbols. Leading and trailing spaces will be ignored.';
  if (password.length > 256) return 'Please enter less or equal than 256 symbols.';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((r) => r.test(password)).length;
  if (classes < 3)
    return 'Minimum of different classes of characters in password is 3. Classes of characters: Lower Case, Upper Case, Digits, Special Characters.';
  return null;
}

export function validateName(input: { firstname: string; lastname: string }, errors: Record<string, string>) {
  if (!input.firstname.trim()) errors.firstname = 'This is a required field.';
  else if (input.firstname.length > 255) errors.firstname = 'Please enter less or equal than 255 symbols.';
  if (!input.lastname.trim()) errors.lastname = 'This is a required field.';
  else if (input.lastname.length > 255) errors.lastname = 'Please enter less or equal than 255 symbols.';
}

export function validateEmail(email: string, errors: Record<string, string>) {
  if (!email.trim()) errors.email = 'This is a required field.';
  else if (!isEmailAddress(email.trim()) || email.length > 254) errors.email = 'Please enter a valid email address (Ex: johndoe@domain.com).';
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
