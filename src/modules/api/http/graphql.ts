import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createRequire } from 'node:module';
import type { DocumentNode, SelectionSetNode, ValidationRule } from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import mercurius, { type MercuriusContext } from 'mercurius';
import type { AppContext } from '../../../kernel/app-context.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import type { Services } from '../../../kernel/services.ts';
import { isAppError } from '../../../kernel/errors.ts';
import type { Result } from '../../../kernel/result.ts';
import { categoryOf } from '../../../http/failures.ts';
import type { GraphqlResolver } from '../../types.ts';
import { GRAPHQL_ACCESS, GRAPHQL_BODY_LIMIT, QUERY_COMPLEXITY_LIMIT, QUERY_DEPTH_LIMIT, SCHEMA, SIGN_IN_LIMITED_FIELDS } from '../graphql.ts';
import { authenticateAdmin, authenticateCustomer } from './auth.ts';

type CustomerRow = NonNullable<Awaited<ReturnType<Services['customers']['byId']>>>;

// graphql ships a CommonJS and an ES module build; mercurius loads the CommonJS one, and a schema, error or rule
// from one build is not recognised by the other ("from another module or realm"). Everything here uses mercurius's.
const require = createRequire(import.meta.url);
const { getOperationAST, GraphQLError, Kind, NoSchemaIntrospectionCustomRule, parse } = require('graphql') as typeof import('graphql');
const { createComplexityRule, simpleEstimator } = require('graphql-query-complexity') as typeof import('graphql-query-complexity');
type GraphQLError = import('graphql').GraphQLError;

const TOO_MANY = 'Too many requests. Please wait a moment and try again.';

interface GqlContext extends MercuriusContext {
  req: FastifyRequest;
  reply: FastifyReply;
  rc: RequestContext;
}

/** A refusal with Magento's category and the HTTP status the whole answer takes (e.g. 429). */
class GraphqlRefusal extends GraphQLError {
  constructor(
    message: string,
    category: string,
    readonly statusCode: number,
  ) {
    super(message, { extensions: { category } });
  }
}

const gqlError = (message: string, category: string) => new GraphQLError(message, { extensions: { category } });

function customerType(rc: RequestContext, c: CustomerRow) {
  const allowed = rc.app.services.customers.consentActive(c, rc.app.clock.now());
  return { firstname: c.firstname, lastname: c.lastname, email: c.email, allow_remote_shopping_assistance: allowed };
}

/** Turns our typed errors into GraphQL errors with Magento's categories. */
/** A service's refusal as the same GraphQL error `guarded` gives for a thrown one; the value otherwise. */
function settled<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  const fields = Object.values(result.fields ?? {});
  const message = fields.length ? `${result.messages[0]} ${fields.join(' ')}` : result.messages[0]!;
  throw gqlError(message, result.kind === 'forbidden' ? 'graphql-authorization' : 'graphql-input');
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isAppError(e)) {
      const fields = Object.values(e.fieldErrors);
      throw gqlError(fields.length ? `${e.message} ${fields.join(' ')}` : e.message, e.kind === 'forbidden' ? 'graphql-authorization' : 'graphql-input');
    }
    throw e;
  }
}

type Resolver = (args: never, ctx: GqlContext) => Promise<unknown>;

/** The resolver behind its declared access: the caller is authenticated as the declaration says first. */
function withAccess(operation: string, resolve: Resolver) {
  const access = GRAPHQL_ACCESS[operation];
  if (!access) throw new Error(`GraphQL operation ${operation} declares no access`);
  return async (_root: unknown, args: never, ctx: GqlContext) => {
    if (access === 'api-customer' && !(await authenticateCustomer(ctx.req, ctx.reply, ctx.rc)))
      throw gqlError("The current customer isn't authorized.", 'graphql-authorization');
    if (access.startsWith('api-admin:') && !(await authenticateAdmin(ctx.req, ctx.rc)))
      throw gqlError("The current user isn't authorized.", 'graphql-authorization');
    return resolve(args, ctx);
  };
}

/** A module's resolver behind its declared access; its refusal becomes an error with its kind's category. */
function contributed(operation: string, resolve: GraphqlResolver) {
  return withAccess(operation, async (args, ctx) => {
    const result = await resolve(args, ctx.rc);
    if (!result.ok) throw gqlError(result.messages[0]!, categoryOf(result.kind));
    return result.value;
  });
}

