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

  // Some account actions are the customer's alone during an assisted session (setting "Blocked actions").
  services.customers.guardAccountAction((rc, action) => lac.refuseIfBlocked(rc, action));

  // What the admin does as the customer goes into the customer's "Account access history".
  services.customers.onAccountActivity(async (rc, customerId, activity) => {
    if (customerId === rc.locals.customer?.id) await lac.note(rc, activity);
  });
  services.cart.onCartChanged((rc, change) => lac.note(rc, change));

  services.sales.onOrderPlaced(async (rc, order) => {
    const a = rc.locals.assisted;
    if (!a) return;
    // Both in the store view's language: the customer reads the first one in My Orders.
    await services.sales.noteOrder(rc, order, rc.t('Order Placed by Store Administrator'), { visible: true });
    await services.sales.noteOrder(rc, order, rc.t('Order Placed by {admin} using Login as Customer', { admin: a.adminName }));
    await lac.note(rc, { kind: 'order.placed', params: { order: order.increment_id } });
  });
}
