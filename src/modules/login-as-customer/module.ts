import type { ModuleManifest } from '../types.ts';
import {
  BLOCKABLE_ACTIONS,
  LAC_BLOCKED_ACTIONS,
  ACCESS_FULL,
  ACCESS_VIEW_ONLY,
  LAC_CHECKBOX_TITLE,
  LAC_DEFAULT_ACCESS,
  LAC_CHECKBOX_TOOLTIP,
  LAC_DISABLE_PAGE_CACHE,
  LAC_ENABLED,
  LAC_IDLE_TIMEOUT,
  LAC_MAX_SESSION_MINUTES,
  LAC_MAX_REAUTH_MINUTES,
  LAC_NOTIFY_CUSTOMER,
  LAC_REAUTH_MINUTES,
  LAC_REQUIRE_REASON,
  LAC_SESSION_LIFETIME,
  LAC_STORE_VIEW_MANUAL,
  LAC_TOKEN_LIFETIME,
  LAC_APPROVAL_VALIDITY,
  LAC_HELP_ENABLED,
  LAC_HELP_LIFETIME,
  LAC_HELP_MAX_FAILURES,
  HELP_LOCK_MINUTES,
  whole,
  yesNo,
} from './settings.ts';
import { limitSettings } from './limits-settings.ts';
import { APPROVALS_PATH, APPROVE_RESOURCE } from './public.ts';

import { customerViewButton, documentButton, loginAsCustomerAdminRoutes } from './http/admin.tsx';
import { approvalRoutes } from './http/approvals.tsx';
import { lacGraphqlResolvers, lacRestOperations, onAssistedToken, onAssistedTokenChange } from './http/api.ts';
import { helpCodeAdminRoutes, helpCodeField } from './http/admin-help.tsx';
import { helpRoutes, onCustomerRequest } from './http/help.tsx';
import { accessHistoryRoutes, loginAsCustomerStorefrontRoutes, onAssistedRequest, onAssistedResponse, refuseViewOnlyPost } from './http/storefront.tsx';
import sv_SE from './i18n/sv_SE.json' with { type: 'json' };

export * from './settings.ts';

/**
 * Login as Customer (spec §1–§7): permissions, settings, the button on customer and sales document pages, the
 * handoff to the storefront, the banner and per-request checks, and the Login as Customer Log.
 */
