import type { RouteRegistrar } from '../../types.ts';
import { SALES_ACL } from '../index.ts';
import { documentRoutes } from './admin-documents.tsx';
import { qtysForm } from './admin-forms.ts';

/** Sales > Invoices, and invoicing an order (offline capture). */
export function invoiceRoutes(r: RouteRegistrar) {
  documentRoutes(r, {
    newKind: 'invoice',
    kind: 'invoices',
    resource: SALES_ACL.invoice,
    action: 'sales_order_invoice',
    done: 'The invoice has been created.',
    save: (rc, orderId, body) => rc.app.services.sales.invoice(rc, orderId, qtysForm.parse(body)),
  });
}
