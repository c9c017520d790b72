import type { ModuleManifest } from '../types.ts';
import { customersAdminRoutes, customerTabs } from './http/admin.tsx';
import { deleteAccountRoutes } from './http/delete-account.tsx';
import { customersStorefrontRoutes } from './http/storefront.tsx';
import { loadStorefrontSession } from './session.ts';

/** Customer accounts on the storefront (sessions, account pages, address book, newsletter, wish list) and in the admin. */
export const customersModule: ModuleManifest = {
  name: 'customers',
  resources: [
    { id: 'customers.all', label: 'All Customers', parent: 'customers', sortOrder: 10 },
    { id: 'customers.groups', label: 'Customer Groups', parent: 'customers', sortOrder: 30 },
  ],
  menu: [
    { id: 'customers.all', label: 'All Customers', parent: 'customers', path: '/admin/customers', resource: 'customers.all', sortOrder: 10 },
    { id: 'customers.groups', label: 'Customer Groups', parent: 'customers', path: '/admin/customers/groups', resource: 'customers.groups', sortOrder: 30 },
  ],
  actionGroups: [{ id: 'customers', label: 'Customers' }],
  routes(r) {
    customersStorefrontRoutes(r);
    deleteAccountRoutes(r);
    customersAdminRoutes(r);
  },
  onStorefrontRequest: loadStorefrontSession,
  customerTabs,
  accountNav: [
    { label: 'My Account', path: '/customer/account', sortOrder: 10 },
    { label: 'My Wish List', path: '/wishlist', sortOrder: 30 },
    { label: 'Address Book', path: '/customer/address', sortOrder: 40 },
    { label: 'Account Information', path: '/customer/account/edit', sortOrder: 50 },
    { label: 'Newsletter Subscriptions', path: '/newsletter/manage', sortOrder: 60 },
  ],
};
