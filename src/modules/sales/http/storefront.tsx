import { paramId, queryOf, redirectWith } from '../../../http/form.ts';
import { requireCustomer } from '../../../http/require-customer.ts';
import { accountPage } from '../../../ui/account-layout.tsx';
import type { RouteRegistrar } from '../../types.ts';
import { MyOrder } from '../views/my-order.tsx';
import { MyOrders } from '../views/my-orders.tsx';

const PAGE_SIZE = 10;

/** My Orders: the signed-in customer's orders, order view with visible comments and documents, Reorder. */
export function salesStorefrontRoutes(r: RouteRegistrar) {
  r.storefrontGet(
    '/sales/order/history',
    async (req, reply, rc) => {
      const id = requireCustomer(rc, reply);
      if (!id) return reply;
      // Page numbers are capped like the catalog's: a huge ?p= must stay an offset the database accepts.
      const page = Math.min(10_000, Math.max(1, Math.floor(Number(queryOf(req).p)) || 1));
      const { rows, total } = await rc.app.services.sales.customerOrders(rc, id, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
      const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      return accountPage(rc, rc.t('My Orders'), '/sales/order/history', <MyOrders rc={rc} data={{ rows, page, pages }} />);
    },
    { access: 'customer' },
  );

  r.storefrontGet(
    '/sales/order/view/:id',
    async (req, reply, rc) => {
      const customerId = requireCustomer(rc, reply);
      if (!customerId) return reply;
      const orderId = paramId(req);
      // Another customer's order is "not found", not "forbidden": ids reveal nothing.
      const data = orderId ? await rc.app.services.sales.myOrder(rc, customerId, orderId) : undefined;
      if (!data) return reply.callNotFound();
      return accountPage(rc, rc.t('Order # {number}', { number: data.order.increment_id }), '/sales/order/history', <MyOrder rc={rc} data={data} />);
    },
    { access: 'customer' },
  );

  r.storefrontPost(
    '/sales/order/reorder/:id',
    async (req, reply, rc) => {
      const customerId = requireCustomer(rc, reply);
      if (!customerId) return reply;
      const orderId = paramId(req);
      const result = orderId ? await rc.app.services.sales.reorderToCart(rc, customerId, orderId) : undefined;
      if (!result?.ok) return reply.callNotFound();
      return redirectWith(reply, rc, rc.url('/checkout/cart'), ...result.value.map((p) => ({ type: 'error' as const, text: p })));
    },
    { access: 'customer' },
  );
}
