import type { ModuleManifest } from '../types.ts';
import { configRoutes } from './http/config-page.tsx';

/** Stores > Settings > Configuration: the scoped settings page. */
export const configModule: ModuleManifest = {
  name: 'config',
  menu: [
    { id: 'stores.config', label: 'Configuration', parent: 'stores.settings', path: '/admin/stores/config', resource: 'stores.settings.config', sortOrder: 20 },
  ],
  actionGroups: [{ id: 'system_config', label: 'System Configuration' }],
  routes: configRoutes,
};
