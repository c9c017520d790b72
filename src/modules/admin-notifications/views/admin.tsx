import { formatDate } from '../../../kernel/dates.ts';
import type { KeysetPage } from '../../../db/keyset.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { FormKey, PostButton } from '../../../ui/components.tsx';
import { Grid, keysetPager } from '../../../ui/grid.tsx';
import { NOTIFICATIONS_PATH, type Severity } from '../public.ts';

export interface NotificationRow {
  id: number;
  severity: Severity;
  title: string;
  description: string;
  params: Record<string, string | number>;
  link: string | null;
  created_at: string;
  read_at: string | null;
}

const SEVERITY_LABELS: Record<Severity, string> = { 1: 'Critical', 2: 'Major', 3: 'Minor', 4: 'Notice' };
const MASS_FORM = 'notifications-mass';

/** The row's message: its title (bold while unread) and description, translated with their values. */
function Message({ rc, r }: { rc: RequestContext; r: NotificationRow }) {
  return (
    <div class={r.read_at ? 'notification read' : 'notification unread'}>
      {r.read_at ? <span safe>{rc.t(r.title, r.params)}</span> : <strong safe>{rc.t(r.title, r.params)}</strong>}
      {r.description ? <p safe>{rc.t(r.description, r.params)}</p> : ''}
    </div>
  );
}

/** Read Details (marks it read and opens its link), Mark as Read, Remove: each a POST with the form key. */
function Actions({ rc, r }: { rc: RequestContext; r: NotificationRow }) {
  const t = rc.t;
  return (
    <div class="notification-actions">
      {r.link ? (
        <PostButton rc={rc} action={`${NOTIFICATIONS_PATH}/${r.id}/read`} fields={{ next: r.link }} label={t('Read Details')} class="action-link" />
      ) : (
        ''
      )}
      {r.read_at ? '' : <PostButton rc={rc} action={`${NOTIFICATIONS_PATH}/${r.id}/read`} label={t('Mark as Read')} class="action-link" />}
      <PostButton rc={rc} action={`${NOTIFICATIONS_PATH}/${r.id}/remove`} label={t('Remove')} class="action-link" confirm={t('Are you sure?')} />
    </div>
  );
}

/** System > Notifications: this admin's inbox, newest first, with Mark as Read and Remove per row and for those ticked. */
export function notificationsPage(rc: RequestContext, q: Record<string, string | undefined>, data: KeysetPage<NotificationRow>) {
  const t = rc.t;
  return adminPage(rc, {
    title: t('Notifications'),
    active: 'system',
    content: (
      <>
        <form method="post" action={`${NOTIFICATIONS_PATH}/mass-read`} id={MASS_FORM} class="grid-mass-actions">
          <FormKey rc={rc} />
          <button type="submit" class="action-secondary" safe>
            {t('Mark as Read')}
          </button>{' '}
          <button type="submit" class="action-secondary" formaction={`${NOTIFICATIONS_PATH}/mass-remove`} safe>
            {t('Remove')}
          </button>
        </form>
        <Grid
          rc={rc}
          id="notification_grid"
          action={NOTIFICATIONS_PATH}
          query={{}}
          rows={data.rows}
          emptyText={t('You have no notifications.')}
          select={{ form: MASS_FORM, value: (r) => String(r.id) }}
          pager={keysetPager(rc, NOTIFICATIONS_PATH, q, undefined, data, data.rows.length)}
          columns={[
            { label: t('Severity'), value: (r) => t(SEVERITY_LABELS[r.severity] ?? 'Notice') },
            { label: t('Date Added'), value: (r) => formatDate(r.created_at, rc) },
            { label: t('Message'), cell: (r) => <Message rc={rc} r={r} /> },
            { label: t('Actions'), cell: (r) => <Actions rc={rc} r={r} /> },
          ]}
        />
      </>
    ),
  });
}
