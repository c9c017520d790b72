import { toJson } from '../../db/helpers.ts';
import type { KeysetCursor } from '../../db/keyset.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { can, inTransaction, type RequestContext } from '../../kernel/request-context.ts';
import { ok, refused, type Result } from '../../kernel/result.ts';
import { NOTIFICATIONS_GROUP, NOTIFICATIONS_RESOURCE, type NewNotification } from './public.ts';
import { notificationsRepo, type Reader } from './repo.ts';

const GONE = 'This notification no longer exists.';
/** At most this many notifications per Mark as Read / Remove. */
const MAX_IDS = 200;

/** The reader of this request: an admin with the inbox's permission, or none. */
function readerOf(rc: RequestContext): Reader | undefined {
  if (rc.actor.type !== 'admin' || !can(rc, NOTIFICATIONS_RESOURCE)) return undefined;
  return { adminId: rc.actor.id, all: rc.permissions.all, resources: [...rc.permissions.resources] };
}

/** Marks notifications read or removed for this admin, once each, and logs it; notifications they cannot see are refused. */
async function markAll(rc: RequestContext, ids: number[], mark: 'read_at' | 'removed_at'): Promise<Result<number>> {
  const reader = readerOf(rc);
  if (!reader) return refused('Sorry, you need permissions to view this content.', 'forbidden');
  const wanted = [...new Set(ids)].slice(0, MAX_IDS);
  return inTransaction(rc, async (trx) => {
    const rows = await notificationsRepo.visible(trx.db, reader, wanted);
    if (!rows.length) return refused(GONE, 'not_found');
    const now = isoUtc(rc.app.clock.now());
    await notificationsRepo.mark(
      trx.db,
      reader.adminId,
      rows.map((r) => r.id),
      mark,
      now,
    );
    await rc.app.services.actionLog.record(trx, {
      group: NOTIFICATIONS_GROUP,
      action: mark === 'read_at' ? 'Mark as Read' : 'Remove',
      details: `${rows.length} notification(s) ${mark === 'read_at' ? 'marked as read' : 'removed'}`,
      fullDetails: { ids: rows.map((r) => r.id) },
    });
    return ok(rows.length);
  });
}

/**
 * System > Notifications: messages to admins from the store's modules (e.g. a Login as Customer approval to give),
 * each with a severity and a link, read and removed by each admin on their own.
 */
export function createAdminNotificationsService() {
  return {
    /** Adds a notification on `rc.db` (inside the caller's transaction it exists only if that commits). */
    async add(rc: RequestContext, n: NewNotification): Promise<number> {
      return notificationsRepo.insert(rc.db, {
        severity: n.severity,
        title: n.title,
        description: n.message ?? '',
        params: toJson(n.params ?? {}),
        link: n.link ?? null,
        resource: n.resource ?? null,
        admin_id: n.adminId ?? null,
        created_at: isoUtc(rc.app.clock.now()),
      });
    },

    /** Unread notifications in this admin's inbox (0 without the permission): the header's count. */
    async unreadCount(rc: RequestContext): Promise<number> {
      const reader = readerOf(rc);
      return reader ? notificationsRepo.unreadCount(rc.db, reader) : 0;
    },

    /** One page of this admin's inbox, newest first. */
    async page(rc: RequestContext, o: { limit: number; cursor: KeysetCursor }) {
      const reader = readerOf(rc);
      if (!reader) return { rows: [], page: 1 };
      return notificationsRepo.page(rc.db, reader, o);
    },

    markRead: (rc: RequestContext, ids: number[]) => markAll(rc, ids, 'read_at'),
    remove: (rc: RequestContext, ids: number[]) => markAll(rc, ids, 'removed_at'),
  };
}

export type AdminNotificationsService = ReturnType<typeof createAdminNotificationsService>;

declare module '../../kernel/services.ts' {
  interface Services {
    adminNotifications: AdminNotificationsService;
  }
}
