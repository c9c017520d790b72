import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';

// @fastify/rate-limit's own stores: the Redis one counts across processes, the local one in this process.
const require = createRequire(import.meta.url);
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js');
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js');

type Counted = { current: number; ttl: number };
type Callback = (err: Error | null, res: Counted | null) => void;
interface Store {
  incr(key: string, cb: Callback, timeWindow: number, max: number): void;
  read?(key: string, cb: Callback, timeWindow: number, max: number): void;
  child(routeOptions: RouteOptions): Store;
}
type RouteOptions = { continueExceeding?: boolean; exponentialBackoff?: boolean; routeInfo: { method: string; url: string } };

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
    constructor(params: { continueExceeding?: boolean; exponentialBackoff?: boolean }, shared?: Store, local?: Store) {
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
      return new FailoverRateLimitStore(routeOptions, this.shared.child(routeOptions), this.local.child(routeOptions));
    }
  };
}
