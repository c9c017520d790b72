import type { CustomerTab, RouteRegistrar } from '../../types.ts';
import { CustomerOrders } from '../views/customer-orders-tab.tsx';
import { orderCreateRoutes } from './admin-create-order.tsx';
import { creditMemoRoutes } from './admin-creditmemos.tsx';
import { invoiceRoutes } from './admin-invoices.tsx';
import { ORDER_RESOURCE, orderRoutes } from './admin-orders.tsx';
import { shipmentRoutes } from './admin-shipments.tsx';

/** Sales in the admin: orders, invoices, shipments and credit memos. */
export function salesAdminRoutes(r: RouteRegistrar) {
  orderRoutes(r);
  orderCreateRoutes(r);
  invoiceRoutes(r);
  shipmentRoutes(r);
  creditMemoRoutes(r);
}

/** The Orders tab on the customer edit page: that customer's orders, newest first. */
export const ordersCustomerTab: CustomerTab = {
  id: 'orders',
  label: 'Orders',
  resource: ORDER_RESOURCE,
  sortOrder: 20,
  async render(rc, customerId) {
    const { rows, total } = await rc.app.services.sales.customerOrders(rc, customerId, { limit: 50, offset: 0 });
    return <CustomerOrders rc={rc} rows={rows} total={total} />;
  },
};
