/** The stores module's public surface: what other modules may use. */
import type { Services } from '../../kernel/services.ts';

/** Customers > Customer Configuration > Account Sharing Options > Share Customer Accounts. */
export const ACCOUNT_SHARE_SCOPE = 'customer/account_share/scope';
/** Its value for "Global" (accounts shared by every website); "1" is "Per Website". */
export const SHARE_GLOBAL = '0';
/** General > Locale Options > Locale: the language of a store view's pages and of the emails its customers get. */
export const LOCALE_CODE = 'general/locale/code';
/** General > Locale Options > Timezone: the IANA zone times are shown in. */
export const TIMEZONE = 'general/locale/timezone';
/** Store Email Addresses > General Contact: who the store's emails come from (per store view). */
export const SENDER_NAME = 'trans_email/ident_general/name';
export const SENDER_EMAIL = 'trans_email/ident_general/email';

export type { ResolvedStoreView, StoreViewInfo, WebsiteInfo } from '../../kernel/store-view.ts';

/** Every website, store and store view (what `rc.app.services.stores.tree()` gives). */
export type StoreTree = Awaited<ReturnType<Services['stores']['tree']>>;
