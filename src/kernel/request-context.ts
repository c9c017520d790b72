import { DEFAULT_TIME_ZONE } from './dates.ts';
import type { AppContext } from './app-context.ts';
import { noBrowser, type Browser } from './browser.ts';
import { transaction, type Db } from '../db/database.ts';
import type { Translate } from './i18n.ts';
import { translator } from './i18n.ts';
import type { ResolvedStoreView } from './store-view.ts';
import type { DisplayCurrency } from './money.ts';

export type Actor =
  | { type: 'admin'; id: number; username: string; firstName: string; lastName: string; roleId: number | null }
  | { type: 'customer'; id: number; email: string; firstName: string; lastName: string; groupId: number }
  | { type: 'system'; name: string }
  | { type: 'guest' };

export interface FlashMessage {
  type: 'success' | 'error' | 'notice';
  text: string;
}

/**
 * Everything a service needs to know about the current request: who acts, where (store view), in which
 * language, from which address, inside which transaction. Built at the HTTP edge, by the CLI, or by tests.
 */
export interface RequestContext {
  app: AppContext;
  db: Db;
  actor: Actor;
  ip: string;
  locale: string;
  /** What storefront prices are shown in (set per store view); absent = the base currency, unconverted. */
  currency?: DisplayCurrency;
  /** IANA zone times are shown in (the store view's on the storefront, the default scope's in the admin). */
  timeZone: string;
  t: Translate;
  store: ResolvedStoreView;
  /** Magento-style full action name of the entry point (adminhtml_user_save, cli_admin_user_create …). */
  fullActionName: string;
  surface: 'admin' | 'storefront' | 'api' | 'cli' | 'system';
  /** Form key for forms rendered in this response. */
  csrfToken: string;
  /** Messages to show on the page being rendered. */
  flash: FlashMessage[];
  /** Permissions of the admin actor (empty otherwise); `all` when the role has Resource Access: All. */
  permissions: { all: boolean; resources: Set<string> };
  /** The visitor's browser (cookies, form key), as far as services may touch it. */
  browser: Browser;
  /** Builds a storefront URL inside the current store view. */
  url(path: string): string;
  /** Filled on admin requests. */
  adminSessionHash?: string;
  /** Admin pages: the columns this admin user hides, per grid id (the column chooser). */
  hiddenGridColumns?: Record<string, string[]>;
  /** Per-request values that storefront modules share with the layout (signed-in customer, cart count …). */
  locals: StorefrontLocals;
}

/** What the storefront layout shows about the visitor; filled by modules' onStorefrontRequest hooks. */
export interface StorefrontLocals {
  customer?: { id: number; firstName: string; lastName: string; email: string; groupId: number };
  cartCount?: number;
  /** Extra markup placed at the very top of the page (e.g. the assisted-session banner). */
  banner?: JSX.Element;
  /** Store navigation (category menu) for the layout. */
  nav?: JSX.Element;
  /** SHA-256 of the storefront session cookie and that session's data, when a session exists. */
  sessionHash?: string;
  sessionData?: Record<string, unknown>;
  /** Set during an assisted (Login as Customer) session: the acting admin, stamped on what the visit changes. */
  assistedAdminId?: number;
  /** Admin order creation: the quote (cart) this context works on instead of the visitor's own cart. */
  quoteCartId?: number;
  /** The assisted session of this request, for the banner and the audit trail. */
  assisted?: {
    lacSessionId: number;
    adminId: number;
    adminUsername: string;
    adminName: string;
    customerName: string;
    reason: string;
    expiresAt: string;
    viewOnly?: boolean;
  };
  /** The real form key of this browser; pages are rendered with a marker that is replaced at send time. */
  formKey?: string;
  /** Neither read nor write the page cache for this request (e.g. an assisted session with the cache disabled). */
  noPageCache?: boolean;
  /** The page rendered something specific to this visitor, so it must not be stored in the shared cache. */
  uncacheable?: boolean;
}

export function can(rc: Pick<RequestContext, 'permissions'>, resource: string) {
  return rc.permissions.all || rc.permissions.resources.has(resource);
}

/** A context for work with no HTTP request: CLI commands, seeds, tests. */
export async function systemContext(app: AppContext, overrides: Partial<RequestContext> = {}): Promise<RequestContext> {
  const store = overrides.store ?? (await app.services.stores.defaultStoreView());
  return {
    app,
    db: app.db,
    actor: { type: 'system', name: 'cli' },
    ip: '',
    locale: 'en_US',
    timeZone: DEFAULT_TIME_ZONE,
    t: translator('en_US'),
    store,
    fullActionName: 'cli',
    surface: 'cli',
    csrfToken: '',
    flash: [],
    permissions: { all: true, resources: new Set() },
    browser: noBrowser,
    url: (path) => `${store.prefix}${path}`,
    locals: {},
    ...overrides,
  };
}

/**
 * Runs `work` in a transaction with a context whose db is that transaction. While it runs, a query through the
 * outer handle from anywhere in `work`'s call chain fails at once (OuterHandleInTransactionError) instead of
 * waiting for the connection this transaction holds.
 */
export async function inTransaction<T>(rc: RequestContext, work: (trx: RequestContext) => Promise<T>): Promise<T> {
  if (rc.db.isTransaction) return work(rc);
  return transaction(rc.app.db, (trx) => work({ ...rc, db: trx }));
}
