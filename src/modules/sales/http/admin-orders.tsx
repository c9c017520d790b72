import { bodyOf, paramId, queryOf, redirectWith } from '../../../http/form.ts';
import { statusOf } from '../../../http/failures.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import type { Result } from '../../../kernel/result.ts';
import { cursorOf, pageSizeOf } from '../../../db/keyset.ts';
import { sendCsv } from '../../../http/csv-download.ts';
import { gridColumnsRoute } from '../../../http/grid-columns.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import type { RouteRegistrar } from '../../types.ts';
import { SALES_ACL as A } from '../index.ts';
import { ORDERS } from '../views/admin-common.ts';
import { OrderGrid } from '../views/order-grid.tsx';
import { orderTab, orderViewPage, tabDocuments } from '../views/order-view.tsx';
import { commentForm, orderGridQuery } from './admin-forms.ts';
import { CreateOrderButton } from './admin-create-order.tsx';

export const ORDER_RESOURCE = 'sales.operations.orders';

/** The order view with a tab; undefined when the order does not exist. */
async function orderPage(rc: RequestContext, orderId: number, tab: string | undefined, e: { messages?: string[] } = {}) {
  const current = orderTab(tab);
  const data = await rc.app.services.sales.orderView(rc, orderId, tabDocuments(current));
  return data ? orderViewPage(rc, data, current, e) : undefined;
}

/** Sales > Orders: the grid, the order view and the order actions (cancel, hold, unhold, reorder, comment). */
export function orderRoutes(r: RouteRegistrar) {
  gridColumnsRoute(r, { path: '/sales/orders', resource: ORDER_RESOURCE, grid: 'sales_order_grid', actionName: 'sales_order_columns' });
  r.adminGet('/sales/orders', { resource: ORDER_RESOURCE, actionName: 'sales_order_index' }, async (req, _reply, rc) => {
    const q = queryOf(req);
    const { sort, dir, filters } = orderGridQuery(q);
    const data = await rc.app.services.sales.orderGrid(rc, filters, { sort, dir, limit: pageSizeOf(q), cursor: cursorOf(q) });
    return adminPage(rc, {
      title: rc.t('Orders'),
      active: 'sales',
      actions: <CreateOrderButton rc={rc} />,
      content: <OrderGrid rc={rc} data={data} q={q} sort={sort} dir={dir} />,
    });
  });

  r.adminGet('/sales/orders/export/csv', { resource: ORDER_RESOURCE, actionName: 'sales_order_exportCsv' }, async (req, reply, rc) => {
    const { filters } = orderGridQuery(queryOf(req));
    const file = await rc.app.services.sales.exportOrders(rc, filters);
    return sendCsv(reply, rc, file);
  });

  r.adminGet('/sales/orders/:id', { resource: A.view, actionName: 'sales_order_view' }, async (req, reply, rc) => {
    const id = paramId(req);
    const page = id ? await orderPage(rc, id, queryOf(req).tab) : undefined;
    return page ?? reply.callNotFound();
  });

  const simple = (path: string, resource: string, actionName: string, run: (rc: RequestContext, id: number) => Promise<Result<unknown>>, done: string) =>
    r.adminPost(`/sales/orders/:id/${path}`, { resource, actionName }, async (req, reply, rc) => {
      const id = paramId(req);
      const result = id ? await run(rc, id) : undefined;
      if (!result || (!result.ok && result.kind === 'not_found')) return reply.callNotFound();
      if (!result.ok) return redirectWith(reply, rc, `${ORDERS}/${id}`, { type: 'error', text: rc.t(result.messages[0]!) });
      return redirectWith(reply, rc, `${ORDERS}/${id}`, { type: 'success', text: rc.t(done) });
    });
  simple('cancel', A.cancel, 'sales_order_cancel', (rc, id) => rc.app.services.sales.cancel(rc, id), 'You canceled the order.');
  simple('hold', A.hold, 'sales_order_hold', (rc, id) => rc.app.services.sales.hold(rc, id), 'You put the order on hold.');
  simple('unhold', A.hold, 'sales_order_unhold', (rc, id) => rc.app.services.sales.unhold(rc, id), 'You released the order from holding status.');

  r.adminPost('/sales/orders/:id/reorder', { resource: A.reorder, actionName: 'sales_order_create_reorder' }, async (req, reply, rc) => {
    const id = paramId(req);
    const result = id ? await rc.app.services.sales.adminReorder(rc, id) : undefined;
    if (!result || (!result.ok && result.kind === 'not_found')) return reply.callNotFound();
    if (!result.ok) return redirectWith(reply, rc, `${ORDERS}/${id}`, { type: 'error', text: rc.t(result.messages[0]!) });
    return redirectWith(reply, rc, `${ORDERS}/${result.value}`, { type: 'success', text: rc.t('You created the order.') });
  });

  r.adminPost('/sales/orders/:id/comment', { resource: A.comment, actionName: 'sales_order_addComment' }, async (req, reply, rc) => {
    const id = paramId(req);
    const { text, flags } = commentForm.parse(bodyOf(req));
    const result = id ? await rc.app.services.sales.addComment(rc, id, text, flags) : undefined;
    if (!result || (!result.ok && result.kind === 'not_found')) return reply.callNotFound();
    if (!result.ok) {
      reply.code(statusOf(result.kind));
      return (await orderPage(rc, id!, 'history', result)) ?? reply.callNotFound();
    }
    return redirectWith(reply, rc, `${ORDERS}/${id}?tab=history`, { type: 'success', text: rc.t('You added a comment to the order.') });
  });
}
