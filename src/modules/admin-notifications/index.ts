/**
 * The admin notifications module's public surface. Other modules add notifications with
 * `rc.app.services.adminNotifications.add(rc, …)` (in their transaction: it is written only if that commits).
 */
export { NOTIFICATIONS_GROUP, NOTIFICATIONS_PATH, NOTIFICATIONS_RESOURCE, SEVERITY } from './public.ts';
export type { NewNotification, Severity } from './public.ts';
