import type { FastifyReply } from 'fastify';
import { bodyOf, idOf, paramId, queryOf, str } from '../../../http/form.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { adminPage, bareAdminPage } from '../../../ui/admin-layout.tsx';
import { FormKey } from '../../../ui/components.tsx';
import { Grid, keysetPager, withQuery } from '../../../ui/grid.tsx';
import { cursorOf } from '../../../db/keyset.ts';
import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { RouteRegistrar, SalesDocumentRef } from '../../types.ts';
import { ALLOW_RESOURCE, BINDING_COOKIE, VIEW_LOG_RESOURCE } from '../public.ts';
import type { Eligibility } from '../model.ts';

/**
 * The resource the "Login as Customer" POST declares: every admin with any customer access has it, so a missing
 * "Allow Login as Customer" reaches the service, which refuses and logs it.
 */
const CUSTOMER_ACCESS = 'customers';

const BASE = '/admin/loginascustomer';
const LOG = '/admin/customers/login-as-customer/log';
const PAGE_SIZE = 20;

const NOT_ENABLED_TITLE = 'Login as Customer not enabled';
const NOT_ENABLED_TEXT =
  'The user has not enabled the "Allow remote shopping assistance" functionality. Contact the customer to discuss this user configuration.';
const CONFIRM_TITLE = 'You are about to Login as Customer';
const SELECT_TITLE = 'Login as Customer: Select Store';
const WARNING = 'Actions taken while in "Login as Customer" will affect actual customer data.';

