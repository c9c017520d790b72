import type { FastifyReply, FastifyRequest } from 'fastify';
import { storefrontFormKey } from '../../../http/csrf.ts';
import { bodyOf, idOf, paramId, queryOf, str, type Fields } from '../../../http/form.ts';
import { relyingParty } from '../../../http/relying-party.ts';
import { ADMIN_COOKIE } from '../../../http/server.tsx';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { cursorOf, pageSizeOf } from '../../../db/keyset.ts';
import { sendCsv } from '../../../http/csv-download.ts';
import { gridColumnsRoute } from '../../../http/grid-columns.ts';
import type { RouteRegistrar, SalesDocumentRef } from '../../types.ts';
import { ALLOW_RESOURCE, BINDING_COOKIE, VIEW_LOG_RESOURCE } from '../public.ts';
import { STEP_UP_MSG, type StepUpCode } from '../step-up.ts';
import { ApprovalLink, confirmPage, handoffPage, LoginAsCustomerButton, logGridPage, refusalPage, type StartPrefill } from '../views/admin.tsx';

/**
 * The resource the "Login as Customer" POST declares: every admin with any customer access has it, so a missing
 * "Allow Login as Customer" reaches the service, which refuses and logs it.
 */
const CUSTOMER_ACCESS = 'customers';

/**
 * The "Login as Customer" button with its dialog (spec §4), shown when the feature is on and the admin may use it.
 * Without JavaScript the button is a link to a confirmation page that does the same.
 */
async function loginAsCustomerButton(rc: RequestContext, customerId: number | null, back: string): Promise<JSX.Element> {
  if (customerId === null) return '';
  const e = await rc.app.services.loginAsCustomer.eligibility(rc, customerId);
  if (!e.mayStart || !e.customer) return '';
  // A protected customer: until this admin holds an approval, the button leads to "Request approval".
  if (!e.refusal && e.customer.protected_reason && (await rc.app.services.loginAsCustomer.approvalState(rc, customerId)).state !== 'approved')
    return ApprovalLink({ rc, customerId });
  const stepUp = await rc.app.services.loginAsCustomer.stepUpState(rc);
  return LoginAsCustomerButton({ rc, e, tree: await rc.app.services.stores.tree(), back, stepUp });
}

/** Where the document's "Back" of the confirmation page leads. */
const documentPath = (doc: SalesDocumentRef) => `/admin/sales/orders/${doc.orderId}`;

export const customerViewButton = (rc: RequestContext, c: { id: number }) => loginAsCustomerButton(rc, c.id, `/admin/customers/${c.id}/edit`);
export const documentButton = (rc: RequestContext, doc: SalesDocumentRef) => loginAsCustomerButton(rc, doc.customerId, documentPath(doc));

/** The dialog's "access" radio: absent or unknown leaves it to the setting. */
const accessChoice = (v: string | undefined) => (v === 'view_only' ? true : v === 'full' ? false : undefined);

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
type LogRow = { id: number; customer_id: number; customer_email: string; admin_id: number; admin_name: string; logged_in_at: string | null };

async function* logRecords(rows: AsyncIterable<LogRow>) {
  for await (const r of rows) yield [String(r.id), String(r.customer_id), r.customer_email, String(r.admin_id), r.admin_name, r.logged_in_at ?? ''];
}

/** The start form's fields as the service takes them (the dialog, the confirmation page and the step-up form send the same). */
const startInputOf = (b: Fields, customerId: number) => ({
  customerId,
  storeViewId: idOf(b.store_id),
  reason: str(b.reason),
  viewOnly: accessChoice(str(b.access)),
});

/** The step-up answer a form sent: a passkey answer (JSON, from public/app.js) or else the password. */
function stepUpProofOf(b: Fields) {
  const passkey = str(b.passkey_response);
  if (passkey) {
    try {
      return { passkey: JSON.parse(passkey.slice(0, 20_000)) as unknown };
    } catch {
      return { passkey: null };
    }
  }
  return { password: str(b.password) };
}

/** The confirmation page again, asking for the password (or a passkey), with what was chosen kept. */
async function stepUpAgain(rc: RequestContext, reply: FastifyReply, customerId: number, error: StepUpCode, prefill: StartPrefill) {
  const e = await rc.app.services.loginAsCustomer.eligibility(rc, customerId);
  if (!e.customer) return refusalPage(rc, STEP_UP_MSG[error], '/admin/customers');
  const state = await rc.app.services.loginAsCustomer.stepUpState(rc);
  reply.code(401);
  const back = `/admin/customers/${customerId}/edit`;
  return confirmPage(rc, e, await rc.app.services.stores.tree(), back, { stepUp: { required: true, passkey: state.passkey }, error, prefill });
}

