import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { watchedRedis } from './redis.ts';
import pino, { type Logger } from 'pino';
import type { AppContext } from './kernel/app-context.ts';
import { type Db, openDatabase, type DatabaseHandle } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { withStartupLock } from './db/startup-lock.ts';
import type { Env } from './env.ts';
import { withSafeSerializers } from './http/log-redaction.ts';
import { buildServer, type BuiltServer } from './http/server.tsx';
import { registerCatalogs } from './http/catalogs.ts';
import { createSessionStore } from './http/sessions.ts';
import { systemClock, type Clock } from './kernel/clock.ts';
import { loadSigningKey, type SigningKey } from './kernel/signing-key.ts';
import { createActionLogService } from './modules/action-log/service.ts';
import { createAdminUsersService } from './modules/admin-users/service.ts';
import { createGridPreferencesService } from './modules/admin-users/grid-preferences.ts';
import { createConfigService } from './modules/config/service.ts';
import { allModules } from './modules/index.ts';
import { Registry } from './modules/registry.ts';
import { createStoresService } from './modules/stores/service.ts';
import { createPageCacheService } from './modules/page-cache/service.ts';
import { createStoresAdminService } from './modules/stores/admin-service.ts';
import type { Services } from './kernel/services.ts';
import { createCatalogService } from './modules/catalog/service.ts';
import { createCurrencyService } from './modules/currency/service.ts';
import { createTaxService } from './modules/tax/service.ts';
import { diskImageStorage } from './modules/catalog/media.ts';
import { createCartService } from './modules/checkout/service.ts';
import { createCustomersService } from './modules/customers/service.ts';
import { createJobsService } from './modules/jobs/service.ts';
import { createAdminNotificationsService } from './modules/admin-notifications/service.ts';
import type { Worker } from './modules/jobs/worker.ts';
import { createMailer, registerMailJobs } from './modules/mail/mailer.ts';
import { createSalesService } from './modules/sales/service.ts';
import { createLoginAsCustomerService } from './modules/login-as-customer/service.ts';
import { wireLoginAsCustomer } from './modules/login-as-customer/wiring.ts';

export interface AppOptions {
  clock?: Clock;
  logger?: Logger;
  /** An already open database (tests); otherwise opened from env. */
  database?: DatabaseHandle;
  /** How often caches look at their version stamps (ms); tests use 0. */
  cacheCheckMs?: number;
  /** Run each background job as soon as the transaction that queued it commits, before the caller goes on (tests). */
  runJobsOnCommit?: boolean;
}

export interface App extends BuiltServer {
  ctx: AppContext;
  /** The open database (start-up work takes its lock through it). */
  database: DatabaseHandle;
  /** This process's background-job worker: started by `npm start` when JOBS_WORKER=inline, stopped by close(). */
  worker: Worker;
  close(): Promise<void>;
}

const INVALIDATION_CHANNEL = 'concierge:invalidate';

/**
 * Ends a Redis connection: QUIT first so commands already sent (an invalidation just published) are delivered,
 * then the socket is dropped in any case, so a client that cannot reach its server never keeps the process alive.
 */
export async function closeRedis(client: Redis | undefined) {
  if (!client || client.status === 'end') return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([client.quit().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, 1000)))]);
  clearTimeout(timer);
  client.disconnect();
}

/**
 * Other processes' invalidations through Redis. Redis is never a reason not to start: without it, changes arrive
 * through the database's version stamps (CACHE_CHECK_MS); the subscription is made again whenever Redis comes back.
 */
function subscribeToInvalidations(
  url: string,
  logger: Logger,
  caches: Record<'config' | 'stores' | 'catalog' | 'lac' | 'currency_rates' | 'tax', { invalidate(): void }>,
  pageCache: { flushedElsewhere(): void },
): Redis {
  const subscriber = watchedRedis(url, logger, 'subscriber', { queueWhileOffline: true });
  subscriber
    .subscribe(INVALIDATION_CHANNEL)
    .catch((err: unknown) => logger.warn({ err }, 'Redis subscription failed; invalidations come through version stamps until it is back'));
  subscriber.on('message', (_channel, name: string) => {
    if (name === 'config' || name === 'stores' || name === 'catalog' || name === 'lac' || name === 'currency_rates' || name === 'tax')
      caches[name].invalidate();
    // Every one of these but Login as Customer's flushes the page cache too: its stamp is read again at once.
    if (name !== 'lac') pageCache.flushedElsewhere();
  });
  return subscriber;
}

