import type { ModuleManifest } from '../types.ts';
import { jobsAdminRoutes } from './http/admin.tsx';
import { JOBS_GROUP, JOBS_RESOURCE } from './public.ts';
import sv_SE from './i18n/sv_SE.json' with { type: 'json' };

/** Background jobs: the durable queue's admin page (System > Background Jobs) and its Action Log group. */
export const jobsModule: ModuleManifest = {
  name: 'jobs',
  catalogs: { sv_SE },
  resources: [{ id: JOBS_RESOURCE, label: 'Background Jobs', parent: 'system', sortOrder: 40 }],
  menu: [{ id: JOBS_RESOURCE, label: 'Background Jobs', parent: 'system', path: '/admin/system/jobs', resource: JOBS_RESOURCE, sortOrder: 40 }],
  actionGroups: [{ id: JOBS_GROUP, label: 'Background Jobs' }],
  routes: jobsAdminRoutes,
};
