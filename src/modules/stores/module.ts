import { isEmailAddress } from '../../kernel/email.ts';
import { ACCOUNT_SHARE_SCOPE, LOCALE_CODE, SENDER_EMAIL, SENDER_NAME, SHARE_GLOBAL, TIMEZONE } from './index.ts';
import type { ModuleManifest } from '../types.ts';
import { DEFAULT_TIME_ZONE, timeZones } from '../../kernel/dates.ts';
import { SUPPORTED_LOCALES } from '../../kernel/i18n.ts';
import { allStoresRoutes } from './http/all-stores.tsx';
import sv_SE from './i18n/sv_SE.json' with { type: 'json' };

export const SHARE_PER_WEBSITE = '1';
export { LOCALE_CODE };

// Translated where they are shown (the config page); written as `message` so the catalog extractor finds them.
const INVALID_SENDER_NAME = { message: 'Please enter a name of up to 100 characters without quotes or angle brackets.' };
const INVALID_SENDER_EMAIL = { message: 'Please enter a valid email address (Ex: johndoe@domain.com).' };

/** Websites > stores > store views (Stores > Settings > All Stores), locale and account sharing settings. */
export const storesModule: ModuleManifest = {
  name: 'stores',
  catalogs: { sv_SE },
  resources: [
    { id: 'stores.settings.all_stores', label: 'All Stores', parent: 'stores.settings', sortOrder: 10 },
    { id: 'stores.settings.config', label: 'Configuration', parent: 'stores.settings', sortOrder: 20 },
    { id: 'stores.settings.config.general', label: 'General Section', parent: 'stores.settings.config', sortOrder: 10 },
    { id: 'stores.settings.config.customer', label: 'Customer Configuration Section', parent: 'stores.settings.config', sortOrder: 30 },
  ],
  menu: [
    { id: 'stores.all', label: 'All Stores', parent: 'stores.settings', path: '/admin/stores/all', resource: 'stores.settings.all_stores', sortOrder: 10 },
  ],
  actionGroups: [{ id: 'stores', label: 'Stores' }],
  routes: allStoresRoutes,
  settings: [
    {
      id: 'general',
      label: 'General',
      tab: 'GENERAL',
      resource: 'stores.settings.config.general',
      sortOrder: 10,
      groups: [
        {
          id: 'locale',
          label: 'Locale Options',
          fields: [
            {
              path: LOCALE_CODE,
              label: 'Locale',
              type: 'select',
              default: 'en_US',
              scopes: ['default', 'websites', 'stores'],
              options: SUPPORTED_LOCALES.map((l) => ({ value: l.code, label: l.label })),
            },
            {
              path: TIMEZONE,
              label: 'Timezone',
              type: 'select',
              default: DEFAULT_TIME_ZONE,
              scopes: ['default', 'websites', 'stores'],
              comment: 'Times are stored in UTC and shown in this zone; the admin panel uses the Default Config value.',
              options: timeZones().map((zone) => ({ value: zone, label: zone })),
            },
          ],
        },
      ],
    },
    {
      id: 'trans_email',
      label: 'Store Email Addresses',
      tab: 'GENERAL',
      resource: 'stores.settings.config.general',
      sortOrder: 20,
      groups: [
        {
          id: 'ident_general',
          label: 'General Contact',
          fields: [
            {
              path: SENDER_NAME,
              label: 'Sender Name',
              type: 'text',
              default: '',
              scopes: ['default', 'websites', 'stores'],
              comment: "Empty: the website's name.",
              validate: (v) => (v.length > 100 || /[\r\n<>"]/.test(v) ? INVALID_SENDER_NAME.message : null),
            },
            {
              path: SENDER_EMAIL,
              label: 'Sender Email',
              type: 'text',
              default: 'store@example.com',
              scopes: ['default', 'websites', 'stores'],
              validate: (v) => (isEmailAddress(v) ? null : INVALID_SENDER_EMAIL.message),
            },
          ],
        },
      ],
    },
    {
      id: 'customer',
      label: 'Customer Configuration',
      tab: 'CUSTOMERS',
      resource: 'stores.settings.config.customer',
      sortOrder: 30,
      groups: [
        {
          id: 'account_share',
          label: 'Account Sharing Options',
          fields: [
            {
              path: ACCOUNT_SHARE_SCOPE,
              label: 'Share Customer Accounts',
              type: 'select',
              default: SHARE_PER_WEBSITE,
              scopes: ['default'],
              options: [
                { value: SHARE_GLOBAL, label: 'Global' },
                { value: SHARE_PER_WEBSITE, label: 'Per Website' },
              ],
            },
          ],
        },
      ],
    },
  ],
};