/** The composition root: opens the database, migrates, builds every service and the HTTP server. */
// Long by design: the composition root: every service built once, in dependency order, read top to bottom.
export async function createApp(env: Env, options: AppOptions = {}): Promise<App> {
  // Request lines carry no secrets whichever logger is given (src/http/log-redaction.ts).
  const logger = withSafeSerializers(
    options.logger ?? pino({ level: env.LOG_LEVEL, redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'] }),
  );
  const handle = options.database ?? (await openDatabase({ url: env.DATABASE_URL, sqliteFile: env.SQLITE_FILE, poolMax: env.PG_POOL_MAX }));
  // N processes started together on an empty database: one migrates, the others wait and find nothing to do.
  await withStartupLock(handle, () => migrateToLatest(handle));

  const clock = options.clock ?? systemClock;
  const registry = new Registry(allModules());
  registerCatalogs(registry.modules);
  const checkEveryMs = options.cacheCheckMs ?? env.CACHE_CHECK_MS;
  const db = () => handle.db;

  let publisher: Redis | undefined;
  let subscriber: Redis | undefined;
  // A start that fails half-way closes what it had opened, so the process can still end.
  const closeOpened = async () => {
    await Promise.all([closeRedis(publisher), closeRedis(subscriber)]);
    if (!options.database) await handle.close();
  };
  const publishInvalidation = (name: string) => void publisher?.publish(INVALIDATION_CHANNEL, name).catch(() => undefined);

  const sessions = createSessionStore({ db, clock });
  const stores = createStoresService({ db, checkEveryMs });
  // A settings change can alter any page: the page cache is flushed with it.
  const config = createConfigService({
    db,
    registry,
    stores,
    checkEveryMs,
    onChange: async (changedDb) => {
      publishInvalidation('config');
      await pageCache.flush(changedDb).catch((err: unknown) => logger.warn({ err }, 'page cache flush failed'));
    },
  });
  // Loaded (or generated into the var folder) on first use, so a process that never signs never touches it.
  let signingKey: SigningKey | undefined;
  const actionLog = createActionLogService({
    config: () => config,
    signingKey: () => (signingKey ??= loadSigningKey({ envKey: env.LOG_SIGNING_KEY, varDir: env.VAR_DIR })),
  });
  const adminUsers = createAdminUsersService({ sessions, config: () => config, actionLog: () => actionLog, registry });
  if (env.REDIS_URL) publisher = watchedRedis(env.REDIS_URL, logger, 'publisher');
  const pageCache = createPageCacheService({ db, redis: publisher, checkEveryMs });
  // A change that shows on cached pages (catalog, converted prices): other processes are told and the page cache
  // flushed. The stamp moves in the database either way; a Redis store that cannot be emptied now is ignored by it.
  const flushingPages = (name: string) => async (changedDb: Db) => {
    publishInvalidation(name);
    await pageCache.flush(changedDb).catch((err: unknown) => logger.warn({ err }, 'page cache flush failed'));
  };
  const catalog = createCatalogService({ db, checkEveryMs, media: diskImageStorage(join(env.VAR_DIR, 'media')), onChange: flushingPages('catalog') });
  // Login as Customer's live-session copies, like the caches above, are dropped when another process says so.
  const lac = createLoginAsCustomerService({ db, checkEveryMs, onEnded: () => publishInvalidation('lac') });
  const currency = createCurrencyService({ db, checkEveryMs, onChange: flushingPages('currency_rates') });
  const tax = createTaxService({ db, checkEveryMs, onChange: flushingPages('tax') });
  const services: Services = {
    currency,
    tax,
    sessions,
    stores,
    config,
    actionLog,
    adminUsers,
    gridPreferences: createGridPreferencesService(),
    pageCache,
    storesAdmin: createStoresAdminService(),
    catalog,
    customers: createCustomersService(),
    cart: createCartService(),
    sales: createSalesService(),
    mail: createMailer({ smtpUrl: env.SMTP_URL, varDir: env.VAR_DIR, logger }),
    jobs: createJobsService({ db, dialect: handle.dialect, clock, logger, runOnCommit: options.runJobsOnCommit }),
    loginAsCustomer: lac,
    adminNotifications: createAdminNotificationsService(),
  };
  wireLoginAsCustomer(services);
  registerMailJobs(services);
  const worker = services.jobs.worker({ onError: (err) => logger.warn({ err }, 'background job round failed') });

  const ctx: AppContext = { env, db: handle.db, dialect: handle.dialect, clock, logger, registry, services, publishInvalidation };

  if (env.REDIS_URL) subscriber = subscribeToInvalidations(env.REDIS_URL, logger, { config, stores, catalog, lac, currency_rates: currency, tax }, pageCache);

  let built: BuiltServer;
  try {
    built = await buildServer(ctx);
  } catch (err) {
    await closeOpened();
    throw err;
  }
  return {
    ...built,
    ctx,
    database: handle,
    worker,
    /** Closes everything the app opened (the job being run finishes first; HTTP server, Redis, the database). */
    async close() {
      await worker.stop();
      await built.server.close();
      await closeOpened();
    },
  };
}
