import type { ModuleManifest } from '../types.ts';
import { shoppingCartTab } from './http/admin-tab.tsx';
import { checkoutStorefrontRoutes } from './http/storefront.tsx';
import {
  CHECKMO_ACTIVE,
  CHECKMO_TITLE,
  FLATRATE_ACTIVE,
  FLATRATE_PRICE,
  FLATRATE_TITLE,
  FREESHIPPING_ACTIVE,
  FREESHIPPING_MIN,
  FREESHIPPING_TITLE,
} from './index.ts';
import sv_SE from './i18n/sv_SE.json' with { type: 'json' };

const yesNo = [
  { value: '1', label: 'Yes' },
  { value: '0', label: 'No' },
];
const price = (v: string) => (/^\d{1,8}(\.\d{1,2})?$/.test(v.trim()) ? null : 'Please enter a valid amount, e.g. 5.00.');
const title = (v: string) => (v.trim() && v.length <= 100 ? null : 'Please enter a title of 1 to 100 characters.');

/** Cart, checkout and the order success page; shipping and payment method settings. */
export const checkoutModule: ModuleManifest = {
  name: 'checkout',
  catalogs: { sv_SE },
  resources: [
    { id: 'stores.settings.config.carriers', label: 'Delivery Methods Section', parent: 'stores.settings.config', sortOrder: 50 },
    { id: 'stores.settings.config.payment', label: 'Payment Methods Section', parent: 'stores.settings.config', sortOrder: 60 },
  ],
  routes: checkoutStorefrontRoutes,
  customerTabs: [shoppingCartTab],
  async onStorefrontRequest(rc) {
    if (rc.locals.sessionHash || rc.locals.customer) rc.locals.cartCount = await rc.app.services.cart.count(rc);
  },
  settings: [
    {
      id: 'carriers',
      label: 'Delivery Methods',
      tab: 'SALES',
      resource: 'stores.settings.config.carriers',
      sortOrder: 50,
      groups: [
        {
          id: 'flatrate',
          label: 'Flat Rate',
          sortOrder: 10,
          fields: [
            { path: FLATRATE_ACTIVE, label: 'Enabled', type: 'yesno', default: '1', scopes: ['default', 'websites'], options: yesNo },
            { path: FLATRATE_TITLE, label: 'Title', type: 'text', default: 'Flat Rate', scopes: ['default', 'websites', 'stores'], validate: title },
            {
              path: FLATRATE_PRICE,
              label: 'Price',
              type: 'text',
              default: '5.00',
              scopes: ['default', 'websites'],
              comment: 'Charged per item.',
              validate: price,
            },
          ],
        },
        {
          id: 'freeshipping',
          label: 'Free Shipping',
          sortOrder: 20,
          fields: [
            { path: FREESHIPPING_ACTIVE, label: 'Enabled', type: 'yesno', default: '1', scopes: ['default', 'websites'], options: yesNo },
            { path: FREESHIPPING_TITLE, label: 'Title', type: 'text', default: 'Free Shipping', scopes: ['default', 'websites', 'stores'], validate: title },
            { path: FREESHIPPING_MIN, label: 'Minimum Order Amount', type: 'text', default: '100.00', scopes: ['default', 'websites'], validate: price },
          ],
        },
      ],
    },
    {
      id: 'payment',
      label: 'Payment Methods',
      tab: 'SALES',
      resource: 'stores.settings.config.payment',
      sortOrder: 60,
      groups: [
        {
          id: 'checkmo',
          label: 'Check / Money Order',
          fields: [
            { path: CHECKMO_ACTIVE, label: 'Enabled', type: 'yesno', default: '1', scopes: ['default', 'websites'], options: yesNo },
            { path: CHECKMO_TITLE, label: 'Title', type: 'text', default: 'Check / Money order', scopes: ['default', 'websites', 'stores'], validate: title },
          ],
        },
      ],
    },
  ],
};
