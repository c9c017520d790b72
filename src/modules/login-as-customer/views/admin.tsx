import { formatDate } from '../../../kernel/dates.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import type { Services } from '../../../kernel/services.ts';
import { adminPage, bareAdminPage } from '../../../ui/admin-layout.tsx';
import { FormKey } from '../../../ui/components.tsx';
import { Grid, keysetPager, withQuery } from '../../../ui/grid.tsx';
import type { Eligibility } from '../model.ts';
import { STEP_UP_MSG, type StepUpCode } from '../step-up.ts';

/** Admin views of Login as Customer: the button and its dialog, the confirmation, handoff and refusal pages, the log. */

type StoreTree = Awaited<ReturnType<Services['stores']['tree']>>;
type LogGridData = Awaited<ReturnType<Services['loginAsCustomer']['logPage']>>;

const BASE = '/admin/loginascustomer';
const LOG = '/admin/customers/login-as-customer/log';

const NOT_ENABLED_TITLE = 'Login as Customer not enabled';
const NOT_ENABLED_TEXT =
  'The user has not enabled the "Allow remote shopping assistance" functionality. Contact the customer to discuss this user configuration.';
const CONFIRM_TITLE = 'You are about to Login as Customer';
const SELECT_TITLE = 'Login as Customer: Select Store';
const WARNING = 'Actions taken while in "Login as Customer" will affect actual customer data.';

/** Whether starting asks for the password again (see step-up.ts), and whether "Use passkey" is offered. */
export interface StepUpView {
  required: boolean;
  passkey: boolean;
}

/** What the step-up page keeps from the form that asked for it. */
export interface StartPrefill {
  storeViewId?: number;
  reason?: string;
  viewOnly?: boolean;
}

interface StartFormProps {
  rc: RequestContext;
  e: Eligibility;
  tree: StoreTree;
  cancelHref: string;
  inDialog: boolean;
  stepUp?: StepUpView;
  prefill?: StartPrefill;
  /** The step-up page is already the tab the storefront opens in: its form stays there. */
  sameTab?: boolean;
}

/** The password field (and "Use passkey") of a start form that must confirm the admin again. */
function StepUpFields({ rc, stepUp, idSuffix }: { rc: RequestContext; stepUp: StepUpView; idSuffix: string }) {
  const t = rc.t;
  return (
    <fieldset class="field lac-step-up required">
      <legend safe>{t('Confirm your identity')}</legend>
      <p class="lac-step-up-note" safe>
        {t('Your last sign-in was a while ago. Enter your password to continue.')}
      </p>
      <label for={`lac-password-${idSuffix}`} safe>
        {t('Your Password')}
      </label>
      <input id={`lac-password-${idSuffix}`} name="password" type="password" autocomplete="current-password" required />
      {stepUp.passkey ? (
        <>
          <input type="hidden" name="passkey_response" value="" />{' '}
          <button type="button" class="action-secondary" data-passkey-step-up={`${BASE}/step-up/passkey`} safe>
            {t('Use passkey')}
          </button>
          <p class="lac-passkey-error" role="alert" hidden safe>
            {t('The passkey could not be used. Enter your password instead.')}
          </p>
        </>
      ) : (
        ''
      )}
    </fieldset>
  );
}

