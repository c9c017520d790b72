import { formatDate } from '../../../kernel/dates.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml } from '@kitajs/html';
import { csrfValid } from '../../../http/csrf.ts';
import { bodyOf, str } from '../../../http/form.ts';
import { flashNext } from '../../../http/flash.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { rendered } from '../../../ui/components.tsx';
import type { RouteRegistrar } from '../../types.ts';
import { accountPage } from '../../../ui/account-layout.tsx';
import { requireCustomer } from '../../../http/require-customer.ts';
import { BINDING_COOKIE, END_REASON_TEXT } from '../public.ts';
import { historyText } from '../history.ts';
import { MSG } from '../model.ts';
import { HelpCodeHistory } from '../views/help.tsx';

/** Paths that record themselves (redeem, close), so the generic assisted-action audit skips them. */
const SELF_AUDITED = new Set(['/loginascustomer/login/redeem', '/loginascustomer/session/close']);
/** What a view-only session may still send: this feature's own routes and signing out. */
const VIEW_ONLY_ALLOWED = new Set([...SELF_AUDITED, '/customer/account/logout']);
/** Requests refused as view only: already logged as such, not as a storefront action. */
const refusedViewOnly = new WeakSet<RequestContext>();

/**
 * The sticky banner (spec §6). The sentence is translated whole; the customer's name is escaped and then
 * wrapped in <strong> where the translation put it.
 */
/**
 * Banners as rendered, by everything they are made of (the session shown, the language and time zone, the store,
 * the browser's form key): an assisted browser gets the same banner on every page, so it is built once per session.
 * A change to any part is a new key; bounded, emptied when full.
 */
const banners = new Map<string, string>();
const BANNERS_MAX = 1000;

export function AssistedBanner({ rc }: { rc: RequestContext }): JSX.Element {
  const a = rc.locals.assisted!;
  const key = JSON.stringify([a, rc.locale, rc.timeZone, rc.store.website.name, rc.url(''), rc.locals.formKey ?? '']);
  let html = banners.get(key);
  if (html === undefined) {
    if (banners.size >= BANNERS_MAX) banners.clear();
    html = String(renderBanner(rc, a));
    banners.set(key, html);
  }
  return html;
}

function renderBanner(rc: RequestContext, a: NonNullable<RequestContext['locals']['assisted']>) {
  const t = rc.t;
  const marker = '\u0000';
  const sentence = escapeHtml(t('You are connected as {name} on {website}', { name: marker, website: rc.store.website.name })).replace(
    marker,
    `<strong>${escapeHtml(a.customerName)}</strong>`,
  );
  const details = t('Store staff: {admin}. Session ends at {time}.', { admin: a.adminName, time: formatDate(a.expiresAt, rc, 'time') });
  return (
    <section class="lac-banner" aria-label={t('Assisted session')} data-role="lac-banner">
      <span class="lac-banner-text">{rendered(sentence)}</span>
      <span class="lac-banner-details" safe>
        {details}
      </span>
      {a.viewOnly ? (
        <span class="lac-banner-access" data-role="lac-view-only" safe>
          {t('View only')}
        </span>
      ) : (
        ''
      )}
      {a.reason ? (
        <span class="lac-banner-reason" safe>
          {t('Reason: {reason}', { reason: a.reason })}
        </span>
      ) : (
        ''
      )}
      <form method="post" action={rc.url('/loginascustomer/session/close')} class="inline-form">
        <input type="hidden" name="form_key" value={rc.locals.formKey ?? ''} />
        <button type="submit" class="lac-close" safe>
          {t('Close Session')}
        </button>
      </form>
    </section>
  );
}

/** Every storefront request of an assisted browser: re-validate, then banner, acting admin and cache rules. */
export async function onAssistedRequest(rc: RequestContext) {
  if (typeof rc.locals.sessionData?.lacSessionId !== 'number') return;
  const lac = rc.app.services.loginAsCustomer;
  const info = await lac.check(rc);
  if (!info) return;
  rc.locals.assisted = info;
  rc.locals.assistedAdminId = info.adminId;
  rc.locals.banner = AssistedBanner({ rc });
  if (await lac.pageCacheDisabled(rc)) rc.locals.noPageCache = true;
}

/** A view-only session's POSTs are refused before any handler runs (manifest refuseStorefrontPost). */
export async function refuseViewOnlyPost(rc: RequestContext, path: string): Promise<string | undefined> {
  if (!rc.locals.assisted?.viewOnly || VIEW_ONLY_ALLOWED.has(path)) return undefined;
  if (!(await rc.app.services.loginAsCustomer.refuseIfViewOnly(rc, path))) return undefined;
  refusedViewOnly.add(rc);
  return rc.t('This is a view-only session: changes are not allowed.');
}

