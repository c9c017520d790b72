import type { ModuleManifest } from '../types.ts';
import { customersAdminRoutes, customerTabs } from './http/admin.tsx';
import { deleteAccountRoutes } from './http/delete-account.tsx';
import { customersStorefrontRoutes } from './http/storefront.tsx';
import { loadStorefrontSession } from './session.ts';
import { CUSTOMER_LOCKOUT_FAILURES, CUSTOMER_LOCKOUT_MINUTES } from './public.ts';
import sv_SE from './i18n/sv_SE.json' with { type: 'json' };

const whole = (min: number, max: number) => (v: string) => {
  const n = Number(v);
  return Number.isInteger(n) && n >= min && n <= max ? null : `Enter a whole number from ${min} to ${max}.`;
};

/** Customer accounts on the storefront (sessions, account pages, address book, newsletter, wish list) and in the admin. */
export const customersModule: ModuleManifest = {
  name: 'customers',
  catalogs: { sv_SE },
  resources: [
    { id: 'customers.all', label: 'All Customers', parent: 'customers', sortOrder: 10 },
    { id: 'customers.groups', label: 'Customer Groups', parent: 'customers', sortOrder: 30 },
  ],
  menu: [
    { id: 'customers.all', label: 'All Customers', parent: 'customers', path: '/admin/customers', resource: 'customers.all', sortOrder: 10 },
    { id: 'customers.groups', label: 'Customer Groups', parent: 'customers', path: '/admin/customers/groups', resource: 'customers.groups', sortOrder: 30 },
  ],
  actionGroups: [{ id: 'customers', label: 'Customers' }],
  settings: [
    {
      // Merges with the section the stores module declares (Account Sharing Options).
      id: 'customer',
      label: 'Customer Configuration',
      tab: 'CUSTOMERS',
      resource: 'stores.settings.config.customer',
      sortOrder: 30,
      groups: [
        {
          id: 'password',
          label: 'Password Options',
          sortOrder: 40,
          fields: [
            {
              path: CUSTOMER_LOCKOUT_FAILURES,
              label: 'Maximum Login Failures to Lockout Account',
              type: 'int',
              default: '10',
              scopes: ['default'],
              comment: 'Use 0 to disable account locking.',
              validate: whole(0, 100),
            },
            { path: CUSTOMER_LOCKOUT_MINUTES, label: 'Lockout Time (minutes)', type: 'int', default: '10', scopes: ['default'], validate: whole(1, 10080) },
          ],
        },
      ],
    },
  ],
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