/** The api module's own resolvers and every module's contributed ones; each declared operation must have one. */
function allResolvers(app: AppContext) {
  const all = { Query: { ...resolvers.Query } as Record<string, unknown>, Mutation: { ...resolvers.Mutation } as Record<string, unknown> };
  for (const m of app.registry.modules) {
    for (const type of ['Query', 'Mutation'] as const) {
      for (const [field, resolve] of Object.entries(m.graphqlResolvers?.[type] ?? {})) {
        if (all[type][field]) throw new Error(`GraphQL ${type}.${field} is resolved twice (module ${m.name})`);
        all[type][field] = contributed(`${type}.${field}`, resolve);
      }
    }
  }
  const missing = Object.keys(GRAPHQL_ACCESS).filter((op) => !all[op.split('.')[0] as 'Query' | 'Mutation'][op.split('.')[1]!]);
  if (missing.length) throw new Error(`GraphQL operations without a resolver: ${missing.join(', ')}`);
  return all;
}

const resolvers = {
  Query: {
    customer: withAccess('Query.customer', async (_args: unknown, ctx) => {
      const c = (await ctx.rc.app.services.customers.byId(ctx.rc, ctx.rc.locals.customer!.id))!;
      return customerType(ctx.rc, c);
    }),
  },
  Mutation: {
    createCustomer: withAccess(
      'Mutation.createCustomer',
      async (
        args: {
          input: { firstname: string; lastname: string; email: string; password: string; is_subscribed?: boolean; allow_remote_shopping_assistance?: boolean };
        },
        ctx,
      ) => {
        const i = args.input;
        const c = settled(
          await guarded(() =>
            ctx.rc.app.services.customers.register(ctx.rc, {
              firstname: i.firstname,
              lastname: i.lastname,
              email: i.email,
              password: i.password,
              confirmation: i.password,
              assistance: !!i.allow_remote_shopping_assistance,
              newsletter: !!i.is_subscribed,
            }),
          ),
        );
        return { customer: customerType(ctx.rc, c) };
      },
    ),

    updateCustomer: withAccess(
      'Mutation.updateCustomer',
      async (args: { input: { firstname?: string; lastname?: string; allow_remote_shopping_assistance?: boolean } }, ctx) => {
        const rc = ctx.rc;
        const before = (await rc.app.services.customers.byId(rc, rc.locals.customer!.id))!;
        const i = args.input;
        settled(
          await guarded(() =>
            rc.app.services.customers.updateAccount(rc, before.id, {
              firstname: i.firstname ?? before.firstname,
              lastname: i.lastname ?? before.lastname,
              email: before.email,
              changeEmail: false,
              changePassword: false,
              currentPassword: '',
              password: '',
              confirmation: '',
              assistance: i.allow_remote_shopping_assistance ?? undefined,
              assistanceDuration: 'forever',
            }),
          ),
        );
        for (const m of rc.app.registry.modules)
          await m.onCustomerTokenChange?.(rc, { method: 'GRAPHQL', operation: 'updateCustomer', fields: Object.keys(i) });
        return { customer: customerType(rc, (await rc.app.services.customers.byId(rc, before.id))!) };
      },
    ),
  },
};

/** How many times each root field appears in the operation, aliases and fragments included. */
export function rootFieldCounts(document: DocumentNode, operationName: string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  const operation = getOperationAST(document, operationName);
  if (!operation) return counts;
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) counts.set(s.name.value, (counts.get(s.name.value) ?? 0) + 1);
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else if (!seen.has(s.name.value)) {
        const fragment = fragments.get(s.name.value);
        seen.add(s.name.value); // validation refuses cycles; this only keeps the walk finite before it
        if (fragment) walk(fragment.selectionSet);
        seen.delete(s.name.value);
      }
    }
  };
  walk(operation.selectionSet);
  return counts;
}

const introspectionIsFree: ComplexityEstimator = ({ type, field }) => (type.name.startsWith('__') || field.name.startsWith('__') ? 0 : undefined);

