import type { ModuleManifest } from '../types.ts';
import { catalogAdminRoutes } from './http/admin.tsx';
import { catalogImageRoutes } from './http/images.tsx';
import { catalogMediaRoutes } from './http/media.ts';
import { catalogStorefrontRoutes } from './http/storefront.tsx';
import sv_SE from './i18n/sv_SE.json' with { type: 'json' };

/** Catalog > Products and Categories in the admin; home, category, product and search pages on the storefront. */
export const catalogModule: ModuleManifest = {
  name: 'catalog',
  catalogs: { sv_SE },
  resources: [
    { id: 'catalog.inventory', label: 'Inventory', parent: 'catalog', sortOrder: 10 },
    { id: 'catalog.inventory.products', label: 'Products', parent: 'catalog.inventory', sortOrder: 10 },
    { id: 'catalog.inventory.categories', label: 'Categories', parent: 'catalog.inventory', sortOrder: 20 },
  ],
  menu: [
    { id: 'catalog.inventory', label: 'Inventory', parent: 'catalog', resource: 'catalog.inventory', sortOrder: 10 },
    {
      id: 'catalog.products',
      label: 'Products',
      parent: 'catalog.inventory',
      path: '/admin/catalog/products',
      resource: 'catalog.inventory.products',
      sortOrder: 10,
    },
    {
      id: 'catalog.categories',
      label: 'Categories',
      parent: 'catalog.inventory',
      path: '/admin/catalog/categories',
      resource: 'catalog.inventory.categories',
      sortOrder: 20,
    },
  ],
  actionGroups: [
    { id: 'catalog_products', label: 'Catalog Products' },
    { id: 'catalog_categories', label: 'Catalog Categories' },
  ],
  routes(r) {
    catalogStorefrontRoutes(r);
    catalogAdminRoutes(r);
    catalogImageRoutes(r);
  },
  rawRoutes: catalogMediaRoutes,
};
