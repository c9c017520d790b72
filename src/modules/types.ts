import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../kernel/app-context.ts';
import type { RequestContext } from '../kernel/request-context.ts';
import type { Result } from '../kernel/result.ts';
import type { ZodType } from 'zod';

/** A node of the admin permission tree ("Role Resources"). Ids are dotted paths; parent is the id above. */
export interface AclResource {
  id: string;
  label: string;
  parent?: string;
  sortOrder?: number;
}

export interface MenuItem {
  id: string;
  label: string;
  /** Top-level group id (sales, catalog, customers, stores, system) or another item's id. */
  parent?: string;
  /** Admin path; absent for headings. */
  path?: string;
  /** The permission that shows this entry. */
  resource: string;
  sortOrder?: number;
  /** Hide the entry when this returns false (e.g. a feature switched off). */
  visible?: (rc: RequestContext) => Promise<boolean>;
}

export type FieldType = 'yesno' | 'text' | 'textarea' | 'select' | 'multiselect' | 'int';
export type ConfigScope = 'default' | 'websites' | 'stores';

export interface SettingField {
  /** section/group/field */
  path: string;
  label: string;
  type: FieldType;
  default: string;
  scopes: ConfigScope[];
  comment?: string;
  /** Values of the comment's {placeholders}. */
  commentParams?: Record<string, string | number>;
  options?: { value: string; label: string }[];
  /** Extra validation of a submitted value; return an error message or null. */
  validate?: (value: string) => string | null;
  sortOrder?: number;
}

/** A Configuration save about to be written: its scope, and each setting's value there once it is saved. */
export interface PendingSettings {
  scope: ConfigScope;
  scopeId: number;
  changes(path: string): boolean;
  value(path: string): Promise<string>;
}

export interface SettingGroup {
  id: string;
  label: string;
  fields: SettingField[];
  sortOrder?: number;
}

export interface SettingSection {
  id: string;
  label: string;
  /** Left-panel tab heading (GENERAL, CUSTOMERS, SALES, ADVANCED …). */
  tab: string;
  /** Permission needed to see and save this section. */
  resource: string;
  groups: SettingGroup[];
  sortOrder?: number;
  /** Action-log group for changes to this section (default: system_config). */
  actionGroup?: string;
}

export interface ActionGroup {
  id: string;
  label: string;
}

export type Handler = (req: FastifyRequest, reply: FastifyReply, rc: RequestContext) => unknown | Promise<unknown>;

export interface AdminRouteOptions {
  /** Permission needed; every admin route names one (the route-enumerating test checks them all). */
  resource: string;
  /** Magento-style full action name recorded in the action log (e.g. adminhtml_user_save). */
  actionName?: string;
  /** POST only: limited per IP like the sign-in form (a route that checks a password or passkey). */
  rateLimited?: true;
}

/**
 * Who may call a route or a GraphQL operation, declared in the route's `config.access` (the registrar sets it for
 * admin and storefront routes; raw routes declare it themselves) and walked by the authorization matrix test:
 * - `public`: anyone; the handler checks whatever credentials it takes (sign-in forms, token endpoints).
 * - `customer`: a signed-in storefront customer; anyone else is sent to the customer sign-in page.
 * - `admin:<resource>`: an admin session whose role has the resource; sign-in redirect without a session, 403 without it.
 * - `api-admin:<resource>`: an admin bearer token whose role has the resource; 401 without a token, 403 without it.
 * - `api-customer`: a customer bearer token; 401 (REST) or a GraphQL authorization error without one.
 */
export type RouteAccess = 'public' | 'customer' | `admin:${string}` | `api-admin:${string}` | 'api-customer';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (see RouteAccess); every route declares it. */
    access?: RouteAccess;
  }
}

/** Storefront POSTs limited per IP: `sign-in` (sign-in and token forms, like the admin sign-in) or `registration`. */
export type StorefrontRateLimit = 'sign-in' | 'registration';

export interface StorefrontRouteOptions {
  /** `customer`: only for a signed-in customer (others go to sign-in); default `public`. */
  access?: 'public' | 'customer';
  /** For `customer` POSTs: the message shown on the sign-in page to someone signed out (a sensible default otherwise). */
  signInMessage?: string;
}

export interface RouteRegistrar {
  adminGet(path: string, options: AdminRouteOptions, handler: Handler): void;
  adminPost(path: string, options: AdminRouteOptions, handler: Handler): void;
  storefrontGet(path: string, handler: Handler, options?: StorefrontRouteOptions & { cacheable?: boolean }): void;
  /** `rateLimited: true` is the sign-in limit. */
  storefrontPost(path: string, handler: Handler, options?: StorefrontRouteOptions & { rateLimited?: true | StorefrontRateLimit }): void;
}

