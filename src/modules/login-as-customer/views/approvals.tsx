import { formatDate } from '../../../kernel/dates.ts';
import type { KeysetPage } from '../../../db/keyset.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { FormErrors, FormKey, TextAreaField } from '../../../ui/components.tsx';
import { Grid, keysetPager, withQuery } from '../../../ui/grid.tsx';
import { APPROVALS_PATH } from '../public.ts';

/** Admin views of four-eyes approvals: the requester's "Request approval" page and the approvers' grid. */

export type ApprovalStateView = 'none' | 'pending' | 'approved' | 'denied' | 'expired' | 'used';

export interface ApprovalView {
  id: number;
  customer_id: number;
  customer_email: string;
  requester_admin_id: number;
  requester_name: string;
  requester_username: string;
  request_comment: string;
  requested_at: string;
  expires_at: string;
  decided_by_name: string | null;
  decision_comment: string | null;
  decided_at: string | null;
  state: ApprovalStateView;
}

const STATE_LABELS: Record<ApprovalStateView, string> = {
  none: 'Not requested',
  pending: 'Pending',
  approved: 'Approved',
  denied: 'Denied',
  expired: 'Expired',
  used: 'Used',
};

const PROTECTION_LABELS: Record<string, string> = { staff: 'Staff', vip: 'VIP', fraud_hold: 'Fraud hold' };

const STATE_TEXTS: Record<ApprovalStateView, string> = {
  none: 'This customer account is protected. A second admin with "Approve Login as Customer" must approve your request before you can log in as this customer.',
  used: 'Your last approval for this customer has been used. Request approval again to start another session.',
  pending: 'Your request is waiting for approval. You can log in as this customer once a second admin approves it.',
  approved: 'Your request was approved.',
  denied: 'Your request was denied. You can send a new request.',
  expired: 'Your request or approval has expired. You can send a new request.',
};

/** The request page: where this admin's request stands, and the form to send one (comment required). */
export function requestApprovalPage(
  rc: RequestContext,
  p: {
    customer: { id: number; firstname: string; lastname: string; email: string; protected_reason?: string | null };
    state: ApprovalStateView;
    last?: { decided_by_name: string | null; decision_comment: string | null };
    back: string;
    comment?: string;
    problems?: { messages: string[]; fields?: Record<string, string> };
  },
) {
  const t = rc.t;
  const c = p.customer;
  const mayRequest = p.state !== 'pending' && p.state !== 'approved';
  const reasonKey = c.protected_reason ?? 'staff';
  return adminPage(rc, {
    title: t('Request Approval to Login as Customer'),
    active: 'customers',
    content: (
      <div class="lac-approval-request">
        <p safe>
          {t('Customer: {name} ({email}), protected: {reason}', {
            name: `${c.firstname} ${c.lastname}`,
            email: c.email,
            reason: t(PROTECTION_LABELS[reasonKey] ?? reasonKey),
          })}
        </p>
        {mayRequest ? '' : <FormErrors messages={(p.problems?.messages ?? []).map((m) => t(m))} />}
        <div class={`message lac-approval-state message-${p.state === 'denied' ? 'error' : 'notice'}`} role="status" data-state={p.state} safe>
          {t(STATE_TEXTS[p.state])}
        </div>
        {p.state === 'denied' && p.last?.decision_comment ? (
          <p class="lac-decision" safe>
            {t('Denied by {admin}: {comment}', { admin: p.last.decided_by_name ?? '', comment: p.last.decision_comment })}
          </p>
        ) : (
          ''
        )}
        {mayRequest ? (
          <form method="post" action={`/admin/loginascustomer/approval/${c.id}/request`} class="admin-form" novalidate>
            <FormKey rc={rc} />
            <FormErrors messages={(p.problems?.messages ?? []).map((m) => t(m))} />
            <TextAreaField
              name="comment"
              id="lac-approval-comment"
              label={t('Reason for the request')}
              value={p.comment ?? ''}
              required
              error={p.problems?.fields?.comment && t(p.problems.fields.comment)}
              note={t('Approvers see this comment. Say why you need to log in as this customer.')}
            />
            <div class="lac-buttons">
              <a class="action-secondary" href={p.back} safe>
                {t('Cancel')}
              </a>{' '}
              <button type="submit" class="action-primary" safe>
                {t('Request Approval')}
              </button>
            </div>
          </form>
        ) : (
          <a class="action-secondary" href={p.back} safe>
            {t('Back')}
          </a>
        )}
      </div>
    ),
  });
}

/** Approve / Deny with a comment (required on Deny), one form per pending request. */
function DecisionForm({ rc, r }: { rc: RequestContext; r: ApprovalView }) {
  const t = rc.t;
  const id = `lac-decision-${r.id}`;
  return (
    <form method="post" action={`${APPROVALS_PATH}/${r.id}/approve`} class="lac-decision-form" data-approval={String(r.id)}>
      <FormKey rc={rc} />
      <label for={id} safe>
        {t('Comment')}
      </label>
      <input id={id} name="comment" maxlength="500" />
      <button type="submit" class="action-primary" safe>
        {t('Approve')}
      </button>{' '}
      <button type="submit" class="action-secondary" formaction={`${APPROVALS_PATH}/${r.id}/deny`} safe>
        {t('Deny')}
      </button>
    </form>
  );
}

/** Customers > Login as Customer Approvals: requests newest first, by state, with Approve / Deny on pending ones. */
export function approvalsGridPage(rc: RequestContext, q: Record<string, string | undefined>, data: KeysetPage<ApprovalView>, meId: number) {
  const t = rc.t;
  const query = { status: q.status };
  const tabs: (keyof typeof STATE_LABELS | '')[] = ['', 'pending', 'approved', 'denied', 'expired', 'used'];
  return adminPage(rc, {
    title: t('Login as Customer Approvals'),
    active: 'customers',
    content: (
      <>
        <nav class="grid-tabs" aria-label={t('Request status')}>
          {tabs.map((s) => (
            <a href={withQuery(APPROVALS_PATH, { status: s || undefined })} class={(q.status ?? '') === s ? 'active' : undefined} safe>
              {s ? t(STATE_LABELS[s]) : t('All')}
            </a>
          ))}
        </nav>
        <Grid
          rc={rc}
          id="login_as_customer_approvals_grid"
          action={APPROVALS_PATH}
          query={query}
          rows={data.rows}
          emptyText={t('No requests.')}
          pager={keysetPager(rc, APPROVALS_PATH, query, undefined, data, data.rows.length)}
          columns={[
            { label: t('ID'), value: (r) => r.id },
            { label: t('Customer Email'), value: (r) => r.customer_email },
            { label: t('Requested By'), value: (r) => `${r.requester_name} (${r.requester_username})` },
            { label: t('Comment'), value: (r) => r.request_comment },
            { label: t('Requested'), value: (r) => formatDate(r.requested_at, rc) },
            { label: t('Status'), value: (r) => t(STATE_LABELS[r.state]) },
            { label: t('Valid Until'), value: (r) => (r.state === 'pending' || r.state === 'approved' ? formatDate(r.expires_at, rc) : '') },
            { label: t('Decision'), value: (r) => (r.decided_by_name ? `${r.decided_by_name}: ${r.decision_comment ?? ''}` : '') },
            {
              label: t('Action'),
              cell: (r) =>
                r.state !== 'pending' ? '' : r.requester_admin_id === meId ? <span safe>{t('Your own request')}</span> : <DecisionForm rc={rc} r={r} />,
            },
          ]}
        />
      </>
    ),
  });
}
