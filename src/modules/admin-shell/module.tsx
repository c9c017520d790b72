import type { ModuleManifest } from '../types.ts';
import { dashboardRoutes } from './http/dashboard.tsx';
import sv_SE from './i18n/sv_SE.json' with { type: 'json' };

/**
 * The admin panel's frame: the top of the permission tree and of the left menu (Dashboard, Sales, Catalog,
 * Customers, Stores, System). Feature modules hang their entries below these.
 */
export const adminShellModule: ModuleManifest = {
  name: 'admin-shell',
  catalogs: { sv_SE },
  resources: [
    { id: 'dashboard', label: 'Dashboard', sortOrder: 10 },
    { id: 'sales', label: 'Sales', sortOrder: 20 },
    { id: 'catalog', label: 'Catalog', sortOrder: 30 },
    { id: 'customers', label: 'Customers', sortOrder: 40 },
    { id: 'stores', label: 'Stores', sortOrder: 50 },
    { id: 'stores.settings', label: 'Settings', parent: 'stores', sortOrder: 10 },
    { id: 'system', label: 'System', sortOrder: 60 },
  ],
  menu: [
    { id: 'dashboard', label: 'Dashboard', path: '/admin/dashboard', resource: 'dashboard', sortOrder: 10 },
    { id: 'sales', label: 'Sales', resource: 'sales', sortOrder: 20 },
    { id: 'catalog', label: 'Catalog', resource: 'catalog', sortOrder: 30 },
    { id: 'customers', label: 'Customers', resource: 'customers', sortOrder: 40 },
    { id: 'stores', label: 'Stores', resource: 'stores', sortOrder: 50 },
    { id: 'stores.settings', label: 'Settings', parent: 'stores', resource: 'stores.settings', sortOrder: 10 },
    { id: 'system', label: 'System', resource: 'system', sortOrder: 60 },
  ],
  routes(r) {
    dashboardRoutes(r);
  },
};