/** The operation's cost against QUERY_COMPLEXITY_LIMIT; it needs the request's variables (for @skip/@include). */
function complexityRule(variables: Record<string, unknown> | undefined, operationName: string | undefined): ValidationRule {
  return createComplexityRule({
    maximumComplexity: QUERY_COMPLEXITY_LIMIT,
    variables: variables ?? {},
    operationName,
    estimators: [introspectionIsFree, simpleEstimator({ defaultComplexity: 1 })],
    createError: (max, actual) =>
      new GraphQLError(`The query is too complex: it costs ${actual} and at most ${max} is allowed. Ask for fewer fields.`, {
        extensions: { category: 'graphql' },
      }),
  });
}

interface FormattedError {
  message: string;
  locations?: readonly { line: number; column: number }[];
  path?: readonly (string | number)[];
  extensions: Record<string, unknown>;
}

/**
 * One shape for every answer with errors: each error keeps its Magento category (`graphql` for a query refused
 * before it runs), refusals keep their HTTP status (400, 405, 413, 429), and an unexpected failure is logged and
 * answered without its internals.
 */
function formatErrors(execution: { data?: unknown; errors: readonly GraphQLError[] }, ctx: MercuriusContext) {
  const log = ctx.reply?.log ?? ctx.app.log;
  let statusCode = 200;
  const errors: FormattedError[] = [];
  const shape = (e: GraphQLError | Error, category: string): FormattedError => {
    const gql = e instanceof GraphQLError ? e : undefined;
    return {
      message: e.message,
      ...(gql?.locations ? { locations: gql.locations } : {}),
      ...(gql?.path ? { path: gql.path } : {}),
      extensions: { category, ...(gql?.extensions ?? {}) },
    };
  };
  for (const error of execution.errors) {
    const original = error.originalError as (Error & { statusCode?: number; errors?: (GraphQLError | Error)[] }) | undefined;
    const refusal = error instanceof GraphqlRefusal ? error : original instanceof GraphqlRefusal ? original : undefined;
    if (refusal) {
      statusCode = refusal.statusCode;
      errors.push(shape(refusal, 'graphql'));
    } else if (original && Array.isArray(original.errors)) {
      // A query refused before it runs: syntax, validation, depth, complexity, introspection, mutation over GET.
      statusCode = original.statusCode ?? 400;
      for (const e of original.errors) errors.push(shape(e, 'graphql'));
    } else if (!original || original instanceof GraphQLError) {
      errors.push(shape(error, 'graphql'));
    } else if (typeof original.statusCode === 'number' && original.statusCode < 500) {
      statusCode = original.statusCode; // e.g. a body over the limit (413)
      errors.push({ message: original.message, extensions: { category: 'graphql' } });
    } else {
      log.error({ err: original }, 'GraphQL resolver failed');
      errors.push({ message: 'Internal server error', ...(error.path ? { path: error.path } : {}), extensions: { category: 'internal' } });
      if (!execution.data) statusCode = 500;
    }
  }
  if (execution.data) statusCode = 200;
  return { statusCode, response: { data: execution.data ?? null, errors } };
}

/**
 * What the GraphQL over HTTP spec requires of a request before any GraphQL work: a query string that parses, an
 * operationName naming one of its operations, variables as an object. Answered here as 400s, so no malformed request
 * reaches validation rules that assume a well-formed document.
 */
export function requestShapeProblem(params: unknown): string | null {
  if (!params || typeof params !== 'object') return 'Must provide a query string.';
  const { query, operationName, variables } = params as Record<string, unknown>;
  if (typeof query !== 'string' || !query.trim()) return 'Must provide a query string.';
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return 'The operationName must be a string.';
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
    // GET carries variables as JSON text.
    if (typeof variables !== 'string') return 'Variables must be an object.';
    try {
      const parsed: unknown = JSON.parse(variables);
      if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) return 'Variables must be an object.';
    } catch {
      return 'Variables are invalid JSON.';
    }
  }
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (e) {
    return e instanceof GraphQLError ? e.message : 'The query could not be parsed.';
  }
  const name = typeof operationName === 'string' && operationName ? operationName : undefined;
  if (!getOperationAST(document, name))
    return name ? `Unknown operation named "${name}".` : 'Must provide an operation name when the query holds several operations.';
  return null;
}

