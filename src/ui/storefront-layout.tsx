import type { RequestContext } from '../kernel/request-context.ts';
import { Flash, FORM_KEY_MARKER } from './components.tsx';

export { FORM_KEY_MARKER };

export interface StorefrontPageProps {
  title: string;
  content: JSX.Element;
  /** Extra class on <body> (page type, e.g. "catalog-product-view"). */
  bodyClass?: string;
  /** Store navigation (categories), filled by the catalog. */
  nav?: JSX.Element;
}

/** Store views the visitor can switch to (same website first). */
async function switcherOptions(rc: RequestContext) {
  const tree = await rc.app.services.stores.tree();
  return tree.views
    .filter((v) => v.is_active === 1 && v.website_id === rc.store.website.id)
    .map((v) => ({ id: v.id, name: v.name, href: `${v.url_path ? `/${v.url_path}` : ''}/`, current: v.id === rc.store.view.id }));
}

/**
 * Places in the shared page where per-visitor parts go. The page (possibly from the page cache) is rendered with
 * these markers and the form-key marker; `personalize` fills them in for every response, so a cached page
 * never holds anything that belongs to one visitor. Like the form-key marker, each holds raw double quotes, which
 * escaping always changes: no text from the catalog, a search or a visitor can address a slot.
 */
export const SLOTS = {
  banner: '<!--"cc:banner"-->',
  accountLinks: '<!--"cc:account-links"-->',
  cartCount: '<!--"cc:cart-count"-->',
  messages: '<!--"cc:messages"-->',
} as const;
const SLOT_PATTERN = /<!--"cc:[a-z-]+"-->/g;

/** Account links in the header: the greeting and My Account / Sign Out, or Sign In / Create an Account. */
function AccountLinks({ rc }: { rc: RequestContext }) {
  const t = rc.t;
  const customer = rc.locals.customer;
  if (customer)
    return (
      <>
        <li class="greet welcome" safe>
          {t('Welcome, {name}!', { name: `${customer.firstName} ${customer.lastName}` })}
        </li>
        <li>
          <a href={rc.url('/customer/account')} safe>
            {t('My Account')}
          </a>
        </li>
        <li>
          <form method="post" action={rc.url('/customer/account/logout')} class="inline-form">
            <input type="hidden" name="form_key" value={rc.locals.formKey ?? ''} />
            <button type="submit" class="action-link" safe>
              {t('Sign Out')}
            </button>
          </form>
        </li>
      </>
    );
  return (
    <>
      <li>
        <a href={rc.url('/customer/account/login')} safe>
          {t('Sign In')}
        </a>
      </li>
      <li>
        <a href={rc.url('/customer/account/create')} safe>
          {t('Create an Account')}
        </a>
      </li>
    </>
  );
}

/** Fills the per-visitor slots and form keys of a rendered storefront page for this request. */
export function personalize(html: string, rc: RequestContext): string {
  const banner = rc.locals.banner;
  const parts: Record<string, string> = {
    [SLOTS.banner]: banner ? String(banner) : '',
    [SLOTS.accountLinks]: String(AccountLinks({ rc })),
    [SLOTS.cartCount]: String(rc.locals.cartCount ?? 0),
    [SLOTS.messages]: String(Flash({ messages: rc.flash })),
    [FORM_KEY_MARKER]: rc.locals.formKey ?? '',
  };
  // One pass over the page as rendered: what a slot is filled with is never searched for markers again.
  return html.replace(SLOT_PATTERN, (slot) => parts[slot] ?? '');
}

/**
 * The page as a visitor without a session sees it (no banner, guest links, empty cart, no messages), form key
 * left as the marker: what the HTTP server's fast path serves from the page cache.
 */
export function personalizeForGuest(html: string, rc: RequestContext): string {
  const guest = { ...rc, locals: {} } as RequestContext;
  const parts: Record<string, string> = {
    [SLOTS.banner]: '',
    [SLOTS.accountLinks]: String(AccountLinks({ rc: guest })),
    [SLOTS.cartCount]: '0',
    [SLOTS.messages]: '',
    [FORM_KEY_MARKER]: FORM_KEY_MARKER,
  };
  return html.replace(SLOT_PATTERN, (slot) => parts[slot] ?? '');
}

/** The storefront frame: header with account links and mini-cart, flash messages, content, footer. */
export async function storefrontPage(rc: RequestContext, p: StorefrontPageProps): Promise<string> {
  const views = await switcherOptions(rc);
  const { content, nav } = p;
  const t = rc.t;
  return (
    <>
      {'<!doctype html>'}
      <html lang={rc.locale.replace('_', '-')}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{`${p.title} | ${rc.store.website.name}`}</title>
          <link rel="stylesheet" href="/static/store.css" />
          <script src="/static/app.js" defer></script>
        </head>
        <body class={`storefront ${p.bodyClass ?? ''}`}>
          <a class="skip-link" href="#maincontent" safe>
            {t('Skip to main content')}
          </a>
          {SLOTS.banner}
          <div class="page-wrapper">
            <header class="site-header">
              <a class="logo" href={rc.url('/')} safe>
                {rc.store.website.name}
              </a>
              {/* biome-ignore lint/a11y/useSemanticElements: role=search on the form is the search landmark every browser and reader knows; <search> is newer */}
              <form class="search" method="get" action={rc.url('/catalogsearch/result')} role="search">
                <label for="search" class="visually-hidden" safe>
                  {t('Search')}
                </label>
                <input id="search" type="search" name="q" placeholder={t('Search entire store here...')} />
                <button type="submit" safe>
                  {t('Search')}
                </button>
              </form>
              <ul class="header-links">
                {SLOTS.accountLinks}
                <li>
                  <a class="minicart" href={rc.url('/checkout/cart')}>
                    <span safe>{t('My Cart')}</span>{' '}
                    <span class="counter-number" data-role="cart-count">
                      {SLOTS.cartCount}
                    </span>
                  </a>
                </li>
              </ul>
              {views.length > 1 ? (
                <nav class="store-switcher" aria-label={t('Store')}>
                  {views.map((v) =>
                    v.current ? (
                      <strong safe>{v.name}</strong>
                    ) : (
                      <a href={v.href} safe>
                        {v.name}
                      </a>
                    ),
                  )}
                </nav>
              ) : (
                ''
              )}
            </header>
            {nav ? nav : ''}
            <main id="maincontent" class="page-main" tabindex="-1">
              {SLOTS.messages}
              <h1 class="page-title" safe>
                {p.title}
              </h1>
              {content}
            </main>
            <footer class="site-footer">
              <small safe>{t('© {year} {store}. All rights reserved.', { year: new Date().getFullYear(), store: rc.store.website.name })}</small>
            </footer>
          </div>
        </body>
      </html>
    </>
  );
}
