import type { RouteRegistrar } from '../../types.ts';
import { SALES_ACL } from '../index.ts';
import { documentRoutes } from './admin-documents.tsx';
import { qtysForm, tracksForm } from './admin-forms.ts';

/** Sales > Shipments, and shipping an order with tracking numbers. */
export function shipmentRoutes(r: RouteRegistrar) {
  documentRoutes(r, {
    newKind: 'ship',
    kind: 'shipments',
    resource: SALES_ACL.ship,
    action: 'adminhtml_order_shipment',
    done: 'The shipment has been created.',
    save: (rc, orderId, body) => rc.app.services.sales.ship(rc, orderId, qtysForm.parse(body), tracksForm.parse(body)),
  });
}
