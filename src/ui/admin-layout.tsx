import { can, type RequestContext } from '../kernel/request-context.ts';
import { NOTIFICATIONS_PATH, NOTIFICATIONS_RESOURCE } from '../modules/admin-notifications/index.ts';
import type { MenuItem } from '../modules/types.ts';
import { Flash, FormKey } from './components.tsx';

export interface MenuNode {
  item: MenuItem;
  children: MenuNode[];
}

/** The left menu for this admin: entries without permission (or switched off) are left out, empty headings too. */
export async function visibleMenu(rc: RequestContext): Promise<MenuNode[]> {
  const items = rc.app.registry.menu;
  const shown = new Set<string>();
  for (const item of items) {
    if (!can(rc, item.resource)) continue;
    if (item.visible && !(await item.visible(rc))) continue;
    shown.add(item.id);
  }
  const build = (parent: string | undefined): MenuNode[] =>
    items
      .filter((i) => i.parent === parent && shown.has(i.id))
      .map((item) => ({ item, children: build(item.id) }))
      .filter((n) => n.item.path || n.children.length);
  return build(undefined);
}

export interface AdminPageProps {
  title: string;
  /** Buttons shown in the page header (Save, Back, Login as Customer …). */
  actions?: JSX.Element;
  content: JSX.Element;
  /** Id of the active top-level menu group, to highlight it. */
  active?: string;
}

export async function adminPage(rc: RequestContext, p: AdminPageProps): Promise<string> {
  const menu = await visibleMenu(rc);
  // One indexed count per admin page, only for admins who may open the inbox.
  const unread = can(rc, NOTIFICATIONS_RESOURCE) ? await rc.app.services.adminNotifications.unreadCount(rc) : undefined;
  return AdminShell({ rc, menu, unread, ...p });
}

// Long by design: the admin page frame's markup top to bottom (skip link, menu, header, main with title, actions and messages, footer).
function AdminShell(p: AdminPageProps & { rc: RequestContext; menu: MenuNode[]; unread?: number }) {
  const { rc, actions, content } = p;
  const t = rc.t;
  const actor = rc.actor.type === 'admin' ? rc.actor : undefined;
  return (
    <>
      {'<!doctype html>'}
      <html lang={rc.locale.replace('_', '-')}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{`${p.title} / ${t('Concierge Admin')}`}</title>
          <link rel="stylesheet" href="/static/admin.css" />
          <script src="/static/app.js" defer></script>
        </head>
        <body class="admin">
          <a class="skip-link" href="#main-content" safe>
            {t('Skip to main content')}
          </a>
          <nav class="admin-menu" aria-label={t('Admin menu')}>
            <a class="admin-logo" href="/admin/dashboard" safe>
              {t('Concierge')}
            </a>
            <ul class="menu-top">
              {p.menu.map((top) => (
                <li class={`menu-group${p.active === top.item.id ? ' active' : ''}`} data-menu={top.item.id}>
                  {top.item.path ? (
                    <a href={top.item.path} safe>
                      {t(top.item.label)}
                    </a>
                  ) : (
                    <details open={p.active === top.item.id}>
                      <summary safe>{t(top.item.label)}</summary>
                      <ul>
                        {top.children.map((child) =>
                          child.item.path ? (
                            <li>
                              <a href={child.item.path} safe>
                                {t(child.item.label)}
                              </a>
                            </li>
                          ) : (
                            <li class="menu-heading">
                              <span safe>{t(child.item.label)}</span>
                              <ul>
                                {child.children.map((leaf) => (
                                  <li>
                                    <a href={leaf.item.path ?? '#'} safe>
                                      {t(leaf.item.label)}
                                    </a>
                                  </li>
                                ))}
                              </ul>
                            </li>
                          ),
                        )}
                      </ul>
                    </details>
                  )}
                </li>
              ))}
            </ul>
          </nav>
          <div class="admin-main">
            <header class="admin-header">
              <span class="admin-header-title" safe>
                {t('Concierge Admin')}
              </span>
              {actor ? (
                <div class="admin-user">
                  {NotificationsBadge({ rc, unread: p.unread })}
                  <span class="admin-user-name" safe>
                    {actor.username}
                  </span>
                  {can(rc, 'account') ? (
                    <a class="action-link" href="/admin/system/account" safe>
                      {t('Account Setting')}
                    </a>
                  ) : (
                    ''
                  )}
                  <form method="post" action="/admin/logout" class="inline-form">
                    <FormKey rc={rc} />
                    <button type="submit" class="action-link" data-role="sign-out" safe>
                      {t('Sign Out')}
                    </button>
                  </form>
                </div>
              ) : (
                ''
              )}
            </header>
            <main id="main-content" class="admin-page" tabindex="-1">
              <div class="page-heading">
                <h1 class="page-title" safe>
                  {p.title}
                </h1>
                {actions ? <div class="page-actions">{actions}</div> : ''}
              </div>
              <Flash messages={rc.flash} />
              <div class="admin-content">{content}</div>
            </main>
            <footer class="admin-footer">
              <span safe>{t('Concierge')}</span>
            </footer>
          </div>
        </body>
      </html>
    </>
  );
}