/** Audits each change sent as the customer during an assisted session (field names only, never values). */
export async function onAssistedResponse(req: FastifyRequest, reply: FastifyReply, rc: RequestContext) {
  if (!rc.locals.assisted || req.method !== 'POST') return;
  const path = req.routeOptions.url ?? req.url;
  if (SELF_AUDITED.has(path) || refusedViewOnly.has(rc)) return;
  // Refused by the form-key check before any handler ran: nothing was sent as the customer.
  if (!csrfValid(req, rc.app.env.sessionSecret)) return;
  const fields = Object.keys(bodyOf(req)).filter((k) => k !== 'form_key');
  await rc.app.services.loginAsCustomer.recordAssistedAction({ ...rc, db: rc.app.db }, req.method, path, reply.statusCode, fields);
}

export function loginAsCustomerStorefrontRoutes(r: RouteRegistrar) {
  r.storefrontPost(
    '/loginascustomer/login/redeem',
    async (req, reply, rc) => {
      reply.header('cache-control', 'no-store');
      reply.header('referrer-policy', 'no-referrer');
      const result = await rc.app.services.loginAsCustomer.redeem(rc, str(bodyOf(req).token), req.cookies[BINDING_COOKIE]);
      reply.clearCookie(BINDING_COOKIE, { path: '/' });
      if (!result.ok) {
        flashNext(reply, rc.app.env.cookieSecure, { type: 'error', text: rc.t(MSG.loginFailed) });
        return reply.redirect(rc.url('/'), 303);
      }
      flashNext(reply, rc.app.env.cookieSecure, { type: 'success', text: rc.t(MSG.loggedIn, { name: result.value.name }) });
      return reply.redirect(rc.url('/customer/account'), 303);
    },
    { rateLimited: true },
  );

  r.storefrontPost('/loginascustomer/session/close', async (_req, reply, rc) => {
    await rc.app.services.loginAsCustomer.close(rc);
    return reply.redirect(rc.url('/customer/account/logoutSuccess'), 303);
  });
}

/** My Account > Account access history: every assisted session on the account and what was done in it. */
export function accessHistoryRoutes(r: RouteRegistrar) {
  r.storefrontGet(
    '/customer/access-history',
    async (_req, reply, rc) => {
      const id = requireCustomer(rc, reply);
      if (!id) return reply;
      const t = rc.t;
      const sessions = await rc.app.services.loginAsCustomer.accessHistory(rc, id);
      const codes = await rc.app.services.loginAsCustomer.helpCodeHistory(rc, id);
      const now = rc.app.clock.now().toISOString();
      const when = (iso: string | null) => formatDate(iso, rc);
      return accountPage(
        rc,
        t('Account access history'),
        '/customer/access-history',
        <>
          {sessions.length ? (
            <ol class="access-history">
              {sessions.map((s) => (
                <li class="access-session" data-session={String(s.id)}>
                  <p class="access-who" safe>
                    {t('{admin} from our store signed in to your account on {start}.', { admin: s.admin_name, start: when(s.logged_in_at) })}
                  </p>
                  {s.help_code_id !== null ? (
                    <p class="access-help-code" safe>
                      {t('Started with a help code you gave.')}
                    </p>
                  ) : (
                    ''
                  )}
                  {s.view_only === 1 ? (
                    <p class="access-view-only" safe>
                      {t('View only: no changes could be made in this session.')}
                    </p>
                  ) : (
                    ''
                  )}
                  {s.reason ? (
                    <p class="access-reason" safe>
                      {t('Reason: {reason}', { reason: s.reason })}
                    </p>
                  ) : (
                    ''
                  )}
                  <p class="access-end" safe>
                    {s.status === 'ended'
                      ? t('Ended {end}: {why}.', { end: when(s.ended_at), why: t(END_REASON_TEXT[s.end_reason ?? ''] ?? s.end_reason ?? '') })
                      : s.expires_at && s.expires_at <= now
                        ? t('Ended {end}: {why}.', { end: when(s.expires_at), why: t(END_REASON_TEXT.lifetime!) })
                        : t('This session is still open.')}
                  </p>
                  {s.events.length ? (
                    <ul class="access-events">
                      {s.events.map((e) => (
                        <li>
                          <time datetime={e.created_at} safe>
                            {e.created_at.slice(11, 16)}
                          </time>{' '}
                          — <span safe>{historyText(t, e)}</span>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p class="access-events-none" safe>
                      {t('No changes were made.')}
                    </p>
                  )}
                </li>
              ))}
            </ol>
          ) : (
            <div class="message info empty" safe>
              {t('No one from the store has signed in to your account.')}
            </div>
          )}
          {HelpCodeHistory({ rc, codes, now })}
        </>,
      );
    },
    { access: 'customer' },
  );
}
