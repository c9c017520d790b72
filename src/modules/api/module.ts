import type { ModuleManifest } from '../types.ts';
import { apiRoutes } from './http/rest.ts';

/**
 * The API doors: the admin-token endpoint, the customers REST endpoints, the OpenAPI document and the GraphQL
 * server. Other modules contribute REST operations and GraphQL resolvers through their manifests.
 */
export const apiModule: ModuleManifest = {
  name: 'api',
  rawRoutes: apiRoutes,
};
