import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { failoverRateLimitStore } from './rate-limit-store.ts';
import { watchedRedis } from '../redis.ts';
import { PUBLIC_DIR } from '../paths.ts';
import type { AppContext } from '../kernel/app-context.ts';
import { forbidden } from '../kernel/errors.ts';
import { localeFromAcceptLanguage, translator } from '../kernel/i18n.ts';
import type { AdminRouteOptions, Handler, RouteRegistrar, StorefrontRouteOptions } from '../modules/types.ts';
import { adminPage } from '../ui/admin-layout.tsx';
import type { GuestPage } from '../modules/page-cache/service.ts';
import { LOCALE_CODE, TIMEZONE } from '../modules/stores/index.ts';
import { FORM_KEY_MARKER, personalize, personalizeForGuest, storefrontPage } from '../ui/storefront-layout.tsx';
import { CSRF_COOKIE, csrfTokenFor, csrfValid, ensureCsrfSeed } from './csrf.ts';
import { FLASH_COOKIE } from './flash.ts';
import { randomToken } from '../kernel/tokens.ts';
import { errorPage, handleError } from './errors.ts';
import { isAppError } from '../kernel/errors.ts';
import { installRequestWatchdog, type SlowRequest } from './watchdog.ts';
import { closeEventStreams } from './event-stream.ts';
import { browserOf } from './browser.ts';
import { flashNext, readFlash } from './flash.ts';
import { backToReferer } from './redirect.ts';
import { can, type RequestContext } from '../kernel/request-context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    rc: RequestContext;
  }
}

/** Raw-request marker set while rewriting a store view's URL prefix away. */
const STORE_VIEW = Symbol('storeViewId');

export const ADMIN_COOKIE = 'concierge_admin';
export const INVALID_FORM_KEY = 'Invalid Form Key. Please refresh the page.';

export interface RegisteredAdminRoute {
  method: 'GET' | 'POST';
  path: string;
  resource: string;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  /** The route's options.config, where a route declares who may call it. */
  config: Record<string, unknown>;
}

export interface BuiltServer {
  server: FastifyInstance;
  /** Every admin route with the permission it needs (the authorization test walks this list). */
  adminRoutes: RegisteredAdminRoute[];
  /** Every route the server answers (admin, storefront, API, raw), as registered with Fastify. */
  routes: RegisteredRoute[];
  /** Requests the watchdog reported (REQUEST_WATCHDOG_MS), for test runs to fail on. */
  slowRequests: SlowRequest[];
}

const surfaceOf = (url: string): RequestContext['surface'] =>
  url === '/admin' || url.startsWith('/admin/') || url.startsWith('/admin?')
    ? 'admin'
    : url.startsWith('/rest/') || url.startsWith('/graphql')
      ? 'api'
      : 'storefront';

/** Headers helmet sets, copied from the first storefront page it answered, for the fast path. */
const SECURITY_HEADERS = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

/** The page cache's key for a raw request: what the fast path can compute before any framework work. */
export const rawPageKey = (proto: string, host: string | undefined, url: string | undefined) => `${proto}|${host ?? ''}|${url ?? ''}`;

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const prefix = `${name}=`;
  for (let at = header.indexOf(prefix); at !== -1; at = header.indexOf(prefix, at + 1)) {
    if (at > 0 && header[at - 1] !== ' ' && header[at - 1] !== ';') continue; // a longer name ending in `name`
    const end = header.indexOf(';', at);
    return header.slice(at + prefix.length, end === -1 ? undefined : end).trim();
  }
  return undefined;
}

/** A copy of a parsed body with U+0000 removed from every string (keys included); other values unchanged. */
export function withoutNul(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => withoutNul(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k.includes('\u0000') ? k.replaceAll('\u0000', '') : k] = withoutNul(v, depth + 1);
  return out;
}

