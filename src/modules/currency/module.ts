import type { ModuleManifest } from '../types.ts';
import { CURRENCIES, CURRENCY_ALLOW, CURRENCY_BASE, CURRENCY_DEFAULT, CURRENCY_RATES_RESOURCE, CURRENCY_RESOURCE } from './index.ts';
import { currencyRoutes } from './http/rates.tsx';
import sv_SE from './i18n/sv_SE.json' with { type: 'json' };

const options = CURRENCIES.map((c) => ({ value: c.code, label: c.label }));

/**
 * Currency Setup (base currency per website, display and allowed currencies per store view) and Stores >
 * Currency Rates; every storefront request learns the currency its prices are shown in.
 */
export const currencyModule: ModuleManifest = {
  name: 'currency',
  catalogs: { sv_SE },
  resources: [
    { id: CURRENCY_RESOURCE, label: 'Currency', parent: 'stores', sortOrder: 20 },
    { id: CURRENCY_RATES_RESOURCE, label: 'Currency Rates', parent: CURRENCY_RESOURCE, sortOrder: 10 },
    { id: 'stores.settings.config.currency', label: 'Currency Setup Section', parent: 'stores.settings.config', sortOrder: 15 },
  ],
  menu: [
    { id: CURRENCY_RESOURCE, label: 'Currency', parent: 'stores', resource: CURRENCY_RESOURCE, sortOrder: 20 },
    {
      id: CURRENCY_RATES_RESOURCE,
      label: 'Currency Rates',
      parent: CURRENCY_RESOURCE,
      path: '/admin/stores/currency/rates',
      resource: CURRENCY_RATES_RESOURCE,
      sortOrder: 10,
    },
  ],
  actionGroups: [{ id: 'currency', label: 'Currency Rates' }],
  routes: currencyRoutes,
  settings: [
    {
      id: 'currency',
      label: 'Currency Setup',
      tab: 'GENERAL',
      resource: 'stores.settings.config.currency',
      sortOrder: 15,
      groups: [
        {
          id: 'options',
          label: 'Currency Options',
          fields: [
            {
              path: CURRENCY_BASE,
              label: 'Base Currency',
              type: 'select',
              default: 'USD',
              scopes: ['default', 'websites'],
              comment: 'Prices and order totals are kept and charged in this currency.',
              options,
            },
            { path: CURRENCY_DEFAULT, label: 'Default Display Currency', type: 'select', default: 'USD', scopes: ['default', 'websites', 'stores'], options },
            {
              path: CURRENCY_ALLOW,
              label: 'Allowed Currencies',
              type: 'multiselect',
              default: 'USD',
              scopes: ['default', 'websites', 'stores'],
              validate: (v) => (v === '' ? 'Choose at least one currency.' : null),
              options,
            },
          ],
        },
      ],
    },
  ],
  validateSettings: (rc, pending) => rc.app.services.currency.validateSettings(rc, pending),
  async onStorefrontRequest(rc) {
    rc.currency = await rc.app.services.currency.displayFor(rc);
  },
};