/** The form inside the dialog and on the no-JavaScript page: store view (manual), reason, step-up, Cancel / Login as Customer. */
function StartForm({ rc, e, tree, cancelHref, inDialog, stepUp, prefill, sameTab }: StartFormProps) {
  const t = rc.t;
  const customer = e.customer!;
  const { manual, reasonRequired: needReason } = e;
  const allowed = new Set(e.views.map((v) => v.id));
  const preselected = prefill?.storeViewId ?? e.autoViewId;
  const confirming = !!stepUp?.required;
  return (
    // biome-ignore lint/security/noBlankTarget: the storefront opens in a tab of its own on purpose; the handoff page it loads sends no Referer and needs no opener
    <form method="post" action={`${BASE}/${confirming ? 'step-up' : 'login'}`} target={sameTab ? '_self' : '_blank'} class="lac-start-form" data-lac-start>
      <FormKey rc={rc} />
      <input type="hidden" name="customer_id" value={String(customer.id)} />
      <p class="lac-warning" safe>
        {t(WARNING)}
      </p>
      {manual ? (
        <div class="field required">
          <label for={`lac-store-${customer.id}${inDialog ? '-d' : ''}`} safe>
            {t('Store View')}
          </label>
          <select id={`lac-store-${customer.id}${inDialog ? '-d' : ''}`} name="store_id" required>
            <option value="" safe>
              {t('-- Please Select a Store View --')}
            </option>
            {tree.websites.map((w) => (
              <optgroup label={w.name}>
                {tree.views
                  .filter((v) => v.website_id === w.id && v.is_active === 1)
                  .map((v) => (
                    <option value={String(v.id)} disabled={!allowed.has(v.id)} selected={v.id === preselected} safe>
                      {v.name}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </div>
      ) : (
        ''
      )}
      <div class={`field${needReason ? ' required' : ''}`}>
        <label for={`lac-reason-${customer.id}${inDialog ? '-d' : ''}`} safe>
          {t('Reason')}
        </label>
        <input id={`lac-reason-${customer.id}${inDialog ? '-d' : ''}`} name="reason" maxlength="500" required={needReason} value={prefill?.reason ?? ''} />
      </div>
      {AccessChoice({
        rc,
        e: prefill?.viewOnly === undefined ? e : { ...e, defaultViewOnly: prefill.viewOnly },
        idSuffix: `${customer.id}${inDialog ? '-d' : ''}`,
      })}
      {confirming ? StepUpFields({ rc, stepUp: stepUp!, idSuffix: `${customer.id}${inDialog ? '-d' : ''}` }) : ''}
      {e.mayFullAccess ? '' : <input type="hidden" name="access" value="view_only" />}
      <div class="lac-buttons">
        {inDialog ? (
          <button type="button" class="action-secondary" data-close-dialog safe>
            {t('Cancel')}
          </button>
        ) : (
          <a class="action-secondary" href={cancelHref} safe>
            {t('Cancel')}
          </a>
        )}{' '}
        <button type="submit" class="action-primary" safe>
          {t('Login as Customer')}
        </button>
      </div>
    </form>
  );
}

/**
 * Full access / View only, preselected from "Default session access". Without "Allow full access" the choice is
 * shown disabled on View only (a hidden field sends it; the server enforces it whatever is sent).
 */
function AccessChoice({ rc, e, idSuffix }: { rc: RequestContext; e: Eligibility; idSuffix: string }) {
  const t = rc.t;
  const locked = !e.mayFullAccess;
  return (
    <fieldset class="field lac-access" disabled={locked}>
      <legend safe>{t('Session access')}</legend>
      <label for={`lac-access-full-${idSuffix}`}>
        <input type="radio" id={`lac-access-full-${idSuffix}`} name="access" value="full" checked={!e.defaultViewOnly} /> <span safe>{t('Full access')}</span>
      </label>{' '}
      <label for={`lac-access-view-${idSuffix}`}>
        <input type="radio" id={`lac-access-view-${idSuffix}`} name="access" value="view_only" checked={e.defaultViewOnly} /> <span safe>{t('View only')}</span>
      </label>
      {locked ? (
        <p class="lac-access-notice" safe>
          {t('Your role allows view-only sessions only.')}
        </p>
      ) : (
        ''
      )}
    </fieldset>
  );
}

/**
 * The "Login as Customer" button with its dialog (spec §4). Without JavaScript the button is a link to a
 * confirmation page that does the same.
 */
export function LoginAsCustomerButton({
  rc,
  e,
  tree,
  back,
  stepUp,
}: {
  rc: RequestContext;
  e: Eligibility;
  tree: StoreTree;
  back: string;
  stepUp?: StepUpView;
}): JSX.Element {
  const customer = e.customer!;
  const t = rc.t;
  const usable = !e.refusal;
  const dialogId = `lac-dialog-${customer.id}`;
  const manual = e.manual;
  return (
    <>
      <a
        class="action-secondary login-as-customer"
        id="login-as-customer"
        href={`${BASE}/confirm/${customer.id}?back=${encodeURIComponent(back)}`}
        data-open-dialog={dialogId}
        safe
      >
        {t('Login as Customer')}
      </a>
      <dialog id={dialogId} class="lac-dialog" aria-labelledby={`${dialogId}-title`}>
        <h2 id={`${dialogId}-title`} safe>
          {usable ? t(manual ? SELECT_TITLE : CONFIRM_TITLE) : t(NOT_ENABLED_TITLE)}
        </h2>
        {usable ? (
          StartForm({ rc, e, tree, cancelHref: back, inDialog: true, stepUp })
        ) : (
          <>
            <p safe>{t(NOT_ENABLED_TEXT)}</p>
            <button type="button" class="action-primary" data-close-dialog safe>
              {t('Close')}
            </button>
          </>
        )}
      </dialog>
    </>
  );
}

/**
 * The confirmation page for browsers without JavaScript: the dialog's form, or why it cannot be used. It is also
 * the step-up page: the form again with the password field, an error and what was chosen.
 */
export function confirmPage(
  rc: RequestContext,
  e: Eligibility,
  tree: StoreTree,
  back: string,
  o: { stepUp?: StepUpView; error?: StepUpCode; prefill?: StartPrefill } = {},
) {
  const t = rc.t;
  const usable = !e.refusal;
  return adminPage(rc, {
    title: usable ? t(e.manual ? SELECT_TITLE : CONFIRM_TITLE) : t(NOT_ENABLED_TITLE),
    active: 'customers',
    content: usable ? (
      <>
        {o.error ? (
          <div class="messages" role="alert">
            <div class="message message-error" safe>
              {t(STEP_UP_MSG[o.error])}
            </div>
          </div>
        ) : (
          ''
        )}
        {StartForm({ rc, e, tree, cancelHref: back, inDialog: false, stepUp: o.stepUp, prefill: o.prefill, sameTab: !!o.error })}
      </>
    ) : (
      <div class="lac-not-enabled">
        <p safe>{t(NOT_ENABLED_TEXT)}</p>
        <a class="action-primary" href={back} safe>
          {t('Close')}
        </a>
      </div>
    ),
  });
}

/** The page that carries the one-time token to the storefront by POST, so it never appears in a URL. */
/** `formKey` is the storefront's (the redeem is a storefront POST), not the admin panel's. */
export function handoffPage(rc: RequestContext, redeemUrl: string, token: string, customerName: string, formKey: string) {
  const t = rc.t;
  return bareAdminPage(
    rc,
    t('Login as Customer'),
    <form method="post" action={redeemUrl} data-autosubmit class="lac-handoff">
      <input type="hidden" name="form_key" value={formKey} />
      <input type="hidden" name="token" value={token} />
      <p safe>{t('Opening the storefront as {name}…', { name: customerName })}</p>
      <button type="submit" class="action-primary" safe>
        {t('Continue to the storefront')}
      </button>
    </form>,
  );
}

export function refusalPage(rc: RequestContext, message: string, back: string) {
  const t = rc.t;
  return adminPage(rc, {
    title: t('Login as Customer'),
    active: 'customers',
    content: (
      <div class="lac-refused">
        <div class="messages" role="alert">
          <div class="message message-error" safe>
            {t(message)}
          </div>
        </div>
        <a class="action-secondary" href={back} safe>
          {t('Back')}
        </a>
      </div>
    ),
  });
}

/** The Login as Customer Log grid: one page of sessions that reached the storefront, with filters and the export link. */
export function logGridPage(rc: RequestContext, q: Record<string, string | undefined>, data: LogGridData) {
  const t = rc.t;
  const { rows, total, ...page } = data;
  return adminPage(rc, {
    title: t('Login as Customer Log'),
    active: 'customers',
    content: (
      <Grid
        rc={rc}
        id="login_as_customer_log_grid"
        action={LOG}
        query={q}
        rows={rows}
        toolbar={
          <a class="action-secondary" href={withQuery(`${LOG}/export/csv`, { ...q, page: undefined, after: undefined, before: undefined })} safe>
            {t('Export to CSV')}
          </a>
        }
        pager={keysetPager(rc, LOG, q, total, page)}
        columnsAction={`${LOG}/columns`}
        columns={[
          { label: t('ID'), value: (r) => r.id, filter: { type: 'text', name: 'id' } },
          { label: t('Customer ID'), value: (r) => r.customer_id, filter: { type: 'text', name: 'customer_id' } },
          { label: t('Customer Email'), value: (r) => r.customer_email, filter: { type: 'text', name: 'customer_email' } },
          { label: t('Admin ID'), value: (r) => r.admin_id, filter: { type: 'text', name: 'admin_id' } },
          { label: t('Admin Name'), value: (r) => `${r.admin_name} (${r.admin_username})`, filter: { type: 'text', name: 'admin_name' } },
          { label: t('Access'), value: (r) => (r.view_only === 1 ? t('View only') : t('Full')) },
          {
            label: t('Logged In'),
            value: (r) => formatDate(r.logged_in_at, rc),
            filter: { type: 'range', from: 'from', to: 'to', input: 'date' },
          },
        ]}
      />
    ),
  });
}

/** The button on a protected customer's pages while this admin has no approval: a link to "Request approval". */
export function ApprovalLink({ rc, customerId }: { rc: RequestContext; customerId: number }) {
  return (
    <a class="action-secondary login-as-customer" id="login-as-customer" href={`${BASE}/approval/${customerId}`} data-protected="1" safe>
      {rc.t('Login as Customer')}
    </a>
  );
}
