/** Plain values of the admin notifications inbox, for other modules (through index.ts) and its own files. */

/** The permission for System > Notifications (and the header's count of unread ones). */
export const NOTIFICATIONS_RESOURCE = 'system.notifications';
/** The Action Log group of Mark as Read and Remove. */
export const NOTIFICATIONS_GROUP = 'admin_notifications';
export const NOTIFICATIONS_PATH = '/admin/system/notifications';

/** Magento's severities: 1 critical … 4 notice. */
export type Severity = 1 | 2 | 3 | 4;
export const SEVERITY = { critical: 1, major: 2, minor: 3, notice: 4 } as const satisfies Record<string, Severity>;

/**
 * A notification another module adds. `title` and `message` are English source texts with named placeholders
 * (each also a key of the adding module's catalog), filled from `params` and translated when shown.
 */
export interface NewNotification {
  severity: Severity;
  title: string;
  /** The longer text under the title (stored as its description). */
  message?: string;
  params?: Record<string, string | number>;
  /** An admin path (e.g. the page where the admin acts on it). */
  link?: string;
  /** Only admins whose role has this resource see it; absent: every admin who may open the inbox. */
  resource?: string;
  /** Only this admin sees it (e.g. the one whose request was decided). */
  adminId?: number;
}
