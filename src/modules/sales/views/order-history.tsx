import type { RequestContext } from '../../../kernel/request-context.ts';
import { CheckboxField, FormErrors, FormKey, TextAreaField } from '../../../ui/components.tsx';
import { SALES_ACL } from '../index.ts';
import type { OrderViewData } from '../pages.ts';
import { ORDERS, type FormProblems } from './admin-common.ts';
import { date, stateLabel } from './format.ts';

function CommentForm({ rc, orderId, e }: { rc: RequestContext; orderId: number; e: FormProblems }) {
  const t = rc.t;
  return (
    <form method="post" action={`${ORDERS}/${orderId}/comment`} class="order-history-form">
      <FormKey rc={rc} />
      <FormErrors messages={(e.messages ?? []).map((m) => t(m))} />
      <TextAreaField name="comment" label={t('Comment')} rows={3} />
      <CheckboxField name="is_customer_notified" label={t('Notify Customer by Email')} checked={false} />
      <CheckboxField name="is_visible_on_front" label={t('Visible on Storefront')} checked={false} />
      <button type="submit" class="action-secondary" safe>
        {t('Submit Comment')}
      </button>
    </form>
  );
}

/** Notes for this Order: the comment form (with the permission) and the comments, newest first. */
export function HistoryTab({ rc, data, e }: { rc: RequestContext; data: OrderViewData; e: FormProblems }) {
  const t = rc.t;
  const may = rc.permissions.all || rc.permissions.resources.has(SALES_ACL.comment);
  return (
    <section class="order-history">
      <h2 safe>{t('Notes for this Order')}</h2>
      {may ? <CommentForm rc={rc} orderId={data.order.id} e={e} /> : ''}
      <ul class="note-list">
        {data.comments.map((c) => (
          <li>
            <span class="note-list-date" safe>
              {date(rc, c.created_at)}
            </span>{' '}
            <span class="note-list-status" safe>
              {stateLabel(rc, c.status)}
            </span>{' '}
            <span class="note-list-customer" safe>
              {c.is_customer_notified ? t('Customer Notified') : t('Customer Not Notified')}
            </span>{' '}
            {c.is_visible_on_front ? (
              <span class="note-list-visible" safe>
                {t('Visible on Storefront')}
              </span>
            ) : (
              ''
            )}
            <div class="note-list-comment" safe>
              {c.comment}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
