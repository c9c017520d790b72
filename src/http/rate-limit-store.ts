import { createRequire } from 'node:module';
import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';

// @fastify/rate-limit's own stores: the Redis one counts across processes, the local one in this process.
const require = createRequire(import.meta.url);
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js');
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js');

type Store = FastifyRateLimitStore & { read?: FastifyRateLimitStore['incr'] };
type Callback = Parameters<Store['incr']>[1];
type RouteOptions = Parameters<Store['child']>[0];
type StoreOptions = { continueExceeding?: boolean; exponentialBackoff?: boolean };

const LOCAL_KEYS = 10_000;

/**
 * Limits counted in Redis, and in this process while Redis cannot answer: an outage must not lift the sign-in
 * and token limits (a limit skipped on error would be none at all). Counts restart in the other store when it
 * switches, so for the length of one window a client may get up to twice the limit, never unlimited.
 */
export function failoverRateLimitStore(redis: Redis) {
  return class FailoverRateLimitStore implements Store {
    private readonly shared: Store;
    private readonly local: Store;
    constructor(params: StoreOptions, shared?: Store, local?: Store) {
      this.shared = shared ?? new RedisStore(params.continueExceeding, params.exponentialBackoff, redis, 'concierge-rate-limit-');
      this.local = local ?? new LocalStore(params.continueExceeding, params.exponentialBackoff, LOCAL_KEYS);
    }
    incr(key: string, cb: Callback, timeWindow: number, max: number) {
      this.shared.incr(key, (err, res) => (err ? this.local.incr(key, cb, timeWindow, max) : cb(null, res)), timeWindow, max);
    }
    read(key: string, cb: Callback, timeWindow: number, max: number) {
      this.shared.read?.(key, (err, res) => (err ? this.local.read?.(key, cb, timeWindow, max) : cb(null, res)), timeWindow, max);
    }
    child(routeOptions: RouteOptions): Store {
      return new FailoverRateLimitStore(routeOptions as StoreOptions, this.shared.child(routeOptions), this.local.child(routeOptions));
    }
  };
}
