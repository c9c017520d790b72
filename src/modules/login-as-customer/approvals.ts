import { isoUtc } from '../../kernel/clock.ts';
import type { KeysetCursor } from '../../db/keyset.ts';
import { can, inTransaction, type RequestContext } from '../../kernel/request-context.ts';
import { ok, refused, type Result } from '../../kernel/result.ts';
import { SEVERITY } from '../admin-notifications/index.ts';
import { audit } from './activity.ts';
import type { Customer } from './model.ts';
import { ALLOW_RESOURCE, APPROVALS_PATH, APPROVE_RESOURCE } from './public.ts';
import { lacApprovalsRepo, lacRepo, type ApprovalFilter, type LacApprovalRow } from './repo.ts';
import { LAC_APPROVAL_VALIDITY, LAC_ENABLED } from './settings.ts';

/**
 * Four eyes for protected customers (staff, VIP, fraud hold): a session as one needs a second admin holding
 * "Approve Login as Customer" to approve the requester's request in time; nobody approves their own. `start`
 * consults `claimApproval` before its transaction; the rest are the request and decision doors.
 */

/** The refusal of an empty comment (shown at the comment field too). */
const COMMENT_REQUIRED = 'Please enter a comment.';

/** Where a request stands: stored status, or expired when it was not decided (or used) in time. */
export type ApprovalState = 'none' | 'pending' | 'approved' | 'denied' | 'expired' | 'used';

export function stateOf(row: LacApprovalRow | undefined, nowIso: string): ApprovalState {
  if (!row) return 'none';
  if ((row.status === 'pending' || row.status === 'approved') && row.expires_at <= nowIso) return 'expired';
  return row.status;
}

type Me = { admin_id: number; admin_username: string; admin_name: string };
const meOf = (rc: RequestContext): Me | undefined =>
  rc.actor.type === 'admin'
    ? { admin_id: rc.actor.id, admin_username: rc.actor.username, admin_name: `${rc.actor.firstName} ${rc.actor.lastName}` }
    : undefined;
const nowOf = (rc: RequestContext) => isoUtc(rc.app.clock.now());
const validityMs = async (rc: RequestContext) => (await rc.app.services.config.getInt(LAC_APPROVAL_VALIDITY, {}, rc.db)) * 60_000;
const comment = (v: string | undefined) => (v ?? '').trim().slice(0, 500);

/** This admin's latest request for the customer and where it stands (for the button and the request page). */
export async function approvalState(rc: RequestContext, customerId: number): Promise<{ state: ApprovalState; row?: LacApprovalRow }> {
  const me = meOf(rc);
  const row = me ? await lacApprovalsRepo.latest(rc.db, me.admin_id, customerId) : undefined;
  return { state: stateOf(row, nowOf(rc)), row };
}

export type ApprovalCode = 'approval_required' | 'approval_pending' | 'approval_denied' | 'approval_expired' | 'approval_used';
const REFUSAL: Record<Exclude<ApprovalState, 'approved'>, { message: string; code: ApprovalCode }> = {
  none: {
    message: 'This customer account is protected: a second admin must approve your request before you can log in as this customer.',
    code: 'approval_required',
  },
  used: {
    message: 'This customer account is protected: a second admin must approve your request before you can log in as this customer.',
    code: 'approval_used',
  },
  pending: { message: 'Your request to log in as this customer is waiting for approval.', code: 'approval_pending' },
  denied: { message: 'Your request to log in as this customer was denied.', code: 'approval_denied' },
  expired: { message: 'Your approval to log in as this customer has expired. Request approval again.', code: 'approval_expired' },
};

/**
 * Before `start` opens its transaction: a protected customer needs this admin's approved, unexpired, unused
 * approval, which is used up here at once (a conditional update, so two starts cannot both use it). Unprotected
 * customers pass with no approval.
 */
