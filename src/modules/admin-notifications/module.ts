import type { ModuleManifest } from '../types.ts';
import { notificationsAdminRoutes } from './http/admin.tsx';
import { NOTIFICATIONS_GROUP, NOTIFICATIONS_PATH, NOTIFICATIONS_RESOURCE } from './public.ts';
import sv_SE from './i18n/sv_SE.json' with { type: 'json' };

/** System > Notifications: the admins' inbox other modules write to, with its count in the admin header. */
export const adminNotificationsModule: ModuleManifest = {
  name: 'admin-notifications',
  catalogs: { sv_SE },
  resources: [{ id: NOTIFICATIONS_RESOURCE, label: 'Notifications', parent: 'system', sortOrder: 5 }],
  menu: [{ id: NOTIFICATIONS_RESOURCE, label: 'Notifications', parent: 'system', path: NOTIFICATIONS_PATH, resource: NOTIFICATIONS_RESOURCE, sortOrder: 5 }],
  actionGroups: [{ id: NOTIFICATIONS_GROUP, label: 'Notifications' }],
  routes: notificationsAdminRoutes,
};