/** Starts the session with the form's fields (and step-up answer); answers the handoff page or why not. */
async function startFromForm(req: FastifyRequest, reply: FastifyReply, rc: RequestContext, withProof: boolean) {
  const b = bodyOf(req);
  const customerId = idOf(b.customer_id);
  const back = customerId ? `/admin/customers/${customerId}/edit` : '/admin/customers';
  if (!customerId) {
    reply.code(400);
    return refusalPage(rc, 'Customer with this ID no longer exists.', back);
  }
  const input = startInputOf(b, customerId);
  const proof = withProof ? { stepUp: stepUpProofOf(b), relyingParty: relyingParty(req, rc.app.env) } : {};
  const result = await rc.app.services.loginAsCustomer.start(rc, { ...input, ...proof });
  if (!result.ok) {
    if (result.code === 'step_up_required' || result.code === 'step_up_failed')
      return stepUpAgain(rc, reply, customerId, result.code, { storeViewId: input.storeViewId, reason: input.reason, viewOnly: input.viewOnly });
    if (result.code === 'locked') reply.clearCookie(ADMIN_COOKIE, { path: '/admin' });
    reply.code(result.kind === 'forbidden' ? 403 : result.kind === 'unauthenticated' ? 401 : 400);
    // A protected customer without a usable approval: "Back" leads to the request page.
    const approval = result.code?.startsWith('approval_') ? `/admin/loginascustomer/approval/${customerId}` : back;
    return refusalPage(rc, result.messages[0]!, result.code === 'locked' ? '/admin/login' : approval);
  }
  const { token, binding, view, tokenSeconds, customerName } = result.value;
  // The token works only in this browser: it must come back with this cookie.
  reply.setCookie(BINDING_COOKIE, binding, { path: '/', httpOnly: true, sameSite: 'strict', secure: rc.app.env.cookieSecure, maxAge: tokenSeconds });
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cache-control', 'no-store');
  // The redeem is a storefront POST: it carries the storefront's form key, not the admin panel's.
  return handoffPage(rc, `${view.prefix}/loginascustomer/login/redeem`, token, customerName, storefrontFormKey(req, reply, rc.app.env));
}

export function loginAsCustomerAdminRoutes(r: RouteRegistrar) {
  // The confirmation page for browsers without JavaScript (the dialog shows the same).
  r.adminGet('/loginascustomer/confirm/:id', { resource: ALLOW_RESOURCE, actionName: 'loginascustomer_login_confirm' }, async (req, reply, rc) => {
    const e = await rc.app.services.loginAsCustomer.eligibility(rc, paramId(req) ?? 0);
    const back = safeBack(queryOf(req).back);
    if (e.refusal?.code === 'disabled') return refusalPage(rc, 'Login as Customer is disabled.', back);
    if (!e.customer) return reply.callNotFound();
    return confirmPage(rc, e, await rc.app.services.stores.tree(), back, { stepUp: await rc.app.services.loginAsCustomer.stepUpState(rc) });
  });

  r.adminPost('/loginascustomer/login', { resource: CUSTOMER_ACCESS, actionName: 'loginascustomer_login_login' }, (req, reply, rc) =>
    startFromForm(req, reply, rc, false),
  );

  // The same start with the password or a passkey answer: limited per IP like the sign-in form.
  r.adminPost('/loginascustomer/step-up', { resource: CUSTOMER_ACCESS, actionName: 'loginascustomer_login_stepup', rateLimited: true }, (req, reply, rc) =>
    startFromForm(req, reply, rc, true),
  );

  // A passkey challenge for the step-up (JSON for navigator.credentials.get in public/app.js); kept server-side, used once.
  r.adminPost(
    '/loginascustomer/step-up/passkey',
    { resource: CUSTOMER_ACCESS, actionName: 'loginascustomer_login_stepup_passkey', rateLimited: true },
    async (req, reply, rc) => {
      const options = await rc.app.services.adminUsers.passkeyAuthenticationOptions(rc, relyingParty(req, rc.app.env));
      reply.header('cache-control', 'no-store');
      if (!options.ok) return reply.code(404).send({ message: options.messages[0] });
      return reply.send(options.value);
    },
  );

  gridColumnsRoute(r, {
    path: '/customers/login-as-customer/log',
    resource: VIEW_LOG_RESOURCE,
    grid: 'login_as_customer_log_grid',
    actionName: 'loginascustomer_log_columns',
  });
  r.adminGet('/customers/login-as-customer/log', { resource: VIEW_LOG_RESOURCE, actionName: 'loginascustomer_log_index' }, async (req, reply, rc) => {
    if (!(await rc.app.services.loginAsCustomer.enabled(rc))) return reply.callNotFound();
    const q = queryOf(req);
    return logGridPage(rc, q, await rc.app.services.loginAsCustomer.logPage(rc, logFilters(q), { limit: pageSizeOf(q), cursor: cursorOf(q) }));
  });

  r.adminGet(
    '/customers/login-as-customer/log/export/csv',
    { resource: VIEW_LOG_RESOURCE, actionName: 'loginascustomer_log_exportCsv' },
    async (req, reply, rc) => {
      if (!(await rc.app.services.loginAsCustomer.enabled(rc))) return reply.callNotFound();
      const rows = rc.app.services.loginAsCustomer.logRows(rc, logFilters(queryOf(req)));
      return sendCsv(reply, rc, {
        name: `login-as-customer-log-${rc.app.clock.now().toISOString().slice(0, 10)}.csv`,
        header: [rc.t('ID'), rc.t('Customer ID'), rc.t('Customer Email'), rc.t('Admin ID'), rc.t('Admin Name'), rc.t('Logged In')],
        rows: logRecords(rows),
      });
    },
  );
}