/** Minimal page for the sign-in screen and errors seen without a session. */
export function bareAdminPage(rc: RequestContext, title: string, content: JSX.Element) {
  return (
    <>
      {'<!doctype html>'}
      <html lang={rc.locale.replace('_', '-')}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{`${title} / ${rc.t('Concierge Admin')}`}</title>
          <link rel="stylesheet" href="/static/admin.css" />
          <script src="/static/app.js" defer></script>
        </head>
        <body class="admin admin-bare">
          <a class="skip-link" href="#main-content" safe>
            {rc.t('Skip to main content')}
          </a>
          <main id="main-content" class="admin-login" tabindex="-1">
            <Flash messages={rc.flash} />
            {content}
          </main>
        </body>
      </html>
    </>
  );
}

/**
 * A confirmation page for destructive actions: the question, Cancel and OK (a POST with the form key). It is
 * what a browser without JavaScript sees instead of a confirm() dialog.
 */
export function confirmationPage(
  rc: RequestContext,
  p: { title: string; question: string; action: string; cancel: string; active?: string; hidden?: Record<string, string[]> },
) {
  const t = rc.t;
  return adminPage(rc, {
    title: p.title,
    active: p.active,
    content: (
      <form method="post" action={p.action} class="confirm-delete">
        <input type="hidden" name="form_key" value={rc.csrfToken} />
        {Object.entries(p.hidden ?? {}).flatMap(([k, vs]) => vs.map((v) => <input type="hidden" name={k} value={v} />))}
        <p safe>{p.question}</p>
        <a class="action-secondary" href={p.cancel} safe>
          {t('Cancel')}
        </a>{' '}
        <button type="submit" class="action-primary" safe>
          {t('OK')}
        </button>
      </form>
    ),
  });
}

/** The header's link to System > Notifications with the count of unread ones (none shown at 0). */
function NotificationsBadge({ rc, unread }: { rc: RequestContext; unread: number | undefined }) {
  if (unread === undefined) return '';
  const label = rc.t('{count, plural, =0 {No unread notifications} one {# unread notification} other {# unread notifications}}', { count: unread });
  return (
    // The visible words first, then the count in words for screen readers (the badge shows it as a number).
    <a class="admin-notifications-link" href={NOTIFICATIONS_PATH} title={label} data-role="notifications">
      <span safe>{rc.t('Notifications')}</span>
      {unread > 0 ? (
        <span class="notifications-counter" aria-hidden="true" safe>
          {unread > 99 ? '99+' : String(unread)}
        </span>
      ) : (
        ''
      )}
      <span class="visually-hidden" safe>{` (${label})`}</span>
    </a>
  );
}