/** Before any GraphQL work: no caching, the store view from the Store header, and the request's shape (400s). */
function checkRequest(app: AppContext) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const rc = req.rc;
    rc.fullActionName = 'graphql';
    reply.header('cache-control', 'no-store');
    // A store view is chosen the Magento way, by the Store header (code); default otherwise.
    const storeCode = req.headers.store;
    if (typeof storeCode === 'string') {
      const tree = await app.services.stores.tree();
      const view = tree.views.find((v) => v.code === storeCode && v.is_active === 1);
      if (!view) return reply.code(400).send({ errors: [{ message: 'Requested store is not found', extensions: { category: 'graphql-no-such-entity' } }] });
      rc.store = (await app.services.stores.byId(view.id))!;
    }
    const problem = requestShapeProblem(req.method === 'GET' ? req.query : req.body);
    if (problem) return reply.code(400).send({ data: null, errors: [{ message: problem, extensions: { category: 'graphql-input' } }] });
  };
}

/**
 * POST /graphql (and GET for queries only) on mercurius, with a depth limit, a cost limit, a body limit, no
 * batching, introspection and GraphiQL in development only, and per-IP limits counted per operation field.
 */
export function graphqlRoutes(server: FastifyInstance, app: AppContext) {
  const production = app.env.NODE_ENV === 'production';
  // Counted per field so one request with many aliased createCustomer fields counts as many registrations.
  const rateLimited: Record<string, ReturnType<FastifyInstance['createRateLimit']>> = {
    createCustomer: server.createRateLimit({
      max: app.env.REGISTRATION_RATE_LIMIT,
      timeWindow: '1 hour',
      keyGenerator: (req) => `graphql-createCustomer:${req.ip}`,
    }),
    ...Object.fromEntries(
      SIGN_IN_LIMITED_FIELDS.map((field) => [
        field,
        server.createRateLimit({ max: app.env.LOGIN_RATE_LIMIT, timeWindow: '1 minute', keyGenerator: (req) => `graphql-${field}:${req.ip}` }),
      ]),
    ),
  };

  server.register(async (scope) => {
    // Every route of this scope (the endpoint, and GraphiQL's pages in development) is public: each operation
    // declares its own access in GRAPHQL_ACCESS.
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
    });
    if (!production) {
      // GraphiQL's page loads its bundle from unpkg and styles itself inline; only its own pages are allowed that.
      scope.addHook('onSend', async (req, reply, payload) => {
        if (req.url.startsWith('/graphiql')) {
          reply.header(
            'content-security-policy',
            "default-src 'self'; script-src 'self' https://unpkg.com; style-src 'self' 'unsafe-inline' https://unpkg.com; img-src 'self' data: https://unpkg.com; font-src 'self' https://unpkg.com; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
          );
        }
        return payload;
      });
    }

    await scope.register(mercurius, {
      schema: SCHEMA,
      resolvers: allResolvers(app) as never,
      path: '/graphql',
      graphiql: !production,
      allowBatchedQueries: false,
      queryDepth: production ? QUERY_DEPTH_LIMIT.production : QUERY_DEPTH_LIMIT.development,
      // The cost rule needs each request's variables, so parsed queries are not cached (mercurius refuses both).
      cache: false,
      validationRules: ({ variables, operationName }) => [...(production ? [NoSchemaIntrospectionCustomRule] : []), complexityRule(variables, operationName)],
      context: (req, reply) => ({ req, reply, rc: req.rc }),
      errorFormatter: formatErrors as never,
      additionalRouteOptions: {
        bodyLimit: GRAPHQL_BODY_LIMIT,
        preHandler: checkRequest(app),
      },
    });

    scope.graphql.addHook('preExecution', async (_schema, document, context) => {
      const req = (context as GqlContext).req;
      const params = (req.method === 'GET' ? req.query : req.body) as { operationName?: unknown } | undefined;
      const counts = rootFieldCounts(document, typeof params?.operationName === 'string' ? params.operationName : undefined);
      // Everything is counted before anything runs, so a refused request creates nothing.
      let exceeded = false;
      for (const [field, limiter] of Object.entries(rateLimited)) {
        for (let i = 0; i < (counts.get(field) ?? 0); i++) {
          const verdict = await limiter(req);
          if (!verdict.isAllowed && verdict.isExceeded) exceeded = true;
        }
      }
      if (exceeded) throw new GraphqlRefusal(TOO_MANY, 'graphql-rate-limit', 429);
    });
  });
}
