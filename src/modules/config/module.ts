import type { ModuleManifest } from '../types.ts';
import { configRoutes } from './http/config-page.tsx';
import sv_SE from './i18n/sv_SE.json' with { type: 'json' };

/** Stores > Settings > Configuration: the scoped settings page. */
export const configModule: ModuleManifest = {
  name: 'config',
  catalogs: { sv_SE },
  menu: [
    { id: 'stores.config', label: 'Configuration', parent: 'stores.settings', path: '/admin/stores/config', resource: 'stores.settings.config', sortOrder: 20 },
  ],
  actionGroups: [{ id: 'system_config', label: 'System Configuration' }],
  routes: configRoutes,
};
