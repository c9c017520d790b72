import type { RequestContext } from '../../../kernel/request-context.ts';
import type { SalesDocumentRef } from '../../types.ts';
import type { DocumentKind, Order } from '../index.ts';

export const ORDERS = '/admin/sales/orders';

/** The admin pages of each document kind. */
export const DOCS: Record<DocumentKind, { path: string; resource: string; title: string; single: string; type: SalesDocumentRef['type'] }> = {
  invoices: { path: '/admin/sales/invoices', resource: 'sales.operations.invoices', title: 'Invoices', single: 'Invoice', type: 'invoice' },
  shipments: { path: '/admin/sales/shipments', resource: 'sales.operations.shipments', title: 'Shipments', single: 'Shipment', type: 'shipment' },
  credit_memos: {
    path: '/admin/sales/creditmemos',
    resource: 'sales.operations.creditmemos',
    title: 'Credit Memos',
    single: 'Credit Memo',
    type: 'creditmemo',
  },
};

/** A form's refusal, shown above it. */
export type FormProblems = { messages?: string[] };

/** Buttons other modules add to document pages (Login as Customer …): a UI slot filled through the registry. */
export async function documentButtons(rc: RequestContext, order: Pick<Order, 'id' | 'customer_id' | 'store_view_id'>, type: SalesDocumentRef['type']) {
  const ref: SalesDocumentRef = { type, orderId: order.id, customerId: order.customer_id, storeViewId: order.store_view_id };
  return Promise.all(rc.app.registry.modules.filter((m) => m.documentButtons).map((m) => m.documentButtons!(rc, ref)));
}