const afterResponseWork = new WeakMap<object, Set<Promise<void>>>();
/** Resolves once the storefront's after-response hooks of answers already sent have finished (tests compare state after). */
export async function afterResponseSettled(server: object): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await Promise.all([...(afterResponseWork.get(server) ?? [])]);
}

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: the composition of the HTTP pipeline (plugins, hooks, fast path, registrar) in order; its parts are named functions inside
export async function buildServer(app: AppContext): Promise<BuiltServer> {
  const { env, services } = app;
  await services.stores.tree(); // routing below needs the store tree synchronously
  const trustProxy = env.TRUST_PROXY === 'true';
  const protoOf = (req: IncomingMessage) =>
    trustProxy && typeof req.headers['x-forwarded-proto'] === 'string'
      ? req.headers['x-forwarded-proto']
      : 'encrypted' in req.socket && req.socket.encrypted
        ? 'https'
        : 'http';

  /**
   * Anonymous page-cache HITs are answered here, before the framework: a GET from a visitor without session or
   * flash cookies, for a page the cache holds in its guest-ready form. The answer is the same bytes and headers
   * the full path would send (security headers copied from helmet's own first answer; a fresh form key per
   * visitor). Everything else goes to Fastify.
   */
  // Form keys of recent visitors (an HMAC per seed), so a returning visitor's HIT computes nothing. Two
  // generations of up to 10,000 each: when the newer fills up it becomes the older and the older is dropped, which
  // bounds memory at O(1) per visit (deleting a Map's oldest key one by one costs more the more were deleted).
  let recentKeys = new Map<string, Buffer>();
  let olderKeys = new Map<string, Buffer>();
  const formKeyFor = (seed: string) => {
    let key = recentKeys.get(seed);
    if (key) return key;
    key = olderKeys.get(seed) ?? Buffer.from(csrfTokenFor(env.sessionSecret, seed));
    if (recentKeys.size >= 10_000) {
      olderKeys = recentKeys;
      recentKeys = new Map();
    }
    recentKeys.set(seed, key);
    return key;
  };
  const FORM_KEY_LENGTH = Buffer.byteLength(csrfTokenFor(env.sessionSecret, randomToken()));
  // Helmet's headers for storefront pages (copied from its first answer) and the HIT's own, as name/value pairs.
  let fixedHeaders: string[] | undefined;
  const SPARE_COPIES = 8;
  // Each guest page's response headers, built on its first HIT.
  const headersOf = new WeakMap<GuestPage, string[]>();

  function fastPath(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' || !fixedHeaders) return false;
    const cookies = req.headers.cookie;
    if (cookies && (cookies.includes('concierge_session=') || cookies.includes(`${FLASH_COOKIE}=`))) return false;
    const page = services.pageCache.peekGuestPage(rawPageKey(protoOf(req), req.headers.host, req.url));
    if (!page || page.slotLength !== FORM_KEY_LENGTH) return false;
    let seed = cookies ? cookieValue(cookies, CSRF_COOKIE) : undefined;
    let headers = headersOf.get(page);
    if (!headers) {
      headers = [...fixedHeaders, 'content-type', page.contentType, 'content-length', String(page.template.length)];
      headersOf.set(page, headers);
    }
    let key: Buffer;
    if (seed && /^[\w-]{43}$/.test(seed)) key = formKeyFor(seed);
    else {
      // A first visit: mint the cookie. Its key is not remembered (most such visitors never come back).
      seed = randomToken();
      key = Buffer.from(csrfTokenFor(env.sessionSecret, seed));
      headers = [...headers, 'set-cookie', `${CSRF_COOKIE}=${seed}; Path=/; HttpOnly; SameSite=Lax${env.cookieSecure ? '; Secure' : ''}`];
    }
    const body = page.spare.pop() ?? Buffer.from(page.template);
    for (const slot of page.slots) key.copy(body, slot);
    res.writeHead(200, headers);
    // The copy goes back once the socket has taken it (or is dropped with the connection).
    res.end(body, (error?: Error | null) => {
      if (!error && page.spare.length < SPARE_COPIES) page.spare.push(body);
    });
    return true;
  }

  const server = Fastify({
    serverFactory: (handler) => createServer((req, res) => (fastPath(req, res) ? undefined : handler(req, res))),
    loggerInstance: app.logger as FastifyBaseLogger,
    trustProxy,
    bodyLimit: 1_048_576,
    // Store views addressed by path prefix: strip the prefix before routing and remember the view.
    rewriteUrl(raw) {
      const url = raw.url ?? '/';
      if (surfaceOf(url) !== 'storefront' || url.startsWith('/static/') || url.startsWith('/media/') || url === '/health' || url.startsWith('/health/'))
        return url;
      const tree = services.stores.peekTree();
      if (!tree) return url;
      const match = services.stores.matchUrl(tree, raw.headers.host, url);
      (raw as unknown as Record<symbol, number>)[STORE_VIEW] = match.view.id;
      return match.url;
    },
  });

  const routes: RegisteredRoute[] = [];
  const slowRequests: SlowRequest[] = [];
  server.addHook('onRoute', (route) => {
    // Read when asked, not now: a plugin's own onRoute hook (which runs after this one) may still declare access.
    for (const method of [route.method].flat())
      routes.push({
        method,
        url: route.url,
        get config() {
          return (route.config as Record<string, unknown> | undefined) ?? {};
        },
      });
  });

  await server.register(cookie, { secret: env.sessionSecret });
  await server.register(formbody);
  // U+0000 can be stored by neither database's text columns (PostgreSQL refuses it outright): it is dropped from every
  // submitted value, form or JSON, before any handler sees it.
  server.addHook('preValidation', async (req) => {
    if (req.body && typeof req.body === 'object') req.body = withoutNul(req.body);
  });
  // Security headers from helmet, its middleware built once (decision 028: @fastify/helmet built it anew for every
  // request, which cost a quarter of a bare page's throughput and was the source of a process's warm-up promotions).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    hsts: env.cookieSecure ? { maxAge: 31536000, includeSubDomains: true } : false,
  });
  server.addHook('onRequest', (req, reply, done) => securityHeaders(req.raw, reply.raw, (err) => done(err as Error | undefined)));
  const rateLimitRedis = env.REDIS_URL ? watchedRedis(env.REDIS_URL, app.logger, 'rate limits') : undefined;
  // Closed with the server (app.close()), or it alone would keep a finished CLI command running.
  if (rateLimitRedis) server.addHook('onClose', async () => rateLimitRedis.disconnect());
  // Event streams stay open until their lifetime ends: closing the server ends them first.
  server.addHook('preClose', async () => closeEventStreams(server));
  await server.register(rateLimit, {
    global: false,
    // Counted in Redis across processes; while Redis is down, in this process (never skipped).
    ...(rateLimitRedis ? { store: failoverRateLimitStore(rateLimitRedis) } : {}),
    errorResponseBuilder: () => ({ statusCode: 429, message: 'Too many requests. Please wait a moment and try again.' }),
  });
  await server.register(async (assets) => {
    assets.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
    });
    await assets.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/static/', maxAge: '1h', index: false });
  });

  if (env.REQUEST_WATCHDOG_MS > 0)
    installRequestWatchdog(server, { limitMs: env.REQUEST_WATCHDOG_MS, file: join(env.VAR_DIR, 'watchdog.log'), onSlow: (slow) => slowRequests.push(slow) });

  // A storefront page that is not there (an unknown product or category key) is answered like any unknown URL: the
  // framed "Page Not Found" with the header, menu and search. Everything else goes to the one error mapping.
  server.setErrorHandler((error: Error, req, reply) => {
    if (req.method === 'GET' && req.rc?.surface === 'storefront' && req.rc.store && isAppError(error) && error.kind === 'not_found')
      return reply.callNotFound();
    return handleError(error, req, reply);
  });
  server.setNotFoundHandler((req, reply) => {
    const t = req.rc?.t ?? translator();
    const admin = surfaceOf(req.url) === 'admin';
    reply.code(404);
    if (surfaceOf(req.url) === 'api') return reply.send({ message: t('The requested resource was not found.') });
    // A storefront visitor keeps the header, category menu and search, as on every storefront page.
    if (req.rc?.surface === 'storefront' && req.rc.store)
      return storefrontPage(req.rc, {
        title: t('Page Not Found'),
        bodyClass: 'cms-noroute-index',
        breadcrumbs: [{ label: t('Page Not Found') }],
        content: (
          <p class="error-message" safe>
            {t('The page you requested was not found.')}
          </p>
        ),
      }).then((html) => reply.type('text/html; charset=utf-8').send(html));
    return reply.type('text/html; charset=utf-8').send(errorPage(404, t('The page you requested was not found.'), admin ? '/admin' : '/', t, req.rc?.locale));
  });

  server.get('/health', { config: { access: 'public' } }, async (_req, reply) => {
    await app.db.selectFrom('cache_versions').select('name').limit(1).execute();
    reply.header('cache-control', 'no-store');
    return { status: 'ok', database: app.dialect };
  });
  // For load balancers and orchestrators: live = the process answers; ready = it can serve (the database answers
  // within a second). Redis is optional: while it is down the store serves without it, so ready stays 200 with
  // status "degraded" and redis "down". A stopping server answers 503 (Fastify's return503OnClosing).
  server.get('/health/live', { config: { access: 'public' } }, async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });
  server.get('/health/ready', { config: { access: 'public' } }, async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    const within = <T,>(p: Promise<T>) => Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref())]);
    const database = await within(app.db.selectFrom('cache_versions').select('name').limit(1).execute()).then(
      () => 'ok' as const,
      () => 'down' as const,
    );
    const redis = rateLimitRedis
      ? await within(rateLimitRedis.ping()).then(
          () => 'ok' as const,
          () => 'down' as const,
        )
      : ('not configured' as const);
    const ready = database === 'ok';
    reply.code(ready ? 200 : 503);
    return { status: !ready ? 'unavailable' : redis === 'down' ? 'degraded' : 'ok', database, redis };
  });

  // Every request gets its context: store view, language, actor, form key, flash messages.
  server.addHook('onRequest', async (req, reply) => {
    if (req.url.startsWith('/static/') || req.url.startsWith('/media/') || req.url === '/health' || req.url.startsWith('/health/')) return;
    const surface = surfaceOf(req.url);
    const viewId = (req.raw as unknown as Record<symbol, number | undefined>)[STORE_VIEW];
    const store = (viewId !== undefined ? await services.stores.byId(viewId) : undefined) ?? (await services.stores.defaultStoreView());
    const html = surface !== 'api';
    const seed = html ? ensureCsrfSeed(req, reply, env.cookieSecure, surface === 'admin' ? 'admin' : 'storefront') : '';
    const locale = surface === 'storefront' ? await services.config.get(LOCALE_CODE, { storeViewId: store.view.id }) : 'en_US';
    // The admin reads times in the default scope's zone (as Magento's admin does), shoppers in their store view's.
    const timeZone = await services.config.get(TIMEZONE, surface === 'storefront' ? { storeViewId: store.view.id } : {});
    req.rc = {
      app,
      db: app.db,
      actor: { type: 'guest' },
      ip: req.ip,
      locale,
      timeZone,
      t: translator(locale),
      store,
      fullActionName: '',
      surface,
      csrfToken: html ? csrfTokenFor(env.sessionSecret, seed) : '',
      flash: html ? readFlash(req, reply) : [],
      permissions: { all: false, resources: new Set() },
      browser: browserOf(req, reply, () => req.rc),
      url: (path) => `${store.prefix}${path}`,
      locals: {},
    };
    if (surface === 'admin') {
      reply.header('cache-control', 'no-store');
      const identity = await services.adminUsers.identify(req.rc, req.cookies[ADMIN_COOKIE]);
      if (identity) {
        req.rc.actor = services.adminUsers.actorOf(identity.user);
        req.rc.permissions = identity.permissions;
        req.rc.adminSessionHash = identity.sessionHash;
        req.rc.locale = identity.user.interface_locale;
        req.rc.t = translator(identity.user.interface_locale);
      } else {
        if (req.cookies[ADMIN_COOKIE]) reply.clearCookie(ADMIN_COOKIE, { path: '/admin' });
        // Before sign-in the panel speaks the browser's language when it is one of ours.
        const wanted = localeFromAcceptLanguage(req.headers['accept-language']);
        if (wanted) {
          req.rc.locale = wanted;
          req.rc.t = translator(wanted);
        }
      }
    } else if (surface === 'storefront') {
      // Pages carry a marker instead of the form key, so a cached page can serve every visitor (see personalize).
      req.rc.locals.formKey = req.rc.csrfToken;
      req.rc.csrfToken = FORM_KEY_MARKER;
      for (const m of app.registry.modules) if (m.onStorefrontRequest) await m.onStorefrontRequest(req.rc);
      reply.header('cache-control', req.rc.locals.noPageCache ? 'private, no-store' : 'private, no-cache');
    }
  });

  // Storefront HTML gets its per-visitor parts (account links, cart count, messages, banner, form keys) last.
  server.addHook('onSend', async (req, reply, payload) => {
    if (req.rc?.surface !== 'storefront' || typeof payload !== 'string') return payload;
    const type = reply.getHeader('content-type');
    if (typeof type !== 'string' || !type.startsWith('text/html')) return payload;
    if (!fixedHeaders) {
      const copy: Record<string, string> = {};
      for (const name of SECURITY_HEADERS) {
        const v = reply.getHeader(name);
        if (typeof v === 'string') copy[name] = v;
      }
      if (copy['content-security-policy']) fixedHeaders = [...Object.entries(copy).flat(), 'cache-control', 'private, no-cache', 'x-cache', 'HIT'];
    }
    return personalize(payload, req.rc);
  });

  // Work done after the answer has gone (e.g. the assisted-session audit); kept so tests can wait for it to land.
  const afterResponse = new Set<Promise<void>>();
  afterResponseWork.set(server, afterResponse);
  server.addHook('onResponse', async (req, reply) => {
    if (req.rc?.surface !== 'storefront') return;
    const work = (async () => {
      for (const m of app.registry.modules) {
        if (!m.onStorefrontResponse) continue;
        try {
          await m.onStorefrontResponse(req, reply, req.rc);
        } catch (err) {
          req.log.error({ err }, 'storefront response hook failed');
        }
      }
    })();
    afterResponse.add(work);
    try {
      await work;
    } finally {
      afterResponse.delete(work);
    }
  });

  const adminRoutes: RegisteredAdminRoute[] = [];

  const run = (handler: Handler) => async (req: FastifyRequest, reply: FastifyReply) => {
    const result = await handler(req, reply, req.rc);
    if (reply.sent) return reply;
    if (typeof result === 'string') return reply.type('text/html; charset=utf-8').send(result);
    return result;
  };

  /**
   * Full-page cache around a storefront GET handler: a HIT skips the handler; a MISS stores the shared page
   * when the response is a 200 and nothing marked it personal. Assisted sessions with the cache disabled never
   * read or write it.
   */
  const cached = (handler: Handler) => async (req: FastifyRequest, reply: FastifyReply) => {
    const rc = req.rc;
    const pageCache = services.pageCache;
    if (rc.locals.noPageCache || env.PAGE_CACHE === 'off') {
      reply.header('x-cache', 'MISS');
      return run(handler)(req, reply);
    }
    const key = pageCache.keyFor(rc, req.protocol, req.host, req.url);
    // The cache is an optimisation: when its store (Redis) fails, the page is rendered as if it were a MISS.
    const hit = await pageCache.get(key).catch((err: unknown) => void req.log.warn({ err }, 'page cache read failed; rendering without it'));
    if (hit) {
      reply.header('x-cache', 'HIT');
      return reply.code(hit.status).type(hit.contentType).send(hit.body);
    }
    reply.header('x-cache', 'MISS');
    const result = await handler(req, reply, rc);
    if (reply.sent) return reply;
    if (typeof result !== 'string') return result;
    if (reply.statusCode === 200 && !rc.locals.uncacheable && !rc.locals.noPageCache) {
      await pageCache
        .set(key, { status: 200, contentType: 'text/html; charset=utf-8', body: result, storedAt: Date.now() })
        .catch((err: unknown) => req.log.warn({ err }, 'page cache write failed; page served uncached'));
      if (!rc.locals.customer) {
        const raw = req.raw as IncomingMessage & { originalUrl?: string };
        pageCache.setGuestPage(
          rawPageKey(protoOf(raw), raw.headers.host, req.originalUrl ?? raw.url),
          personalizeForGuest(result, rc),
          'text/html; charset=utf-8',
          FORM_KEY_MARKER,
          FORM_KEY_LENGTH,
        );
      }
    }
    return reply.type('text/html; charset=utf-8').send(result);
  };

  const adminGuard = (options: AdminRouteOptions, method: string) => async (req: FastifyRequest, reply: FastifyReply) => {
    const rc = req.rc;
    rc.fullActionName = options.actionName ?? `adminhtml${req.routeOptions.url?.slice('/admin'.length).replace(/[/:]+/g, '_') ?? ''}`;
    if (rc.actor.type !== 'admin') {
      if (method === 'GET') return reply.redirect(`/admin/login?return=${encodeURIComponent(req.url)}`, 302);
      flashNext(reply, env.cookieSecure, { type: 'error', text: rc.t('Your session has expired. Please sign in again.') });
      return reply.redirect('/admin/login', 303);
    }
    if (!can(rc, options.resource)) {
      reply.code(403);
      return reply.type('text/html; charset=utf-8').send(
        await adminPage(rc, {
          title: rc.t('Access denied'),
          content: (
            <p class="access-denied" safe>
              {rc.t(forbidden().message)}
            </p>
          ),
        }),
      );
    }
    if (method === 'POST' && !csrfValid(req, env.sessionSecret, 'admin')) {
      reply.code(403);
      return reply.type('text/html; charset=utf-8').send(
        await adminPage(rc, {
          title: rc.t('Access denied'),
          content: (
            <p class="invalid-form-key" safe>
              {rc.t(INVALID_FORM_KEY)}
            </p>
          ),
        }),
      );
    }
    if (method === 'GET') rc.hiddenGridColumns = await rc.app.services.gridPreferences.hiddenColumns(rc);
  };

  const storefrontCsrf = async (req: FastifyRequest, reply: FastifyReply) => {
    req.rc.fullActionName = `storefront${req.routeOptions.url?.replace(/[/:]+/g, '_') ?? ''}`;
    if (!csrfValid(req, env.sessionSecret)) {
      flashNext(reply, env.cookieSecure, { type: 'error', text: req.rc.t(INVALID_FORM_KEY) });
      return reply.redirect(req.rc.url('/'), 303);
    }
  };

  // A module may hold back every storefront change (a view-only assisted session): sent back, with the reason.
  const refusers = app.registry.modules.flatMap((m) => (m.refuseStorefrontPost ? [m.refuseStorefrontPost] : []));
  const storefrontRefusal = async (req: FastifyRequest, reply: FastifyReply) => {
    for (const refuse of refusers) {
      const message = await refuse(req.rc, req.routeOptions.url ?? req.url);
      if (!message) continue;
      flashNext(reply, env.cookieSecure, { type: 'error', text: message });
      return reply.redirect(backToReferer(req, req.rc.url('/')), 303);
    }
  };

  // A storefront route declared `customer` sends everyone else to sign in, as the account pages' own check does.
  const signedInCustomer = (options?: StorefrontRouteOptions) => async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.rc.locals.customer) return;
    if (req.method !== 'POST') return reply.redirect(req.rc.url('/customer/account/login'), 302);
    // A form sent while signed out says why it did nothing.
    flashNext(reply, env.cookieSecure, { type: 'error', text: req.rc.t(options?.signInMessage ?? 'Please sign in to continue.') });
    return reply.redirect(req.rc.url('/customer/account/login'), 303);
  };
  const storefrontAccess = (options?: StorefrontRouteOptions) => options?.access ?? 'public';
  const rateLimits = {
    'sign-in': { max: env.LOGIN_RATE_LIMIT, timeWindow: '1 minute' },
    registration: { max: env.REGISTRATION_RATE_LIMIT, timeWindow: '1 hour' },
  };

  const registrar: RouteRegistrar = {
    adminGet(path, options, handler) {
      adminRoutes.push({ method: 'GET', path: `/admin${path}`, resource: options.resource });
      server.get(`/admin${path}`, { preHandler: adminGuard(options, 'GET'), config: { access: `admin:${options.resource}` } }, run(handler));
    },
    adminPost(path, options, handler) {
      adminRoutes.push({ method: 'POST', path: `/admin${path}`, resource: options.resource });
      const limit = options.rateLimited ? { rateLimit: rateLimits['sign-in'] } : {};
      server.post(`/admin${path}`, { preHandler: adminGuard(options, 'POST'), config: { access: `admin:${options.resource}`, ...limit } }, run(handler));
    },
    storefrontGet(path, handler, options) {
      const actionName = async (req: FastifyRequest) => {
        req.rc.fullActionName = `storefront${req.routeOptions.url?.replace(/[/:]+/g, '_') ?? ''}`;
      };
      const access = storefrontAccess(options);
      server.get(
        path,
        { preHandler: access === 'customer' ? [actionName, signedInCustomer(options)] : actionName, config: { access } },
        options?.cacheable ? cached(handler) : run(handler),
      );
    },
    storefrontPost(path, handler, options) {
      const access = storefrontAccess(options);
      const limit = options?.rateLimited ? rateLimits[options.rateLimited === true ? 'sign-in' : options.rateLimited] : undefined;
      server.post(
        path,
        {
          preHandler: access === 'customer' ? [storefrontCsrf, signedInCustomer(options), storefrontRefusal] : [storefrontCsrf, storefrontRefusal],
          config: { access, ...(limit ? { rateLimit: limit } : {}) },
        },
        run(handler),
      );
    },
  };

  for (const m of app.registry.modules) m.routes?.(registrar);
  for (const m of app.registry.modules) m.rawRoutes?.(server, app);

  return { server, adminRoutes, routes, slowRequests };
}