/** What a feature module declares: its permissions, settings, menu entries, log groups and routes, in one place. */
export interface ModuleManifest {
  name: string;
  /** Translations of the module's English strings, per locale (its i18n/<locale>.json, bundled statically). */
  catalogs?: Record<string, Record<string, string>>;
  resources?: AclResource[];
  menu?: MenuItem[];
  settings?: SettingSection[];
  /** Rules across settings, checked before a Configuration save is written; returns messages (none = valid). */
  validateSettings?: (rc: RequestContext, pending: PendingSettings) => Promise<string[]>;
  actionGroups?: ActionGroup[];
  routes?: (r: RouteRegistrar) => void;
  /**
   * Routes outside the guarded registrar: only public entry points (admin sign-in, APIs with their own token
   * check). Everything else goes through `routes` so it is permission-checked and enumerable.
   */
  rawRoutes?: (server: FastifyInstance, app: AppContext) => void;
  /** Runs on every storefront request after the store view is known (e.g. to identify the customer). */
  /** Runs on every storefront request, before the route; framework-free (the browser is `rc.browser`). */
  onStorefrontRequest?: (rc: RequestContext) => Promise<void>;
  /**
   * Asked before every storefront POST handler (after the form-key check), with the route's path: a message
   * refuses the request (the visitor is sent back with it, nothing runs). E.g. a view-only assisted session.
   */
  refuseStorefrontPost?: (rc: RequestContext, path: string) => Promise<string | undefined>;
  /** Runs after every storefront response has been sent (e.g. to audit what an assisted session changed). */
  onStorefrontResponse?: (req: FastifyRequest, reply: FastifyReply, rc: RequestContext) => Promise<void>;
  /**
   * Runs on every API request with a customer bearer token once its customer is known, like onStorefrontRequest
   * for a browser; false refuses the token (e.g. the assisted session it belongs to has ended).
   */
  onCustomerTokenRequest?: (rc: RequestContext) => Promise<boolean>;
  /** Runs after a change made with a customer bearer token (e.g. to audit what an assisted session changed). */
  onCustomerTokenChange?: (rc: RequestContext, change: { method: 'GRAPHQL' | 'REST'; operation: string; fields: string[] }) => Promise<void>;
  /** Tabs on the admin customer edit page (Orders, Shopping cart, Wishlist …), shown with their resource. */
  customerTabs?: CustomerTab[];
  /** Buttons in the customer edit page's header (e.g. Login as Customer). */
  customerViewButtons?: (rc: RequestContext, customer: { id: number; websiteId: number; storeViewId: number }) => Promise<JSX.Element>;
  /** Buttons in the header of order, invoice, shipment and credit memo view pages. */
  documentButtons?: (rc: RequestContext, doc: SalesDocumentRef) => Promise<JSX.Element>;
  /** Links in the storefront My Account navigation. */
  accountNav?: { label: string; path: string; sortOrder?: number }[];
  /** Links in the storefront footer; `visible` may hide one (it is part of cached pages: settings changes flush them). */
  footerLinks?: { label: string; path: string; sortOrder?: number; visible?: (rc: RequestContext) => Promise<boolean> }[];
  /** REST operations served by the api module, which authenticates, validates and documents them (OpenAPI). */
  restOperations?: RestOperation[];
  /** Resolvers of the GraphQL operations this module declares in its public surface (see src/modules/api/graphql.ts). */
  graphqlResolvers?: Partial<Record<'Query' | 'Mutation', Record<string, GraphqlResolver>>>;
}

/**
 * A REST operation under the api module (admin bearer tokens): the api module authenticates the caller (401),
 * checks the declared resource (403) unless the service does so itself, validates the body with `body` and
 * documents it. Framework-free: the handler gets the request context and the parsed body.
 */
export interface RestOperation {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  access: `api-admin:${string}`;
  /** The service checks the resource (and logs a refusal), so only authentication is checked before it. */
  resourceCheckedByService?: boolean;
  actionName: string;
  summary: string;
  body: ZodType;
  /** The message of the 400 answer to a body `body` does not accept. */
  invalidBodyMessage: string;
  /** Answers documented besides the 2xx one: status → description. */
  responses: Record<number, string>;
  success: { status: number; description: string; schema: ZodType };
  handle(rc: RequestContext, body: never): Promise<{ status: number; body: unknown }>;
}

/** A GraphQL resolver of a module: a refusal becomes a GraphQL error with the category of its kind. */
export type GraphqlResolver = (args: never, rc: RequestContext) => Promise<Result<unknown>>;

export interface CustomerTab {
  id: string;
  label: string;
  resource: string;
  sortOrder?: number;
  render: (rc: RequestContext, customerId: number) => Promise<JSX.Element>;
}

export interface SalesDocumentRef {
  type: 'order' | 'invoice' | 'shipment' | 'creditmemo';
  orderId: number;
  /** null for guest orders. */
  customerId: number | null;
  storeViewId: number;
}
