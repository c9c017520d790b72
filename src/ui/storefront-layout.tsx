import type { RequestContext } from '../http/request-context.ts';
import { Flash, FormKey } from './components.tsx';

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

/** The storefront frame: header with account links and mini-cart, flash messages, content, footer. */
export async function storefrontPage(rc: RequestContext, p: StorefrontPageProps): Promise<string> {
  const views = await switcherOptions(rc);
  const { content, nav } = p;
  const banner = rc.locals.banner;
  const t = rc.t;
  const customer = rc.locals.customer;
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
          {banner ? banner : ''}
          <div class="page-wrapper">
            <header class="site-header">
              <a class="logo" href={rc.url('/')} safe>
                {rc.store.website.name}
              </a>
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
                {customer ? (
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
                        <FormKey rc={rc} />
                        <button type="submit" class="action-link" safe>
                          {t('Sign Out')}
                        </button>
                      </form>
                    </li>
                  </>
                ) : (
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
                )}
                <li>
                  <a class="minicart" href={rc.url('/checkout/cart')}>
                    <span safe>{t('My Cart')}</span> <span class="counter-number" data-role="cart-count" safe>{String(rc.locals.cartCount ?? 0)}</span>
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
            <Flash messages={rc.flash} />
            <main id="maincontent" class="page-main">
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
