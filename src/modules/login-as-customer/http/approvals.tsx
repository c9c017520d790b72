import type { FastifyReply } from 'fastify';
import { cursorOf, pageSizeOf } from '../../../db/keyset.ts';
import { bodyOf, paramId, queryOf, redirectWith, str } from '../../../http/form.ts';
import { statusOf } from '../../../http/failures.ts';
import { isoUtc } from '../../../kernel/clock.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import type { RouteRegistrar } from '../../types.ts';
import { stateOf } from '../approvals.ts';
import { ALLOW_RESOURCE, APPROVALS_PATH, APPROVE_RESOURCE } from '../public.ts';
import { refusalPage } from '../views/admin.tsx';
import { approvalsGridPage, requestApprovalPage } from '../views/approvals.tsx';

/** The grid's status filter from its query string; anything else lists every request. */
const STATUSES = ['pending', 'approved', 'denied', 'expired', 'used'] as const;
const statusFilter = (v: string | undefined) => STATUSES.find((s) => s === v);

const requestPath = (customerId: number) => `/admin/loginascustomer/approval/${customerId}`;
const customerPath = (customerId: number) => `/admin/customers/${customerId}/edit`;

/** The request page for a customer, in the state this admin's latest request is in (approved: on to the confirmation). */
async function showRequest(
  rc: RequestContext,
  reply: FastifyReply,
  customerId: number,
  form?: { comment: string; problems: { messages: string[]; fields?: Record<string, string> } },
) {
  const lac = rc.app.services.loginAsCustomer;
  if (!(await lac.enabled(rc))) return refusalPage(rc, 'Login as Customer is disabled.', customerPath(customerId));
  const customer = await rc.app.services.customers.byId(rc, customerId);
  if (!customer) return reply.callNotFound();
  const { state, row } = await lac.approvalState(rc, customerId);
  if (!customer.protected_reason || (state === 'approved' && !form))
    return reply.redirect(`/admin/loginascustomer/confirm/${customerId}?back=${encodeURIComponent(customerPath(customerId))}`, 303);
  return requestApprovalPage(rc, { customer, state, last: row, back: customerPath(customerId), comment: form?.comment, problems: form?.problems });
}

/** A decision (Approve / Deny) from the grid: back to the grid with what happened. */
async function decide(rc: RequestContext, reply: FastifyReply, id: number | undefined, decision: 'approve' | 'deny', comment: string) {
  const back = `${APPROVALS_PATH}?status=pending`;
  const result = await rc.app.services.loginAsCustomer.decideApproval(rc, id ?? 0, { decision, comment });
  if (!result.ok) return redirectWith(reply, rc, back, { type: 'error', text: rc.t(result.messages[0]!) });
  const text = decision === 'approve' ? 'You approved the request of {admin}.' : 'You denied the request of {admin}.';
  return redirectWith(reply, rc, back, { type: 'success', text: rc.t(text, { admin: result.value.requester_name }) });
}

/** Four eyes for protected customers: the requester's page and form, the approvers' grid and decisions (all POSTs with the form key). */
export function approvalRoutes(r: RouteRegistrar) {
  r.adminGet('/loginascustomer/approval/:id', { resource: ALLOW_RESOURCE, actionName: 'loginascustomer_approval_index' }, async (req, reply, rc) =>
    showRequest(rc, reply, paramId(req) ?? 0),
  );

  r.adminPost('/loginascustomer/approval/:id/request', { resource: ALLOW_RESOURCE, actionName: 'loginascustomer_approval_request' }, async (req, reply, rc) => {
    const customerId = paramId(req) ?? 0;
    const comment = str(bodyOf(req).comment);
    const result = await rc.app.services.loginAsCustomer.requestApproval(rc, customerId, { comment });
    if (result.ok) return redirectWith(reply, rc, requestPath(customerId), { type: 'success', text: rc.t('Your request has been sent for approval.') });
    reply.code(statusOf(result.kind));
    if (result.kind === 'not_found') return reply.callNotFound();
    return showRequest(rc, reply, customerId, { comment, problems: { messages: result.messages, fields: result.fields } });
  });

  r.adminGet(APPROVALS_PATH.slice('/admin'.length), { resource: APPROVE_RESOURCE, actionName: 'loginascustomer_approvals_index' }, async (req, reply, rc) => {
    const lac = rc.app.services.loginAsCustomer;
    if (!(await lac.enabled(rc))) return reply.callNotFound();
    const q = queryOf(req);
    const page = await lac.approvalsPage(rc, statusFilter(q.status), { limit: pageSizeOf(q), cursor: cursorOf(q) });
    const now = isoUtc(rc.app.clock.now());
    const rows = page.rows.map((row) => ({ ...row, state: stateOf(row, now) }));
    return approvalsGridPage(rc, { status: statusFilter(q.status) }, { ...page, rows }, rc.actor.type === 'admin' ? rc.actor.id : 0);
  });

  for (const decision of ['approve', 'deny'] as const)
    r.adminPost(
      `${APPROVALS_PATH.slice('/admin'.length)}/:id/${decision}`,
      { resource: APPROVE_RESOURCE, actionName: `loginascustomer_approvals_${decision}` },
      (req, reply, rc) => decide(rc, reply, paramId(req), decision, str(bodyOf(req).comment)),
    );
}
