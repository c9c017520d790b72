import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../../../kernel/request-context.ts';
import type { AppContext } from '../../../kernel/app-context.ts';
import { IMAGE_LIMITS, MEDIA_NAME, MEDIA_TYPES } from '../media.ts';
import { boundaryOf, MultipartError, parseMultipart, type MultipartFile } from './multipart.ts';

/** Routes that take multipart/form-data (the image upload); every other route answers 415 to it. */
export const MULTIPART_ROUTES = new Set<string>();

// Kept beside the request, not in its body: the body's fields are cleaned as strings (U+0000 dropped) on the way in.
const uploaded = new WeakMap<FastifyRequest, MultipartFile[]>();
export const filesOf = (req: FastifyRequest) => uploaded.get(req) ?? [];

const ONE_YEAR = 31_536_000;

class UnsupportedMediaType extends Error {
  readonly statusCode = 415;
}
class PayloadTooLarge extends Error {
  readonly statusCode = 413;
}
/** Every file at its limit plus room for the fields. */
const BODY_LIMIT = IMAGE_LIMITS.files * IMAGE_LIMITS.fileBytes + 1_048_576;

/**
 * The multipart parser (buffered, for an admin the route admits, up to every file at its limit plus the fields;
 * decision 017) and the public media
 * route. File names are content hashes checked against one pattern before anything touches the storage.
 */
export function catalogMediaRoutes(server: FastifyInstance, app: AppContext) {
  server.addContentTypeParser('multipart/form-data', (req: FastifyRequest, payload: IncomingMessage, done: (err: Error | null, body?: unknown) => void) => {
    if (!MULTIPART_ROUTES.has(req.routeOptions.url ?? '')) return done(new UnsupportedMediaType('This address does not take file uploads.'));
    // Someone the route's guard will turn away gets nothing buffered: the body is discarded and the guard answers.
    const access = req.routeOptions.config.access ?? '';
    if (!(access.startsWith('admin:') && req.rc?.actor.type === 'admin' && can(req.rc, access.slice('admin:'.length)))) {
      payload.resume();
      return done(null, {});
    }
    const boundary = boundaryOf(req.headers['content-type']);
    if (!boundary) return done(new MultipartError('The form data has no valid boundary.'));
    if (Number(req.headers['content-length'] ?? 0) > BODY_LIMIT) return done(new PayloadTooLarge('The upload is too large.'));
    const chunks: Buffer[] = [];
    let size = 0;
    payload.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
    });
    payload.on('error', (err) => done(err));
    payload.on('end', () => {
      if (size > BODY_LIMIT) return done(new PayloadTooLarge('The upload is too large.'));
      try {
        const parsed = parseMultipart(Buffer.concat(chunks), boundary);
        uploaded.set(req, parsed.files);
        done(null, parsed.fields);
      } catch (err) {
        done(err instanceof MultipartError ? err : new MultipartError('The form data could not be read.'));
      }
    });
  });

  server.get('/media/catalog/:file', { config: { access: 'public' } }, async (req, reply) => {
    const file = (req.params as { file: string }).file;
    const m = MEDIA_NAME.exec(file);
    const bytes = m ? await app.services.catalog.imageStorage.get(file) : undefined;
    if (!m || !bytes) return reply.code(404).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send('Not found');
    return reply
      .type(MEDIA_TYPES[m[3]!]!)
      .header('cache-control', `public, max-age=${ONE_YEAR}, immutable`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(bytes);
  });
}