export async function claimApproval(
  rc: RequestContext,
  me: Me,
  customer: Customer,
): Promise<{ refusal?: { message: string; code: ApprovalCode; approvalId?: number }; approval?: LacApprovalRow }> {
  if (!customer.protected_reason) return {};
  const row = await lacApprovalsRepo.latest(rc.db, me.admin_id, customer.id);
  const state = stateOf(row, nowOf(rc));
  if (state !== 'approved') return { refusal: { ...REFUSAL[state], approvalId: row?.id } };
  if (!(await lacApprovalsRepo.use(rc.db, row!.id, nowOf(rc)))) return { refusal: { ...REFUSAL.used, approvalId: row!.id } };
  return { approval: row };
}

/** In `start`'s transaction: the used approval names its session, and the session's history says who approved it. */
export async function linkApproval(trx: RequestContext, approval: LacApprovalRow, sessionId: number) {
  await lacApprovalsRepo.linkSession(trx.db, approval.id, sessionId);
  await lacRepo.insertEvent(trx.db, {
    lac_session_id: sessionId,
    customer_id: approval.customer_id,
    created_at: nowOf(trx),
    kind: 'access.approved',
    params: { approver: approval.decided_by_name ?? '' },
  });
}

/** A refusal of a request or decision, written as a Failure entry (outside any transaction). */
async function logRefusal(
  rc: RequestContext,
  me: Me | undefined,
  action: string,
  message: string,
  kind: 'validation' | 'forbidden' | 'not_found',
  extra: object,
) {
  await audit(rc, me ?? null, { action, result: 'Failure', details: `${action} refused: ${message}`, fullDetails: { ...extra, message } });
  return refused(message, kind, { fields: message === COMMENT_REQUIRED ? { comment: message } : undefined });
}

/** "Request approval": a pending request for a protected customer, with the requester's comment; approvers are notified. */
export async function requestApproval(rc: RequestContext, customerId: number, input: { comment?: string }): Promise<Result<number>> {
  const me = meOf(rc);
  const refuse = (message: string, kind: 'validation' | 'forbidden' | 'not_found' = 'validation') =>
    logRefusal(rc, me, 'Request Approval', message, kind, { customer_id: customerId });
  if (!me || !can(rc, ALLOW_RESOURCE)) return refuse('Sorry, you need permissions to view this content.', 'forbidden');
  if (!(await rc.app.services.config.getBool(LAC_ENABLED))) return refuse('Login as Customer is disabled.');
  const customer = await rc.app.services.customers.byId(rc, customerId);
  if (!customer) return refuse('Customer with this ID no longer exists.', 'not_found');
  if (!customer.protected_reason) return refuse('This customer account is not protected: no approval is needed.');
  const text = comment(input.comment);
  if (!text) return refuse('Please enter a comment.');
  if ((await approvalState(rc, customerId)).state === 'pending') return refuse('A request to log in as this customer is already waiting for approval.');
  const now = rc.app.clock.now();
  const expiresAt = isoUtc(new Date(now.getTime() + (await validityMs(rc))));
  return inTransaction(rc, async (trx) => {
    const id = await lacApprovalsRepo.insert(trx.db, {
      customer_id: customer.id,
      customer_email: customer.email,
      requester_admin_id: me.admin_id,
      requester_username: me.admin_username,
      requester_name: me.admin_name,
      request_comment: text,
      status: 'pending',
      requested_at: isoUtc(now),
      expires_at: expiresAt,
      decided_by_admin_id: null,
      decided_by_name: null,
      decision_comment: null,
      decided_at: null,
      used_at: null,
      lac_session_id: null,
    });
    await trx.app.services.adminNotifications.add(trx, {
      severity: SEVERITY.major,
      title: 'Login as Customer approval requested',
      message: '{admin} asks to log in as the protected customer {customer}: {comment}',
      params: { admin: me.admin_name, customer: customer.email, comment: text },
      link: `${APPROVALS_PATH}?status=pending`,
      resource: APPROVE_RESOURCE,
    });
    await audit(trx, me, {
      action: 'Request Approval',
      details: `Approval requested to log in as protected customer ${customer.email} (ID ${customer.id})`,
      fullDetails: { approval_id: id, customer_id: customer.id, protected_reason: customer.protected_reason, comment: text, expires_at: expiresAt },
    });
    return ok(id);
  });
}

