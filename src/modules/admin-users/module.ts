import type { ModuleManifest } from '../types.ts';
import { ACCOUNT_RESOURCE, ADMIN_LOCKOUT_FAILURES, ADMIN_LOCKOUT_MINUTES, ADMIN_SESSION_LIFETIME } from './public.ts';
import { signInRoutes } from './http/sign-in.tsx';
import { userRoutes } from './http/users.tsx';
import { accountRoutes } from './http/account.tsx';
import { roleRoutes } from './http/roles.tsx';
import { SUPPORTED_LOCALES } from '../../kernel/i18n.ts';
import sv_SE from './i18n/sv_SE.json' with { type: 'json' };

const whole = (min: number, max: number) => (v: string) => {
  const n = Number(v);
  return Number.isInteger(n) && n >= min && n <= max ? null : `Enter a whole number from ${min} to ${max}.`;
};

/** Admin users, roles and the permission check; sign-in and sign-out. */
export const adminUsersModule: ModuleManifest = {
  name: 'admin-users',
  catalogs: { sv_SE },
  resources: [
    { id: ACCOUNT_RESOURCE, label: 'Account Setting', sortOrder: 15 },
    { id: 'system.permissions', label: 'Permissions', parent: 'system', sortOrder: 10 },
    { id: 'system.permissions.users', label: 'All Users', parent: 'system.permissions', sortOrder: 10 },
    { id: 'system.permissions.roles', label: 'User Roles', parent: 'system.permissions', sortOrder: 20 },
    { id: 'stores.settings.config.admin', label: 'Admin Section', parent: 'stores.settings.config', sortOrder: 90 },
  ],
  menu: [
    { id: 'system.permissions', label: 'Permissions', parent: 'system', resource: 'system.permissions', sortOrder: 10 },
    {
      id: 'system.permissions.users',
      label: 'All Users',
      parent: 'system.permissions',
      path: '/admin/system/users',
      resource: 'system.permissions.users',
      sortOrder: 10,
    },
    {
      id: 'system.permissions.roles',
      label: 'User Roles',
      parent: 'system.permissions',
      path: '/admin/system/roles',
      resource: 'system.permissions.roles',
      sortOrder: 20,
    },
  ],
  actionGroups: [
    { id: 'admin_sign_in', label: 'Admin Sign In' },
    { id: 'admin_permissions', label: 'Admin Permissions' },
  ],
  settings: [
    {
      id: 'admin',
      label: 'Admin',
      tab: 'ADVANCED',
      resource: 'stores.settings.config.admin',
      sortOrder: 90,
      groups: [
        {
          id: 'security',
          label: 'Security',
          sortOrder: 10,
          fields: [
            {
              path: ADMIN_SESSION_LIFETIME,
              label: 'Admin Session Lifetime (seconds)',
              type: 'int',
              default: '900',
              scopes: ['default'],
              comment: 'Signed-in admins are signed out after this long without activity (60 to 31536000).',
              validate: whole(60, 31536000),
            },
            {
              path: ADMIN_LOCKOUT_FAILURES,
              label: 'Maximum Login Failures to Lockout Account',
              type: 'int',
              default: '6',
              scopes: ['default'],
              comment: 'Use 0 to disable account locking.',
              validate: whole(0, 100),
            },
            { path: ADMIN_LOCKOUT_MINUTES, label: 'Lockout Time (minutes)', type: 'int', default: '30', scopes: ['default'], validate: whole(1, 10080) },
          ],
        },
        {
          id: 'interface',
          label: 'Admin Interface',
          sortOrder: 30,
          fields: [
            {
              path: 'admin/interface/default_locale',
              label: 'Default Interface Locale for New Users',
              type: 'select',
              default: 'en_US',
              scopes: ['default'],
              options: SUPPORTED_LOCALES.map((l) => ({ value: l.code, label: l.label })),
            },
          ],
        },
      ],
    },
  ],
  rawRoutes: signInRoutes,
  routes(r) {
    userRoutes(r);
    roleRoutes(r);
    accountRoutes(r);
  },
};
