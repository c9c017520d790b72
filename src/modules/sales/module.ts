import type { ModuleManifest } from '../types.ts';
import { ordersCustomerTab, salesAdminRoutes } from './http/admin.tsx';
import { createOrderCustomerButton } from './http/admin-create-order.tsx';
import { SALES_ACL } from './index.ts';
import { salesStorefrontRoutes } from './http/storefront.tsx';
import sv_SE from './i18n/sv_SE.json' with { type: 'json' };

/** Sales > Orders, Invoices, Shipments, Credit Memos in the admin; My Orders on the storefront. */
export const salesModule: ModuleManifest = {
  name: 'sales',
  catalogs: { sv_SE },
  resources: [
    { id: 'sales.operations', label: 'Operations', parent: 'sales', sortOrder: 10 },
    { id: 'sales.operations.orders', label: 'Orders', parent: 'sales.operations', sortOrder: 10 },
    { id: 'sales.operations.orders.actions', label: 'Actions', parent: 'sales.operations.orders', sortOrder: 10 },
    { id: SALES_ACL.view, label: 'View', parent: 'sales.operations.orders.actions', sortOrder: 10 },
    { id: SALES_ACL.invoice, label: 'Invoice', parent: 'sales.operations.orders.actions', sortOrder: 20 },
    { id: SALES_ACL.ship, label: 'Ship', parent: 'sales.operations.orders.actions', sortOrder: 30 },
    { id: SALES_ACL.creditmemo, label: 'Credit Memos', parent: 'sales.operations.orders.actions', sortOrder: 40 },
    { id: SALES_ACL.cancel, label: 'Cancel', parent: 'sales.operations.orders.actions', sortOrder: 50 },
    { id: SALES_ACL.hold, label: 'Hold', parent: 'sales.operations.orders.actions', sortOrder: 60 },
    { id: SALES_ACL.comment, label: 'Comment', parent: 'sales.operations.orders.actions', sortOrder: 70 },
    { id: SALES_ACL.reorder, label: 'Reorder', parent: 'sales.operations.orders.actions', sortOrder: 80 },
    { id: SALES_ACL.create, label: 'Create', parent: 'sales.operations.orders.actions', sortOrder: 90 },
    { id: 'sales.operations.invoices', label: 'Invoices', parent: 'sales.operations', sortOrder: 20 },
    { id: 'sales.operations.shipments', label: 'Shipments', parent: 'sales.operations', sortOrder: 30 },
    { id: 'sales.operations.creditmemos', label: 'Credit Memos', parent: 'sales.operations', sortOrder: 40 },
  ],
  menu: [
    { id: 'sales.operations', label: 'Operations', parent: 'sales', resource: 'sales.operations', sortOrder: 10 },
    { id: 'sales.orders', label: 'Orders', parent: 'sales.operations', path: '/admin/sales/orders', resource: 'sales.operations.orders', sortOrder: 10 },
    {
      id: 'sales.invoices',
      label: 'Invoices',
      parent: 'sales.operations',
      path: '/admin/sales/invoices',
      resource: 'sales.operations.invoices',
      sortOrder: 20,
    },
    {
      id: 'sales.shipments',
      label: 'Shipments',
      parent: 'sales.operations',
      path: '/admin/sales/shipments',
      resource: 'sales.operations.shipments',
      sortOrder: 30,
    },
    {
      id: 'sales.creditmemos',
      label: 'Credit Memos',
      parent: 'sales.operations',
      path: '/admin/sales/creditmemos',
      resource: 'sales.operations.creditmemos',
      sortOrder: 40,
    },
  ],
  actionGroups: [{ id: 'sales', label: 'Sales' }],
  routes(r) {
    salesStorefrontRoutes(r);
    salesAdminRoutes(r);
  },
  customerTabs: [ordersCustomerTab],
  customerViewButtons: createOrderCustomerButton,
  accountNav: [{ label: 'My Orders', path: '/sales/order/history', sortOrder: 20 }],
};