/** The form inside the dialog and on the no-JavaScript page: store view (manual), reason, Cancel / Login as Customer. */
async function StartForm({ rc, e, cancelHref, inDialog }: { rc: RequestContext; e: Eligibility; cancelHref: string; inDialog: boolean }) {
  const t = rc.t;
  const customer = e.customer!;
  const { manual, reasonRequired: needReason } = e;
  const tree = await rc.app.services.stores.tree();
  const allowed = new Set(e.views.map((v) => v.id));
  const preselected = e.autoViewId;
  return (
    <form method="post" action={`${BASE}/login`} target="_blank" class="lac-start-form" data-lac-start>
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
        <input id={`lac-reason-${customer.id}${inDialog ? '-d' : ''}`} name="reason" maxlength="500" required={needReason} />
      </div>
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
 * The "Login as Customer" button with its dialog (spec §4). Without JavaScript the button is a link to a
 * confirmation page that does the same.
 */
export async function LoginAsCustomerButton({ rc, customerId, back }: { rc: RequestContext; customerId: number | null; back: string }): Promise<JSX.Element> {
  if (customerId === null) return '';
  const e = await rc.app.services.loginAsCustomer.eligibility(rc, customerId);
  const customer = e.customer;
  if (!e.mayStart || !customer) return '';
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
          await StartForm({ rc, e, cancelHref: back, inDialog: true })
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

/** Where the document's "Back" of the confirmation page leads. */
const documentPath = (doc: SalesDocumentRef) => `/admin/sales/orders/${doc.orderId}`;

export const customerViewButton = (rc: RequestContext, c: { id: number }) =>
  LoginAsCustomerButton({ rc, customerId: c.id, back: `/admin/customers/${c.id}/edit` });
export const documentButton = (rc: RequestContext, doc: SalesDocumentRef) => LoginAsCustomerButton({ rc, customerId: doc.customerId, back: documentPath(doc) });

/** The page that carries the one-time token to the storefront by POST, so it never appears in a URL. */
function handoffPage(rc: RequestContext, redeemUrl: string, token: string, customerName: string) {
  const t = rc.t;
  return bareAdminPage(
    rc,
    t('Login as Customer'),
    <form method="post" action={redeemUrl} data-autosubmit class="lac-handoff">
      <input type="hidden" name="form_key" value={rc.csrfToken} />
      <input type="hidden" name="token" value={token} />
      <p safe>{t('Opening the storefront as {name}…', { name: customerName })}</p>
      <button type="submit" class="action-primary" safe>
        {t('Continue to the storefront')}
      </button>
    </form>,
  );
}

function refusalPage(rc: RequestContext, message: string, back: string) {
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

const safeBack = (v: string | undefined) => (v && /^\/admin\/[\w/?=&.-]*$/.test(v) ? v : '/admin/customers');

/** The log grid's filters from its query string (also the export's). */
const logFilters = (q: Record<string, string | undefined>) => ({
  id: q.id,
  customerId: q.customer_id,
  customerEmail: q.customer_email,
  adminId: q.admin_id,
  adminName: q.admin_name,
  from: q.from || undefined,
  to: q.to ? `${q.to}T23:59:59.999Z` : undefined,
});

/** A cell a spreadsheet would run as a formula (= + - @, tab, carriage return) gets a leading apostrophe. */
const unformula = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

type LogRow = { id: number; customer_id: number; customer_email: string; admin_id: number; admin_name: string; logged_in_at: string | null };

/** The export as a stream: every matching row, read page by page as the client takes them (RFC 4180, with a BOM). */
function csvStream(rc: RequestContext, rows: AsyncIterable<LogRow>) {
  const csv = stringify({
    bom: true,
    record_delimiter: 'windows',
    header: true,
    columns: ['ID', 'Customer ID', 'Customer Email', 'Admin ID', 'Admin Name', 'Logged In'],
    cast: { string: unformula },
  });
  const records = async function* () {
    for await (const r of rows) yield [String(r.id), String(r.customer_id), r.customer_email, String(r.admin_id), r.admin_name, r.logged_in_at ?? ''];
  };
  // A failed read breaks the response off (and is logged) rather than ending it as if the file were complete.
  pipeline(Readable.from(records()), csv, (err) => void (err && rc.app.logger.error({ err }, 'Login as Customer log export failed')));
  return csv;
}

async function logGrid(rc: RequestContext, q: Record<string, string | undefined>) {
  const t = rc.t;
  const { rows, total, ...page } = await rc.app.services.loginAsCustomer.logPage(rc, logFilters(q), { limit: PAGE_SIZE, cursor: cursorOf(q) });
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
        columns={[
          { label: t('ID'), value: (r) => r.id, filter: { type: 'text', name: 'id' } },
          { label: t('Customer ID'), value: (r) => r.customer_id, filter: { type: 'text', name: 'customer_id' } },
          { label: t('Customer Email'), value: (r) => r.customer_email, filter: { type: 'text', name: 'customer_email' } },
          { label: t('Admin ID'), value: (r) => r.admin_id, filter: { type: 'text', name: 'admin_id' } },
          { label: t('Admin Name'), value: (r) => `${r.admin_name} (${r.admin_username})`, filter: { type: 'text', name: 'admin_name' } },
          {
            label: t('Logged In'),
            value: (r) => (r.logged_in_at ?? '').replace('T', ' ').slice(0, 19),
            filter: { type: 'range', from: 'from', to: 'to', input: 'date' },
          },
        ]}
      />
    ),
  });
}

export function loginAsCustomerAdminRoutes(r: RouteRegistrar) {
  // The confirmation page for browsers without JavaScript (the dialog shows the same).
  r.adminGet('/loginascustomer/confirm/:id', { resource: ALLOW_RESOURCE, actionName: 'loginascustomer_login_confirm' }, async (req, reply, rc) => {
    const e = await rc.app.services.loginAsCustomer.eligibility(rc, paramId(req) ?? 0);
    const back = safeBack(queryOf(req).back);
    const t = rc.t;
    if (e.refusal?.code === 'disabled') return refusalPage(rc, 'Login as Customer is disabled.', back);
    if (!e.customer) return reply.callNotFound();
    const usable = !e.refusal;
    const manual = e.manual;
    return adminPage(rc, {
      title: usable ? t(manual ? SELECT_TITLE : CONFIRM_TITLE) : t(NOT_ENABLED_TITLE),
      active: 'customers',
      content: usable ? (
        await StartForm({ rc, e, cancelHref: back, inDialog: false })
      ) : (
        <div class="lac-not-enabled">
          <p safe>{t(NOT_ENABLED_TEXT)}</p>
          <a class="action-primary" href={back} safe>
            {t('Close')}
          </a>
        </div>
      ),
    });
  });

  r.adminPost('/loginascustomer/login', { resource: CUSTOMER_ACCESS, actionName: 'loginascustomer_login_login' }, async (req, reply: FastifyReply, rc) => {
    const b = bodyOf(req);
    const customerId = idOf(b.customer_id);
    const back = customerId ? `/admin/customers/${customerId}/edit` : '/admin/customers';
    if (!customerId) {
      reply.code(400);
      return refusalPage(rc, 'Customer with this ID no longer exists.', back);
    }
    const result = await rc.app.services.loginAsCustomer.start(rc, { customerId, storeViewId: idOf(b.store_id), reason: str(b.reason) });
    if (!result.ok) {
      reply.code(result.kind === 'forbidden' ? 403 : 400);
      return refusalPage(rc, result.messages[0]!, back);
    }
    const { token, binding, view, tokenSeconds, customerName } = result.value;
    // The token works only in this browser: it must come back with this cookie.
    reply.setCookie(BINDING_COOKIE, binding, { path: '/', httpOnly: true, sameSite: 'strict', secure: rc.app.env.cookieSecure, maxAge: tokenSeconds });
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cache-control', 'no-store');
    return handoffPage(rc, `${view.prefix}/loginascustomer/login/redeem`, token, customerName);
  });

  r.adminGet('/customers/login-as-customer/log', { resource: VIEW_LOG_RESOURCE, actionName: 'loginascustomer_log_index' }, async (req, reply, rc) => {
    if (!(await rc.app.services.loginAsCustomer.enabled(rc))) return reply.callNotFound();
    return logGrid(rc, queryOf(req));
  });

  r.adminGet(
    '/customers/login-as-customer/log/export/csv',
    { resource: VIEW_LOG_RESOURCE, actionName: 'loginascustomer_log_exportCsv' },
    async (req, reply, rc) => {
      if (!(await rc.app.services.loginAsCustomer.enabled(rc))) return reply.callNotFound();
      const rows = rc.app.services.loginAsCustomer.logRows(rc, logFilters(queryOf(req)));
      reply.header('content-disposition', `attachment; filename="login-as-customer-log-${new Date().toISOString().slice(0, 10)}.csv"`);
      reply.type('text/csv; charset=utf-8');
      return reply.send(csvStream(rc, rows));
    },
  );
}
