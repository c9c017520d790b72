import { LAC_GRAPHQL } from '../login-as-customer/index.ts';
import type { RouteAccess } from '../types.ts';

/**
 * The GraphQL schema and who may call each operation, framework-free (served by http/graphql.ts). A module's
 * own operations are declared in its public surface (SDL and access) and resolved by its manifest's
 * `graphqlResolvers`; the server refuses to start when a declared operation has no resolver.
 */
const CONTRIBUTED = [LAC_GRAPHQL];

export const SCHEMA = `
  type Customer {
    firstname: String
    lastname: String
    email: String
    allow_remote_shopping_assistance: Boolean!
  }
  type CustomerOutput { customer: Customer! }
  input CustomerCreateInput {
    firstname: String!
    lastname: String!
    email: String!
    password: String!
    is_subscribed: Boolean
    allow_remote_shopping_assistance: Boolean
  }
  input CustomerUpdateInput {
    firstname: String
    lastname: String
    allow_remote_shopping_assistance: Boolean
  }
${CONTRIBUTED.map((c) => c.types).join('\n')}
  type Query { customer: Customer }
  type Mutation {
${CONTRIBUTED.map((c) => c.mutations).join('\n')}
    createCustomer(input: CustomerCreateInput!): CustomerOutput
    updateCustomer(input: CustomerUpdateInput!): CustomerOutput
  }
`;

/**
 * Who may call each operation ("Type.field"), like a route's config.access. `api-customer` and the
 * authentication half of `api-admin` are enforced before the resolver runs; a contributed operation may leave
 * its resource to its service (generateCustomerTokenAsAdmin: checked and a refusal logged by Login as Customer).
 */
export const GRAPHQL_ACCESS: Record<string, RouteAccess> = {
  'Query.customer': 'api-customer',
  ...Object.assign({}, ...CONTRIBUTED.map((c) => c.access)),
  'Mutation.createCustomer': 'public',
  'Mutation.updateCustomer': 'api-customer',
};

/** Root fields counted against the sign-in rate limit (per IP, per field), like the admin sign-in. */
export const SIGN_IN_LIMITED_FIELDS: string[] = CONTRIBUTED.flatMap((c) => c.signInLimited ?? []);

/** Deepest query accepted. Real queries of this schema are 3 deep; development allows GraphiQL's schema query (15). */
export const QUERY_DEPTH_LIMIT = { production: 8, development: 15 };
/** Cost accepted per query: one per field selected (introspection is free; production refuses it anyway). */
export const QUERY_COMPLEXITY_LIMIT = 100;
/** Request bodies larger than this are refused (413) before parsing. */
export const GRAPHQL_BODY_LIMIT = 64 * 1024;
