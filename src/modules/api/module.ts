import type { ModuleManifest } from '../types.ts';
import { apiRoutes } from './http/rest.ts';
import sv_SE from './i18n/sv_SE.json' with { type: 'json' };

/**
 * The API doors: the admin-token endpoint, the customers REST endpoints, the OpenAPI document and the GraphQL
 * server. Other modules contribute REST operations and GraphQL resolvers through their manifests.
 */
export const apiModule: ModuleManifest = {
  name: 'api',
  catalogs: { sv_SE },
  rawRoutes: apiRoutes,
};
