import type { RequestContext } from '../../../kernel/request-context.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { PostButton, rendered } from '../../../ui/components.tsx';
import { SALES_ACL as A, type DocumentKind } from '../index.ts';
import type { OrderViewData } from '../pages.ts';
import { documentButtons, ORDERS, type FormProblems } from './admin-common.ts';
import { DocumentsTab } from './order-documents.tsx';
import { HistoryTab } from './order-history.tsx';
import { InfoTab } from './order-info.tsx';

const TABS = [
  { id: 'info', label: 'Information' },
  { id: 'invoices', label: 'Invoices' },
  { id: 'creditmemos', label: 'Credit Memos' },
  { id: 'shipments', label: 'Shipments' },
  { id: 'history', label: 'Comments History' },
];

/** The tab asked for, or Information. */
export const orderTab = (tab: string | undefined) => (TABS.some((x) => x.id === tab) ? tab! : 'info');

/** The documents a tab lists (none for Information and Comments History). */
export const tabDocuments = (tab: string): DocumentKind | null =>
  tab === 'invoices' ? 'invoices' : tab === 'shipments' ? 'shipments' : tab === 'creditmemos' ? 'credit_memos' : null;

function Link({ href, label }: { href: string; label: string }) {
  return (
    <a class="action-secondary" href={href} safe>
      {label}
    </a>
  );
}

/** Back, other modules' buttons, then the actions the order's state and the admin's permissions allow. */
async function actions(rc: RequestContext, data: OrderViewData) {
  const t = rc.t;
  const { order, items } = data;
  const can = (r: string) => rc.permissions.all || rc.permissions.resources.has(r);
  const base = `${ORDERS}/${order.id}`;
  const open = ['pending', 'processing'].includes(order.state);
  const canInvoice = open && items.some((i) => i.qty_ordered - i.qty_invoiced - i.qty_canceled > 0);
  const canShip = open && items.some((i) => i.qty_ordered - i.qty_shipped - i.qty_canceled - i.qty_refunded > 0);
  const canRefund = ['processing', 'complete'].includes(order.state) && order.total_invoiced > order.total_refunded;
  const canCancel = order.state === 'pending' && items.every((i) => i.qty_invoiced === 0 && i.qty_shipped === 0);
  return (
    <div class="page-actions-buttons" data-role="document-actions">
      <a class="action-back" href={ORDERS} safe>
        {t('Back')}
      </a>
      {rendered(await documentButtons(rc, order, 'order'))}
      {canCancel && can(A.cancel) ? (
        <PostButton rc={rc} action={`${base}/cancel`} label={t('Cancel')} confirm={t('Are you sure you want to cancel this order?')} />
      ) : (
        ''
      )}
      {open && can(A.hold) ? <PostButton rc={rc} action={`${base}/hold`} label={t('Hold')} /> : ''}
      {order.state === 'holded' && can(A.hold) ? <PostButton rc={rc} action={`${base}/unhold`} label={t('Unhold')} /> : ''}
      {canInvoice && can(A.invoice) ? <Link href={`${base}/invoice/new`} label={t('Invoice')} /> : ''}
      {canRefund && can(A.creditmemo) ? <Link href={`${base}/creditmemo/new`} label={t('Credit Memo')} /> : ''}
      {canShip && can(A.ship) ? <Link href={`${base}/ship/new`} label={t('Ship')} /> : ''}
      {can(A.reorder) ? <PostButton rc={rc} action={`${base}/reorder`} label={t('Reorder')} confirm={t('Create a new order with the same items?')} /> : ''}
    </div>
  );
}

/** The admin order view: actions, the tab navigation and the current tab. */
export async function orderViewPage(rc: RequestContext, data: OrderViewData, tab: string, e: FormProblems = {}) {
  const t = rc.t;
  const current = orderTab(tab);
  const base = `${ORDERS}/${data.order.id}`;
  const kind = tabDocuments(current);
  let body: JSX.Element;
  if (current === 'info')
    body = (
      <>
        <InfoTab rc={rc} data={data} />
        <HistoryTab rc={rc} data={data} e={e} />
      </>
    );
  else if (current === 'history') body = <HistoryTab rc={rc} data={data} e={e} />;
  else body = <DocumentsTab rc={rc} kind={kind!} docs={data.documents} />;
  return adminPage(rc, {
    title: t('# {number}', { number: data.order.increment_id }),
    active: 'sales',
    actions: await actions(rc, data),
    content: (
      <div class="tabs-layout">
        <nav class="tabs-nav" aria-label={t('Order View')}>
          <h3 safe>{t('Order View')}</h3>
          {TABS.map((x) => (
            <a href={`${base}?tab=${x.id}`} aria-current={x.id === current ? 'page' : undefined} safe>
              {t(x.label)}
            </a>
          ))}
        </nav>
        <div class="tabs-content">{rendered(body)}</div>
      </div>
    ),
  });
}
