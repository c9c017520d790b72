/**
 * The customers module's public surface: what other modules may use. The service itself is reached through
 * `rc.app.services.customers` (its type is declared on the Services interface by service.ts).
 */
export {
  asDuration,
  BLOCKED_MESSAGE,
  CHANGE_OPT_IN_RESOURCE,
  consentActive,
  COUNTRIES,
  customerPasswordProblem,
  CUSTOMER_LOCKOUT_FAILURES,
  CUSTOMER_LOCKOUT_MINUTES,
  FORGOT_PASSWORD_SENT,
  NO_OPT_IN_PERMISSION,
  PASSWORD_RESET_MINUTES,
  SIGN_IN_FAILED,
  STOREFRONT_COOKIE,
  STOREFRONT_SESSION_SECONDS,
  validateAddress,
} from './public.ts';
export type {
  AccountActionGuard,
  AccountActivity,
  AccountActivityListener,
  AccountClosedReason,
  AccountInput,
  Address,
  AddressFieldsShape,
  AddressInput,
  PostalAddress,
  ConsentDuration,
  Customer,
  CustomerGroup,
  GuardedAccountAction,
  ConsentEntry,
  WishlistItem,
  StorefrontSessionData,
} from './public.ts';
