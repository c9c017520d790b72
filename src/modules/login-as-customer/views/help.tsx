import { formatDate } from '../../../kernel/dates.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { accountPage } from '../../../ui/account-layout.tsx';
import { FormKey } from '../../../ui/components.tsx';
import { helpCodeEvents, historyText, type HelpCodeFacts } from '../history.ts';

/** Storefront views of assistance the customer starts: the "Get help" page (help codes) and the live notice. */

export const HELP_PATH = '/customer/help';
export const NOTICE_LIVE = '/customer/assistance/live';
export const NOTICE_STATUS = '/customer/assistance/status';
export const NOTICE_END = '/customer/assistance/end';

export interface HelpPageData {
  /** Help codes can be created now. */
  available: boolean;
  /** Why not (a translated message), when not. */
  unavailableMessage?: string;
  /** A code just created: shown on this page only, never in a URL. */
  issued?: { code: string; expiresAt: string };
  /** An earlier code still waiting to be read out (its digits are not kept). */
  active?: { expiresAt: string };
}

function CancelForm({ rc }: { rc: RequestContext }) {
  return (
    <form method="post" action={rc.url(`${HELP_PATH}/cancel`)} class="inline-form">
      <FormKey rc={rc} />
      <button type="submit" class="action secondary" safe>
        {rc.t('Cancel the code')}
      </button>
    </form>
  );
}

/** My Account > Get help. */
export function helpPage(rc: RequestContext, d: HelpPageData) {
  const t = rc.t;
  rc.locals.noPageCache = true;
  const time = (iso: string) => formatDate(iso, rc, 'time');
  return accountPage(
    rc,
    t('Get help'),
    HELP_PATH,
    <div class="help-code-page">
      <p safe>
        {t(
          'Talking to us on the phone? Get a one-time help code and read it to the store staff member. With it they can sign in to your account once to help you, even if remote shopping assistance is off.',
        )}
      </p>
      {d.issued ? (
        <section class="help-code-issued" aria-live="polite">
          <p safe>{t('Your help code:')}</p>
          <p class="help-code" data-role="help-code" safe>
            {d.issued.code}
          </p>
          <p safe>{t('Read it to the store staff member. It works once and is valid until {time}.', { time: time(d.issued.expiresAt) })}</p>
          <CancelForm rc={rc} />
        </section>
      ) : d.active ? (
        <section class="help-code-active">
          <p safe>
            {t('You have a help code that is valid until {time}. It is shown only once: get a new one if you no longer have it.', {
              time: time(d.active.expiresAt),
            })}
          </p>
          <CancelForm rc={rc} />
        </section>
      ) : (
        ''
      )}
      {d.available ? (
        <form method="post" action={rc.url(HELP_PATH)} class="help-code-form">
          <FormKey rc={rc} />
          <button type="submit" class="action primary" safe>
            {d.issued || d.active ? t('Get a new help code') : t('Get help')}
          </button>
        </form>
      ) : (
        <div class="message info" safe>
          {d.unavailableMessage ?? ''}
        </div>
      )}
    </div>,
  );
}

/**
 * "Store staff are helping you now" with "End it", on every page of the customer's own signed-in browser. Hidden
 * while no assisted session is live; public/app.js shows and hides it from the event stream (or by polling), and
 * without JavaScript it is rendered as it stands when the page loads.
 */
export function LiveNotice({ rc, live }: { rc: RequestContext; live: boolean }) {
  const t = rc.t;
  return (
    <section
      class="lac-notice"
      data-role="lac-notice"
      aria-label={t('Assisted session')}
      aria-live="polite"
      data-live-src={rc.url(NOTICE_LIVE)}
      data-status-src={rc.url(NOTICE_STATUS)}
      hidden={!live}
    >
      <span class="lac-notice-text" safe>
        {t('Store staff are helping you now.')}
      </span>
      <form method="post" action={rc.url(NOTICE_END)} class="inline-form">
        <input type="hidden" name="form_key" value={rc.locals.formKey ?? ''} />
        <button type="submit" class="lac-notice-end" safe>
          {t('End it')}
        </button>
      </form>
    </section>
  );
}

/** The customer's help codes in the Account access history: when each was created and what became of it. */
export function HelpCodeHistory({ rc, codes, now }: { rc: RequestContext; codes: (HelpCodeFacts & { id: number })[]; now: string }) {
  if (!codes.length) return '';
  const t = rc.t;
  const time = (iso: string) => formatDate(iso, rc, 'time');
  return (
    <section class="access-help-codes">
      <h2 safe>{t('Help codes')}</h2>
      <ol class="access-history">
        {codes.map((c) => (
          <li class="access-help-code-entry" data-help-code={String(c.id)}>
            <ul class="access-events">
              {helpCodeEvents(c, now, time).map((e) => (
                <li>
                  <time datetime={e.at} safe>
                    {formatDate(e.at, rc)}
                  </time>{' '}
                  — <span safe>{historyText(t, { kind: e.event.kind, params: e.event.params, description: null })}</span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}
