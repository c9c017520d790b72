/** Login as Customer constants and types other modules may use (re-exported by index.ts); no imports. */

/** "Allow Login as Customer": may start assisted sessions. */
export const ALLOW_RESOURCE = 'customers.login_as_customer.allow';
/** "Allow full access": may start sessions that change things; without it every session is view only. */
export const FULL_ACCESS_RESOURCE = 'customers.login_as_customer.full_access';
/** "View Login as Customer Log". */
export const VIEW_LOG_RESOURCE = 'customers.login_as_customer.view_log';
/** "Allow remote shopping assistance": may change a customer's opt-in (declared here, checked by customers). */
export const CHANGE_OPT_IN_RESOURCE = 'customers.login_as_customer.change_opt_in';
/** "Approve Login as Customer": may approve or deny requests to log in as protected customers (never one's own). */
export const APPROVE_RESOURCE = 'customers.login_as_customer.approve';
/** Customers > Login as Customer Approvals. */
export const APPROVALS_PATH = '/admin/customers/login-as-customer/approvals';
/** "Use help codes": may redeem a customer's help code (and then start one session without standing consent). */
export const HELP_CODE_RESOURCE = 'customers.login_as_customer.help_code';
/** The action-log group of every Login as Customer entry. */
export const GROUP = 'login_as_customer';
/** The cookie that binds a handoff token to the browser that asked for it. */
export const BINDING_COOKIE = 'concierge_lac_bind';
/** The version stamp dropped whenever an assisted session ends anywhere. */
export const LAC_VERSION = 'lac_sessions';

/** Why an assisted session ended (the log's words for each are END_REASON_TEXT). */
export type EndReason =
  | 'closed'
  | 'admin_logout'
  | 'admin_session_expired'
  | 'new_session'
  | 'consent_revoked'
  | 'consent_expired'
  | 'customer_inactive'
  | 'permission_removed'
  | 'admin_disabled'
  | 'feature_disabled'
  | 'lifetime'
  | 'idle_timeout'
  | 'replaced'
  | 'admin_password_changed'
  | 'admin_locked'
  | 'admin_role_changed'
  | 'admin_deleted'
  | 'admin_signed_in_again'
  | 'admin_session_ended'
  | 'customer_deleted'
  | 'customer_ended';

export const END_REASON_TEXT: Record<EndReason, string> & Record<string, string> = {
  closed: 'Closed by the admin (Close Session)',
  admin_logout: 'Admin signed out of the admin panel',
  admin_session_expired: 'Admin panel session expired',
  new_session: 'The admin started another assisted session',
  consent_revoked: 'The customer revoked remote shopping assistance',
  consent_expired: "The customer's remote shopping assistance consent expired",
  customer_inactive: 'The customer account was deactivated',
  permission_removed: '"Allow Login as Customer" was removed from the admin',
  admin_disabled: 'The admin user was deactivated or deleted',
  feature_disabled: 'Login as Customer was disabled',
  lifetime: 'The assisted session lifetime ran out',
  idle_timeout: 'The assisted session was idle too long',
  replaced: 'The browser signed in to the account again',
  admin_password_changed: "The admin's password was changed (admin panel sessions ended)",
  admin_role_changed: 'The admin was given another role (admin panel sessions ended)',
  admin_locked: "The admin's account was locked after failed confirmations (admin panel sessions ended)",
  admin_deleted: 'The admin user was deleted',
  admin_signed_in_again: 'The admin signed in to the admin panel again in that browser',
  admin_session_ended: 'The admin panel session ended',
  customer_deleted: 'The customer account was deleted',
  customer_ended: 'The customer ended it (End it)',
};

/** What the storefront knows about the assisted session of this request (rc.locals.assisted). */
export interface AssistedInfo {
  lacSessionId: number;
  adminId: number;
  adminUsername: string;
  adminName: string;
  customerName: string;
  reason: string;
  expiresAt: string;
  /** The storefront refuses every change (a view-only session). */
  viewOnly: boolean;
}

/** The steps of an assisted session written to the log (action names of the "Login As Customer" group). */
export type LacLogAction = 'Request Session' | 'Login' | 'End Session' | 'Blocked Action' | 'Storefront Action' | 'View-only Refusal' | 'Help Code';

/**
 * Login as Customer's part of the GraphQL schema (served by the api module; resolved by http/api.ts through the
 * manifest): the operation's SDL, its access (the resource is checked and a refusal logged by `start`), and the
 * sign-in rate limit it shares with the admin sign-in.
 */
export const LAC_GRAPHQL = {
  types: `  input GenerateCustomerTokenAsAdminInput { customer_email: String!, view_only: Boolean }
  type GenerateCustomerTokenAsAdminOutput { customer_token: String! }`,
  mutations: '    generateCustomerTokenAsAdmin(input: GenerateCustomerTokenAsAdminInput!): GenerateCustomerTokenAsAdminOutput',
  access: { 'Mutation.generateCustomerTokenAsAdmin': `api-admin:${ALLOW_RESOURCE}` } as Record<string, `api-admin:${string}`>,
  signInLimited: ['generateCustomerTokenAsAdmin'],
};