export const loginAsCustomerModule: ModuleManifest = {
  name: 'login-as-customer',
  catalogs: { sv_SE },
  resources: [
    { id: 'customers.login_as_customer', label: 'Login as Customer', parent: 'customers', sortOrder: 50 },
    { id: 'customers.login_as_customer.allow', label: 'Allow Login as Customer', parent: 'customers.login_as_customer', sortOrder: 10 },
    { id: 'customers.login_as_customer.full_access', label: 'Allow full access', parent: 'customers.login_as_customer', sortOrder: 15 },
    { id: 'customers.login_as_customer.view_log', label: 'View Login as Customer Log', parent: 'customers.login_as_customer', sortOrder: 20 },
    { id: 'customers.login_as_customer.help_code', label: 'Use help codes', parent: 'customers.login_as_customer', sortOrder: 25 },
    { id: 'customers.login_as_customer.change_opt_in', label: 'Allow remote shopping assistance', parent: 'customers.login_as_customer', sortOrder: 30 },
    { id: APPROVE_RESOURCE, label: 'Approve Login as Customer', parent: 'customers.login_as_customer', sortOrder: 40 },
    { id: 'stores.settings.config.login_as_customer', label: 'Login as Customer Section', parent: 'stores.settings.config', sortOrder: 40 },
  ],
  actionGroups: [{ id: 'login_as_customer', label: 'Login As Customer' }],
  menu: [
    {
      id: 'customers.login_as_customer.log',
      label: 'Login as Customer Log',
      parent: 'customers',
      path: '/admin/customers/login-as-customer/log',
      resource: 'customers.login_as_customer.view_log',
      sortOrder: 50,
      visible: (rc) => rc.app.services.loginAsCustomer.enabled(rc),
    },
    {
      id: 'customers.login_as_customer.approvals',
      label: 'Login as Customer Approvals',
      parent: 'customers',
      path: APPROVALS_PATH,
      resource: APPROVE_RESOURCE,
      sortOrder: 55,
      visible: (rc) => rc.app.services.loginAsCustomer.enabled(rc),
    },
    {
      id: 'customers.login_as_customer.help_code',
      label: 'Find Customer by Help Code',
      parent: 'customers',
      path: '/admin/loginascustomer/help-code',
      resource: 'customers.login_as_customer.help_code',
      sortOrder: 56,
      visible: (rc) => rc.app.services.loginAsCustomer.helpCodesEnabled(rc),
    },
  ],
  routes(r) {
    loginAsCustomerStorefrontRoutes(r);
    accessHistoryRoutes(r);
    loginAsCustomerAdminRoutes(r);
    approvalRoutes(r);
    helpRoutes(r);
    helpCodeAdminRoutes(r);
  },
  accountNav: [
    { label: 'Account access history', path: '/customer/access-history', sortOrder: 70 },
    { label: 'Get help', path: '/customer/help', sortOrder: 75 },
  ],
  footerLinks: [{ label: 'Get help', path: '/customer/help', sortOrder: 10, visible: (rc) => rc.app.services.loginAsCustomer.helpCodesEnabled(rc) }],
  // The assisted browser first (its check may sign it out), then the customer's own browser (the live notice).
  onStorefrontRequest: async (rc) => {
    await onAssistedRequest(rc);
    await onCustomerRequest(rc);
  },
  onStorefrontResponse: onAssistedResponse,
  refuseStorefrontPost: refuseViewOnlyPost,
  onCustomerTokenRequest: onAssistedToken,
  onCustomerTokenChange: onAssistedTokenChange,
  customerViewButtons: async (rc, c) => `${await customerViewButton(rc, c)}${await helpCodeField(rc, c.id)}`,
  documentButtons: documentButton,
  restOperations: lacRestOperations,
  graphqlResolvers: lacGraphqlResolvers,
  settings: [
    {
      id: 'login_as_customer',
      label: 'Login as Customer',
      tab: 'CUSTOMERS',
      resource: 'stores.settings.config.login_as_customer',
      actionGroup: 'login_as_customer',
      sortOrder: 40,
      groups: [
        {
          id: 'general',
          label: 'Login as Customer Settings',
          sortOrder: 10,
          fields: [
            { path: LAC_ENABLED, label: 'Enable Login as Customer', type: 'yesno', default: '0', scopes: ['default'], options: yesNo },
            {
              path: LAC_DISABLE_PAGE_CACHE,
              label: 'Disable Page Cache for Admin User',
              type: 'yesno',
              default: '1',
              scopes: ['default'],
              options: yesNo,
              comment: 'If you disable the page cache (Yes, the default) the admin user sees fresh, uncached data.',
            },
            {
              path: LAC_STORE_VIEW_MANUAL,
              label: 'Store View to Log in',
              type: 'select',
              default: '0',
              scopes: ['default'],
              options: [
                { value: '0', label: 'Auto-Detection (default)' },
                { value: '1', label: 'Manual Selection' },
              ],
              comment: 'Use Manual Selection on a multi-site or multi-store setup so the admin chooses the store view when logging in as a customer.',
            },
            {
              path: LAC_DEFAULT_ACCESS,
              label: 'Default session access',
              type: 'select',
              default: ACCESS_FULL,
              scopes: ['default'],
              options: [
                { value: ACCESS_FULL, label: 'Full access' },
                { value: ACCESS_VIEW_ONLY, label: 'View only' },
              ],
              comment: 'What the Login as Customer dialog preselects. Admins without "Allow full access" always get View only.',
            },
            {
              path: LAC_CHECKBOX_TITLE,
              label: 'Title for Login as Customer opt-in checkbox',
              type: 'text',
              default: 'Allow remote shopping assistance',
              scopes: ['default', 'websites', 'stores'],
              validate: (v) => (v.trim() ? null : 'This is a required field.'),
            },
            {
              path: LAC_CHECKBOX_TOOLTIP,
              label: 'Login as Customer checkbox tooltip',
              type: 'textarea',
              default: 'This allows merchants to "see what you see" and take actions on your behalf in order to provide better assistance.',
              scopes: ['default', 'websites', 'stores'],
            },
          ],
        },
        {
          id: 'security',
          label: 'Security',
          sortOrder: 20,
          fields: [
            {
              path: LAC_SESSION_LIFETIME,
              label: 'Assisted Session Lifetime (minutes)',
              type: 'int',
              default: '60',
              scopes: ['default'],
              comment: 'An assisted session ends after this long, at most {max} minutes.',
              commentParams: { max: LAC_MAX_SESSION_MINUTES },
              validate: whole(1, LAC_MAX_SESSION_MINUTES),
            },
            {
              path: LAC_IDLE_TIMEOUT,
              label: 'Assisted Session Idle Timeout (minutes)',
              type: 'int',
              default: '15',
              scopes: ['default'],
              validate: whole(1, LAC_MAX_SESSION_MINUTES),
            },
            {
              path: LAC_TOKEN_LIFETIME,
              label: 'Login Link Lifetime (seconds)',
              type: 'int',
              default: '60',
              scopes: ['default'],
              comment: 'How long the one-time link that opens the storefront stays valid.',
              validate: whole(10, 600),
            },
            {
              path: LAC_REAUTH_MINUTES,
              label: 'Require re-authentication after (minutes)',
              type: 'int',
              default: '15',
              scopes: ['default'],
              comment:
                'Starting a session asks for the password (or a passkey) again when the admin signed in or confirmed longer ago than this. 0 asks every time. API tokens older than this are refused.',
              validate: whole(0, LAC_MAX_REAUTH_MINUTES),
            },
            { path: LAC_REQUIRE_REASON, label: 'Require a reason', type: 'yesno', default: '0', scopes: ['default'], options: yesNo },
            { path: LAC_NOTIFY_CUSTOMER, label: 'Notify customer by email', type: 'yesno', default: '1', scopes: ['default'], options: yesNo },
            {
              path: LAC_BLOCKED_ACTIONS,
              label: 'Blocked actions during assisted sessions',
              type: 'multiselect',
              default: BLOCKABLE_ACTIONS.map((a) => a.value).join(','),
              scopes: ['default'],
              options: BLOCKABLE_ACTIONS,
            },
            {
              path: LAC_APPROVAL_VALIDITY,
              label: 'Approval Validity (minutes)',
              type: 'int',
              default: '30',
              scopes: ['default'],
              comment: 'How long a request for a protected customer waits for approval, and how long an approval can be used.',
              validate: whole(1, 1440),
            },
          ],
        },
        limitSettings,
        {
          id: 'help_code',
          label: 'Help Codes',
          sortOrder: 30,
          fields: [
            {
              path: LAC_HELP_ENABLED,
              label: 'Enable Help Codes',
              type: 'yesno',
              default: '1',
              scopes: ['default'],
              options: yesNo,
              comment:
                'Signed-in customers can choose "Get help" for a one-time code; the admin who enters it may log in as them once, even without remote shopping assistance.',
            },
            {
              path: LAC_HELP_LIFETIME,
              label: 'Help Code Validity (minutes)',
              type: 'int',
              default: '15',
              scopes: ['default'],
              comment: 'How long a help code can be entered, and then how long the admin has to start the session.',
              validate: whole(1, 120),
            },
            {
              path: LAC_HELP_MAX_FAILURES,
              label: 'Maximum Wrong Help Codes',
              type: 'int',
              default: '5',
              scopes: ['default'],
              comment: 'Wrong codes allowed per admin and per customer within {minutes} minutes; after that, help codes are refused until the time has passed.',
              commentParams: { minutes: HELP_LOCK_MINUTES },
              validate: whole(1, 50),
            },
          ],
        },
      ],
    },
  ],
};
