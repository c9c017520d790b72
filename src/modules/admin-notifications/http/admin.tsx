import type { FastifyReply } from 'fastify';
import { bodyOf, ids, paramId, queryOf, redirectWith } from '../../../http/form.ts';
import { cursorOf, pageSizeOf } from '../../../db/keyset.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import type { RouteRegistrar } from '../../types.ts';
import { NOTIFICATIONS_PATH, NOTIFICATIONS_RESOURCE } from '../public.ts';
import { notificationsPage } from '../views/admin.tsx';

/** Where Mark as Read leads next: the admin link the notification named (its "Read Details"), or back to the inbox. */
const safeNext = (v: unknown) => (typeof v === 'string' && /^\/admin\/[\w/?=&.-]*$/.test(v) && !v.includes('//') ? v : NOTIFICATIONS_PATH);

const DONE = {
  read: 'A total of {count} record(s) have been marked as Read.',
  remove: 'A total of {count} record(s) have been removed.',
};

async function apply(rc: RequestContext, reply: FastifyReply, what: 'read' | 'remove', wanted: number[], next = NOTIFICATIONS_PATH) {
  const service = rc.app.services.adminNotifications;
  const result = what === 'read' ? await service.markRead(rc, wanted) : await service.remove(rc, wanted);
  if (!result.ok) return redirectWith(reply, rc, NOTIFICATIONS_PATH, { type: 'error', text: rc.t(result.messages[0]!) });
  return redirectWith(reply, rc, next, { type: 'success', text: rc.t(DONE[what], { count: result.value }) });
}

export function notificationsAdminRoutes(r: RouteRegistrar) {
  const access = (actionName: string) => ({ resource: NOTIFICATIONS_RESOURCE, actionName });
  r.adminGet('/system/notifications', access('adminhtml_notification_index'), async (req, _reply, rc) => {
    const q = queryOf(req);
    return notificationsPage(rc, q, await rc.app.services.adminNotifications.page(rc, { limit: pageSizeOf(q), cursor: cursorOf(q) }));
  });
  r.adminPost('/system/notifications/:id/read', access('adminhtml_notification_markAsRead'), (req, reply, rc) =>
    apply(rc, reply, 'read', [paramId(req) ?? 0], safeNext(bodyOf(req).next)),
  );
  r.adminPost('/system/notifications/:id/remove', access('adminhtml_notification_remove'), (req, reply, rc) => apply(rc, reply, 'remove', [paramId(req) ?? 0]));
  r.adminPost('/system/notifications/mass-read', access('adminhtml_notification_massMarkAsRead'), (req, reply, rc) =>
    apply(rc, reply, 'read', ids(bodyOf(req).selected)),
  );
  r.adminPost('/system/notifications/mass-remove', access('adminhtml_notification_massRemove'), (req, reply, rc) =>
    apply(rc, reply, 'remove', ids(bodyOf(req).selected)),
  );
}
