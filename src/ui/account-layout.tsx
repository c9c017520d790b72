import type { RequestContext } from '../kernel/request-context.ts';
import { storefrontPage } from './storefront-layout.tsx';

/** The My Account sidebar: every module's account links (their `accountNav`), the current one marked. */
export function AccountNav({ rc, current }: { rc: RequestContext; current: string }) {
  const links = rc.app.registry.modules.flatMap((m) => m.accountNav ?? []).sort((a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0));
  return (
    <nav class="account-nav" aria-label={rc.t('My Account')}>
      <ul>
        {links.map((l) =>
          l.path === current ? (
            <li class="current">
              <strong safe>{rc.t(l.label)}</strong>
            </li>
          ) : (
            <li>
              <a href={rc.url(l.path)} safe>
                {rc.t(l.label)}
              </a>
            </li>
          ),
        )}
      </ul>
    </nav>
  );
}

/** A page inside My Account: sidebar plus content; never cached (it is personal). */
export function accountPage(rc: RequestContext, title: string, current: string, content: JSX.Element) {
  rc.locals.uncacheable = true;
  return storefrontPage(rc, {
    title,
    bodyClass: 'account',
    breadcrumbs:
      current === '/customer/account' ? [{ label: rc.t('My Account') }] : [{ label: rc.t('My Account'), href: rc.url('/customer/account') }, { label: title }],
    content: (
      <div class="account-columns">
        <AccountNav rc={rc} current={current} />
        <div class="account-main">{content}</div>
      </div>
    ),
  });
}