/**
 * Approve or Deny (comment required on Deny) by an admin holding "Approve Login as Customer" who did not make the
 * request, while it is pending and unexpired. An approval is usable for the validity setting from now on.
 */
export async function decideApproval(
  rc: RequestContext,
  approvalId: number,
  input: { decision: 'approve' | 'deny'; comment?: string },
): Promise<Result<LacApprovalRow>> {
  const me = meOf(rc);
  const action = input.decision === 'approve' ? 'Approve Request' : 'Deny Request';
  const refuse = (message: string, kind: 'validation' | 'forbidden' | 'not_found' = 'validation') =>
    logRefusal(rc, me, action, message, kind, { approval_id: approvalId });
  if (!me || !can(rc, APPROVE_RESOURCE)) return refuse('Sorry, you need permissions to view this content.', 'forbidden');
  const row = await lacApprovalsRepo.byId(rc.db, approvalId);
  if (!row) return refuse('This request no longer exists.', 'not_found');
  if (row.requester_admin_id === me.admin_id) return refuse('You cannot approve or deny your own request.', 'forbidden');
  if (stateOf(row, nowOf(rc)) !== 'pending') return refuse('This request is no longer waiting for a decision.');
  const text = comment(input.comment);
  if (input.decision === 'deny' && !text) return refuse('Please enter a comment.');
  const now = rc.app.clock.now();
  const status = input.decision === 'approve' ? 'approved' : 'denied';
  const expiresAt = status === 'approved' ? isoUtc(new Date(now.getTime() + (await validityMs(rc)))) : row.expires_at;
  const decided = await inTransaction(rc, async (trx) => {
    const d = { status, decided_by_admin_id: me.admin_id, decided_by_name: me.admin_name, decision_comment: text, expires_at: expiresAt } as const;
    if (!(await lacApprovalsRepo.decide(trx.db, row.id, isoUtc(now), d))) return undefined;
    await notifyRequester(trx, row, status, me.admin_name, text);
    await audit(trx, me, {
      action,
      details: `Request #${row.id} by ${row.requester_username} to log in as ${row.customer_email} ${status}`,
      fullDetails: { approval_id: row.id, customer_id: row.customer_id, requester_admin_id: row.requester_admin_id, comment: text, expires_at: expiresAt },
    });
    return (await lacApprovalsRepo.byId(trx.db, row.id))!;
  });
  return decided ? ok(decided) : refuse('This request is no longer waiting for a decision.');
}

/** Tells the requester (their own inbox) what was decided, with a link back to the customer. */
async function notifyRequester(trx: RequestContext, row: LacApprovalRow, status: 'approved' | 'denied', approver: string, text: string) {
  const params = { admin: approver, customer: row.customer_email, comment: text };
  const link = `/admin/customers/${row.customer_id}/edit`;
  if (status === 'approved')
    await trx.app.services.adminNotifications.add(trx, {
      severity: SEVERITY.notice,
      title: 'Your Login as Customer request was approved',
      message: '{admin} approved your request to log in as {customer}. {comment}',
      params,
      link,
      adminId: row.requester_admin_id,
    });
  else
    await trx.app.services.adminNotifications.add(trx, {
      severity: SEVERITY.minor,
      title: 'Your Login as Customer request was denied',
      message: '{admin} denied your request to log in as {customer}: {comment}',
      params,
      link,
      adminId: row.requester_admin_id,
    });
}

/** The approvals grid: requests newest first, optionally of one state. */
export function approvalsPage(rc: RequestContext, status: ApprovalFilter | undefined, o: { limit: number; cursor: KeysetCursor }) {
  return lacApprovalsRepo.page(rc.db, { status, now: nowOf(rc) }, o);
}
