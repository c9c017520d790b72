// The same page bytes from a bare Fastify route, optionally with @fastify/cookie and helmet's headers as the store
// registers them: how much of the ceiling the framework and the security headers alone leave.
// Usage: node bench/fastify-floor.mjs <page.html> <port> [plain|secured]
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import helmet from 'helmet';

const [file, port, mode = 'plain'] = process.argv.slice(2);
const page = readFileSync(file, 'utf8');
const app = Fastify({ logger: false });
if (mode === 'secured') {
  await app.register(cookie, { secret: 'bench-secret-0123456789abcdef0123456789abcdef' });
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (req, reply, done) => securityHeaders(req.raw, reply.raw, done));
}
app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(page));
await app.listen({ port: Number(port), host: '127.0.0.1' });
