import { COUNTRIES } from '../customers/index.ts';
import type { ModuleManifest, SettingField } from '../types.ts';
import { taxRoutes } from './http/admin.tsx';
import { TAX_CONFIG_RESOURCE, TAX_PATHS as P, TAX_RATES_RESOURCE, TAX_RESOURCE, TAX_RULES_RESOURCE } from './index.ts';
import sv_SE from './i18n/sv_SE.json' with { type: 'json' };

const yesNo = [
  { value: '1', label: 'Yes' },
  { value: '0', label: 'No' },
];
const exclIncl = [
  { value: '0', label: 'Excluding Tax' },
  { value: '1', label: 'Including Tax' },
];
const displayTypes = [
  { value: '1', label: 'Excluding Tax' },
  { value: '2', label: 'Including Tax' },
  { value: '3', label: 'Including and Excluding Tax' },
];
// The classes migration 0018 creates; "None" (0) is charged nothing.
const productClasses = [
  { value: '0', label: 'None' },
  { value: '1', label: 'Taxable Goods' },
  { value: '3', label: 'Reduced Rate Goods' },
  { value: '4', label: 'Books and Newspapers' },
];
const customerClasses = [
  { value: '0', label: 'None' },
  { value: '2', label: 'Retail Customer' },
];
const all = ['default', 'websites', 'stores'] as SettingField['scopes'];
const postcode = (v: string) =>
  v === '' || v === '*' || /^[A-Za-z0-9 -]{1,10}$/.test(v.trim()) ? null : 'Enter a postcode of at most 10 letters, digits, spaces or dashes.';

const display = (prefix: 'cart' | 'sales'): SettingField[] => {
  const paths =
    prefix === 'cart'
      ? [P.cartPrice, P.cartSubtotal, P.cartShipping, P.cartGrandTotal, P.cartFullSummary]
      : [P.salesPrice, P.salesSubtotal, P.salesShipping, P.salesGrandTotal, P.salesFullSummary];
  return [
    { path: paths[0]!, label: 'Display Prices', type: 'select', default: '1', scopes: all, options: displayTypes },
    { path: paths[1]!, label: 'Display Subtotal', type: 'select', default: '1', scopes: all, options: displayTypes },
    { path: paths[2]!, label: 'Display Shipping Amount', type: 'select', default: '1', scopes: all, options: displayTypes },
    {
      path: paths[3]!,
      label: 'Include Tax In Order Total',
      type: 'yesno',
      default: '0',
      scopes: all,
      options: yesNo,
      comment: 'Shows the grand total both excluding and including tax.',
    },
    { path: paths[4]!, label: 'Display Full Tax Summary', type: 'yesno', default: '0', scopes: all, options: yesNo, comment: 'One tax line per rate.' },
  ];
};

/** VAT: tax classes, Stores > Tax Zones and Rates, Tax Rules, and Sales > Tax settings. */
export const taxModule: ModuleManifest = {
  name: 'tax',
  catalogs: { sv_SE },
  resources: [
    { id: TAX_RESOURCE, label: 'Taxes', parent: 'stores', sortOrder: 25 },
    { id: TAX_RULES_RESOURCE, label: 'Tax Rules', parent: TAX_RESOURCE, sortOrder: 10 },
    { id: TAX_RATES_RESOURCE, label: 'Tax Zones and Rates', parent: TAX_RESOURCE, sortOrder: 20 },
    { id: TAX_CONFIG_RESOURCE, label: 'Tax Section', parent: 'stores.settings.config', sortOrder: 55 },
  ],
  menu: [
    { id: TAX_RESOURCE, label: 'Taxes', parent: 'stores', resource: TAX_RESOURCE, sortOrder: 25 },
    { id: TAX_RULES_RESOURCE, label: 'Tax Rules', parent: TAX_RESOURCE, path: '/admin/tax/rules', resource: TAX_RULES_RESOURCE, sortOrder: 10 },
    { id: TAX_RATES_RESOURCE, label: 'Tax Zones and Rates', parent: TAX_RESOURCE, path: '/admin/tax/rates', resource: TAX_RATES_RESOURCE, sortOrder: 20 },
  ],
  actionGroups: [{ id: 'tax', label: 'Taxes' }],
  routes: taxRoutes,
  settings: [
    {
      id: 'tax',
      label: 'Tax',
      tab: 'SALES',
      resource: TAX_CONFIG_RESOURCE,
      sortOrder: 55,
      groups: [
        {
          id: 'classes',
          label: 'Tax Classes',
          sortOrder: 10,
          fields: [
            { path: P.shippingClass, label: 'Tax Class for Shipping', type: 'select', default: '0', scopes: all, options: productClasses },
            { path: P.defaultProductClass, label: 'Default Tax Class for Product', type: 'select', default: '1', scopes: ['default'], options: productClasses },
            {
              path: P.defaultCustomerClass,
              label: 'Default Tax Class for Customer',
              type: 'select',
              default: '2',
              scopes: ['default'],
              options: customerClasses,
            },
          ],
        },
        {
          id: 'calculation',
          label: 'Calculation Settings',
          sortOrder: 20,
          fields: [
            {
              path: P.algorithm,
              label: 'Tax Calculation Method Based On',
              type: 'select',
              default: 'TOTAL_BASE_CALCULATION',
              scopes: ['default', 'websites'],
              comment: 'Where tax is rounded: per unit, per row, or once on the total of each rate.',
              options: [
                { value: 'UNIT_BASE_CALCULATION', label: 'Unit Price' },
                { value: 'ROW_BASE_CALCULATION', label: 'Row Total' },
                { value: 'TOTAL_BASE_CALCULATION', label: 'Total' },
              ],
            },
            {
              path: P.basedOn,
              label: 'Tax Calculation Based On',
              type: 'select',
              default: 'shipping',
              scopes: ['default', 'websites'],
              comment: 'Shipping Origin charges the rate of the default tax destination for every order.',
              options: [
                { value: 'shipping', label: 'Shipping Address' },
                { value: 'billing', label: 'Billing Address' },
                { value: 'origin', label: 'Shipping Origin' },
              ],
            },
            {
              path: P.priceIncludesTax,
              label: 'Catalog Prices',
              type: 'select',
              default: '0',
              scopes: all,
              options: exclIncl,
              comment: 'Whether the prices entered for products include tax.',
            },
            { path: P.shippingIncludesTax, label: 'Shipping Prices', type: 'select', default: '0', scopes: all, options: exclIncl },
          ],
        },
        {
          id: 'defaults',
          label: 'Default Tax Destination Calculation',
          sortOrder: 30,
          fields: [
            {
              path: P.defaultCountry,
              label: 'Default Country',
              type: 'select',
              default: 'US',
              scopes: all,
              options: COUNTRIES.map((c) => ({ value: c.code, label: c.name })),
            },
            { path: P.defaultPostcode, label: 'Default Post Code', type: 'text', default: '', scopes: all, validate: postcode },
          ],
        },
        {
          id: 'display',
          label: 'Price Display Settings',
          sortOrder: 40,
          fields: [
            { path: P.displayPrice, label: 'Display Product Prices In Catalog', type: 'select', default: '1', scopes: all, options: displayTypes },
            { path: P.displayShipping, label: 'Display Shipping Prices', type: 'select', default: '1', scopes: all, options: displayTypes },
          ],
        },
        { id: 'cart_display', label: 'Shopping Cart Display Settings', sortOrder: 50, fields: display('cart') },
        { id: 'sales_display', label: 'Orders, Invoices, Credit Memos Display Settings', sortOrder: 60, fields: display('sales') },
      ],
    },
  ],
};
