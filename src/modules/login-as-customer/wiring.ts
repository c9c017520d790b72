import type { Services } from '../../kernel/services.ts';
import { lacRepo } from './repo.ts';

/**
 * Ends assisted sessions at once when what they depend on changes elsewhere (spec §2, §3, §6), and marks
 * orders placed during an assisted session. The per-request check catches the same cases; these make the
 * end immediate and give it its reason in the log.
 */
export function wireLoginAsCustomer(services: Services) {
  const lac = services.loginAsCustomer;

  services.adminUsers.onAccessChanged(async (rc, adminId, reason, sessionHash) => {
    // An ended admin-panel session ends the assisted sessions started from it, now and with its reason.
    if (reason !== 'permission_removed') return lac.endForAdmin(rc, adminId, reason, sessionHash);
    if (!(await lacRepo.openSessions(rc.db, { adminId })).length) return;
    const admin = await services.adminUsers.byId(rc, adminId);
    if (!admin || admin.is_active !== 1) return lac.endForAdmin(rc, adminId, 'admin_disabled');
    if (!(await lac.mayAssist(rc, adminId))) return lac.endForAdmin(rc, adminId, 'permission_removed');
  });

  services.customers.onConsentChanged(async (rc, customerId, allowed) => {
    if (!allowed) await lac.endForCustomer(rc, customerId, 'consent_revoked');
    // A new expiry changes what live sessions may rely on: drop every process's copies.
    else await lac.refresh(rc);
  });

  services.customers.onAccountClosed((rc, customerId, reason) => lac.endForCustomer(rc, customerId, reason));

  services.sales.onOrderPlaced(async (rc, order) => {
    const a = rc.locals.assisted;
    if (!a) return;
    await services.sales.addPlacedOrderNote(rc, order, { text: 'Order Placed by Store Administrator', adminId: a.adminId, visible: true });
    await services.sales.addPlacedOrderNote(rc, order, {
      text: rc.t('Order Placed by {admin} using Login as Customer', { admin: a.adminName }),
      adminId: a.adminId,
      visible: false,
    });
    await lac.note(rc, `placed order #${order.increment_id}`);
  });
}
