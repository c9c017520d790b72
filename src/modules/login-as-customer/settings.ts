import type { GuardedAccountAction } from '../customers/index.ts';

/** Login as Customer settings paths and options (spec §1), shared by the manifest and the service. */
export const LAC_ENABLED = 'login_as_customer/general/enabled';
export const LAC_DISABLE_PAGE_CACHE = 'login_as_customer/general/disable_page_cache';
export const LAC_STORE_VIEW_MANUAL = 'login_as_customer/general/store_view_manual_choice_enabled';
export const LAC_DEFAULT_ACCESS = 'login_as_customer/general/default_access';
export const LAC_CHECKBOX_TITLE = 'login_as_customer/general/shopping_assistance_checkbox_title';
export const LAC_CHECKBOX_TOOLTIP = 'login_as_customer/general/shopping_assistance_checkbox_tooltip';
export const LAC_SESSION_LIFETIME = 'login_as_customer/security/session_lifetime';
export const LAC_IDLE_TIMEOUT = 'login_as_customer/security/idle_timeout';
export const LAC_TOKEN_LIFETIME = 'login_as_customer/security/token_lifetime';
export const LAC_REQUIRE_REASON = 'login_as_customer/security/require_reason';
export const LAC_NOTIFY_CUSTOMER = 'login_as_customer/security/notify_customer';
export const LAC_BLOCKED_ACTIONS = 'login_as_customer/security/blocked_actions';
export const LAC_HELP_ENABLED = 'login_as_customer/help_code/enabled';
export const LAC_HELP_LIFETIME = 'login_as_customer/help_code/lifetime';
export const LAC_HELP_MAX_FAILURES = 'login_as_customer/help_code/max_failures';

/** Help codes: how many digits, and how long wrong codes are counted before the count starts again (minutes). */
export const HELP_CODE_DIGITS = 6;
export const HELP_LOCK_MINUTES = 15;

/** "Default session access": what the dialog preselects. */
export const ACCESS_FULL = 'full';
export const ACCESS_VIEW_ONLY = 'view_only';

/** Hard cap on an assisted session, whatever the setting says (minutes). */
export const LAC_MAX_SESSION_MINUTES = 480;

export const yesNo = [
  { value: '1', label: 'Yes' },
  { value: '0', label: 'No' },
];

export const whole = (min: number, max: number) => (v: string) => {
  const n = Number(v);
  return Number.isInteger(n) && n >= min && n <= max ? null : `Enter a whole number from ${min} to ${max}.`;
};

/** The account actions "Blocked actions" may hold back: the ones customers let guards refuse. */
export type BlockableAction = GuardedAccountAction;

export const BLOCKABLE_ACTIONS: { value: BlockableAction; label: string }[] = [
  { value: 'change_password', label: 'Change password' },
  { value: 'change_email', label: 'Change email' },
  { value: 'change_consent', label: 'Change consent' },
  { value: 'delete_address', label: 'Delete addresses' },
  { value: 'delete_account', label: 'Delete account' },
];
