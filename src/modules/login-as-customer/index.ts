/** The Login as Customer module's public surface: what other modules may use. */
export {
  ALLOW_RESOURCE,
  BINDING_COOKIE,
  CHANGE_OPT_IN_RESOURCE,
  END_REASON_TEXT,
  FULL_ACCESS_RESOURCE,
  GROUP,
  LAC_GRAPHQL,
  LAC_VERSION,
  VIEW_LOG_RESOURCE,
} from './public.ts';
export type { AssistedInfo, EndReason, LacLogAction } from './public.ts';
export {
  BLOCKABLE_ACTIONS,
  LAC_BLOCKED_ACTIONS,
  LAC_CHECKBOX_TITLE,
  LAC_CHECKBOX_TOOLTIP,
  LAC_DISABLE_PAGE_CACHE,
  LAC_ENABLED,
  LAC_IDLE_TIMEOUT,
  LAC_MAX_SESSION_MINUTES,
  LAC_NOTIFY_CUSTOMER,
  LAC_REQUIRE_REASON,
  LAC_SESSION_LIFETIME,
  LAC_STORE_VIEW_MANUAL,
  LAC_TOKEN_LIFETIME,
} from './settings.ts';
export type { BlockableAction } from './settings.ts';
