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
/** How long a request for a protected customer waits for approval, and an approval stays usable (minutes). */
export const LAC_APPROVAL_VALIDITY = 'login_as_customer/security/approval_validity';
/** Per-agent limits (empty: unlimited) and alerts. */
export const LAC_MAX_PER_HOUR = 'login_as_customer/limits/max_sessions_per_hour';
export const LAC_MAX_CUSTOMERS_PER_DAY = 'login_as_customer/limits/max_customers_per_day';
export const LAC_HOURS_FROM = 'login_as_customer/limits/working_hours_from';
export const LAC_HOURS_TO = 'login_as_customer/limits/working_hours_to';
export const LAC_WORKING_DAYS = 'login_as_customer/limits/working_days';
export const LAC_ALERT_PER_HOUR = 'login_as_customer/limits/alert_sessions_per_hour';
export const LAC_ALERT_EMAIL = 'login_as_customer/limits/alert_email';

/** Days of the week for "Working days", Monday first (values as Date.getUTCDay: 0 is Sunday). */
export const WEEK_DAYS = [
  { value: '1', label: 'Monday' },
  { value: '2', label: 'Tuesday' },
  { value: '3', label: 'Wednesday' },
  { value: '4', label: 'Thursday' },
  { value: '5', label: 'Friday' },
  { value: '6', label: 'Saturday' },
  { value: '0', label: 'Sunday' },
];

/** Empty (no limit) or a whole number in range. */
export const optionalWhole = (min: number, max: number) => (v: string) => (v.trim() === '' ? null : whole(min, max)(v.trim()));

/** Empty or a time of day as HH:MM (24-hour). */
export const timeOfDay = (v: string) => (v.trim() === '' || /^([01]\d|2[0-3]):[0-5]\d$/.test(v.trim()) ? null : 'Enter a time as HH:MM, e.g. 08:30.');
/** "Require re-authentication after (minutes)": 0 asks every time (see step-up.ts). */
export const LAC_REAUTH_MINUTES = 'login_as_customer/security/reauth_minutes';
export const LAC_MAX_REAUTH_MINUTES = 1440;
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
