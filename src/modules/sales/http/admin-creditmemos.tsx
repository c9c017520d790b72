import type { RouteRegistrar } from '../../types.ts';
import { SALES_ACL } from '../index.ts';
import { documentRoutes } from './admin-documents.tsx';
import { qtysForm, refundForm } from './admin-forms.ts';

/** Sales > Credit Memos, and refunding an order offline. */
export function creditMemoRoutes(r: RouteRegistrar) {
  documentRoutes(r, {
    newKind: 'creditmemo',
    kind: 'credit_memos',
    resource: SALES_ACL.creditmemo,
    action: 'sales_order_creditmemo',
    done: 'You created the credit memo.',
    save: (rc, orderId, body) => rc.app.services.sales.refund(rc, orderId, { qtys: qtysForm.parse(body), ...refundForm.parse(body) }),
  });
}
