import { z } from 'zod';
import { parseSigningKey } from './kernel/signing-key.ts';

/** Process configuration from the environment, validated at boot. Development needs no .env file. */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Absolute or relative base URL used in emails and printed links. */
  PUBLIC_URL: z.string().optional(),
  /** postgres://… selects PostgreSQL; otherwise SQLite at SQLITE_FILE. */
  DATABASE_URL: z.string().optional(),
  SQLITE_FILE: z.string().default('./var/concierge.sqlite'),
  REDIS_URL: z.string().optional(),
  /**
   * Production: how many worker processes share the port (one per core by default). 1 runs a single process;
   * development and tests always run one.
   */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /** Connections per process in the PostgreSQL pool. */
  PG_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
  /**
   * Behind a reverse proxy or load balancer: take the client's address and scheme from X-Forwarded-For/-Proto
   * (sign-in limits, the Action Log's IP column, Secure redirects). Only when the proxy sets those headers itself.
   */
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  /** Signs CSRF tokens. Production refuses to start without a real one. */
  SESSION_SECRET: z.string().optional(),
  /** Marks cookies Secure; on by default in production. */
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  VAR_DIR: z.string().default('./var'),
  SMTP_URL: z.string().optional(),
  /** How often in-process caches look for changes made by other processes (ms). */
  CACHE_CHECK_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** Sign-in attempts allowed per IP and minute on each sign-in form. */
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(20),
  /** Accounts created per IP and hour, on each door (storefront form, GraphQL createCustomer). */
  REGISTRATION_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(20),
  /** Full-page cache for storefront pages: off only to measure or debug uncached rendering. */
  PAGE_CACHE: z.enum(['on', 'off']).default('on'),
  /**
   * Background jobs (emails): `inline` runs the worker inside `npm start`; `off` leaves them to `concierge worker`
   * processes. Several processes may run workers on one database: each job is claimed by one of them.
   */
  JOBS_WORKER: z.enum(['inline', 'off']).default('inline'),
  /** Test runs: report any request slower than this many ms (0 = off); see src/http/watchdog.ts. */
  REQUEST_WATCHDOG_MS: z.coerce.number().int().min(0).max(600_000).default(0),
  /**
   * Seed demo data (customers with a published password among it) on the first start of an empty database.
   * Default: on in development only; production and tests seed demo data only when this is "true".
   */
  SEED_DEMO: z.enum(['true', 'false']).optional(),
  /**
   * Ed25519 private key (PEM or base64 PKCS8) that signs action-log checkpoints. Unset: one is generated once
   * into VAR_DIR/log-signing-key.pem (mode 0600). Never stored in the database; the message below never echoes it.
   */
  LOG_SIGNING_KEY: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v : undefined))
    .superRefine((v, ctx) => {
      if (!v) return;
      try {
        parseSigningKey(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    }),
});

export type Env = Omit<z.infer<typeof schema>, 'SEED_DEMO'> & { SEED_DEMO: 'true' | 'false'; sessionSecret: string; cookieSecure: boolean; publicUrl: string };

const DEV_SECRET = 'dev-only-secret-not-for-production-use-0123456789';

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const env = parsed.data;
  if (env.NODE_ENV === 'production' && (!env.SESSION_SECRET || env.SESSION_SECRET.length < 32 || env.SESSION_SECRET === DEV_SECRET)) {
    throw new Error('SESSION_SECRET must be set to a random value of at least 32 characters in production.');
  }
  return {
    ...env,
    SEED_DEMO: env.SEED_DEMO ?? (env.NODE_ENV === 'development' ? 'true' : 'false'),
    sessionSecret: env.SESSION_SECRET ?? DEV_SECRET,
    cookieSecure: env.COOKIE_SECURE ? env.COOKIE_SECURE === 'true' : env.NODE_ENV === 'production',
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
  };
}
