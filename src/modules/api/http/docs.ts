import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z, type ZodType } from 'zod';
import { DOC_INFO } from '../schemas.ts';

export const DOCS_PATH = '/api/docs';
/** The strict policy with one exception, inline styles, for the documentation page only. */
const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

interface ResponseDoc {
  description: string;
  schema?: ZodType;
}

/** Answers of each route ("METHOD url"), documented beside its request schemas (kept out of Fastify's serializers). */
const RESPONSES = new Map<string, Record<string, ResponseDoc>>();

/** Declares what a REST route answers, for the OpenAPI document. */
export function documented(method: string, url: string, responses: Record<string | number, ResponseDoc>) {
  RESPONSES.set(`${method} ${url}`, Object.fromEntries(Object.entries(responses).map(([status, r]) => [String(status), r])));
}

const responseSchema = (r: ResponseDoc) =>
  r.schema
    ? { description: r.description, ...(z.toJSONSchema(r.schema, { target: 'openapi-3.0', io: 'output' }) as Record<string, unknown>) }
    : { description: r.description, type: 'null' };

/**
 * The OpenAPI document, generated from the zod schemas of the routes registered after this in `scope`, at
 * /api/docs/json, and Swagger UI at /api/docs (its assets from this origin; its page needs no inline script,
 * only inline styles). A client that does not ask for HTML (no `Accept: text/html`) gets the document at /api/docs too.
 */
export async function apiDocs(scope: FastifyInstance) {
  await scope.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: DOC_INFO,
      servers: [{ url: '/' }],
      components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } } },
    },
    transform: (doc) => {
      const out = jsonSchemaTransform(doc);
      const responses = RESPONSES.get(`${String(doc.route.method)} ${doc.url}`);
      if (!responses || out.schema?.hide) return out;
      return { ...out, schema: { ...out.schema, response: Object.fromEntries(Object.entries(responses).map(([s, r]) => [s, responseSchema(r)])) } };
    },
  });
  await scope.register(async (docs) => {
    // Every route of the documentation is public (the document describes the API, it grants nothing).
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
    });
    // Swagger UI adds a <style> element as it renders: its page may apply inline styles (never inline script).
    docs.addHook('onSend', async (_req, reply, payload) => {
      if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) reply.header('content-security-policy', DOCS_CSP);
      return payload;
    });
    await docs.register(swaggerUi, {
      routePrefix: DOCS_PATH,
      uiHooks: {
        onRequest: async (req: FastifyRequest, reply: FastifyReply) => {
          reply.header('cache-control', 'no-cache');
          const index = req.routeOptions.url === DOCS_PATH || req.routeOptions.url === `${DOCS_PATH}/`;
          if (index && !String(req.headers.accept ?? '').includes('text/html')) {
            reply.header('vary', 'accept');
            return reply.send(scope.swagger());
          }
        },
      },
    });
  });
}
