import type { Redis } from 'ioredis';

/** A cached storefront response: the shared page, before per-visitor parts are filled in. */
export interface CachedPage {
  status: number;
  contentType: string;
  body: string;
  storedAt: number;
}

export interface PageCacheStore {
  get(key: string): Promise<CachedPage | undefined>;
  set(key: string, page: CachedPage, ttlSeconds: number): Promise<void>;
  /** Drops every entry. */
  flush(): Promise<void>;
  readonly kind: 'memory' | 'redis';
}

/** In-process LRU bounded by entry count and total bytes; entries also expire by age. */
export function memoryPageCache(opts: { maxEntries?: number; maxBytes?: number } = {}): PageCacheStore & { size(): number } {
  const maxEntries = opts.maxEntries ?? 5000;
  const maxBytes = opts.maxBytes ?? 256 * 1024 * 1024;
  const entries = new Map<string, { page: CachedPage; expiresAt: number; bytes: number }>();
  let bytes = 0;
  const drop = (key: string) => {
    const e = entries.get(key);
    if (!e) return;
    bytes -= e.bytes;
    entries.delete(key);
  };
  return {
    kind: 'memory',
    async get(key) {
      const e = entries.get(key);
      if (!e) return undefined;
      if (e.expiresAt <= Date.now()) {
        drop(key);
        return undefined;
      }
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      entries.delete(key);
      entries.set(key, e);
      return e.page;
    },
    async set(key, page, ttlSeconds) {
      drop(key);
      const size = page.body.length * 2 + key.length * 2;
      if (size > maxBytes) return;
      entries.set(key, { page, expiresAt: Date.now() + ttlSeconds * 1000, bytes: size });
      bytes += size;
      while (entries.size > maxEntries || bytes > maxBytes) drop(entries.keys().next().value!);
    },
    async flush() {
      entries.clear();
      bytes = 0;
    },
    size: () => entries.size,
  };
}

/**
 * Redis-backed store shared by every app process. A namespace counter makes flush O(1): bumping it orphans
 * every old key, which then expires by its TTL.
 */
export function redisPageCache(redis: Redis, prefix = 'concierge:fpc'): PageCacheStore {
  let namespace: string | undefined;
  let namespaceReadAt = 0;
  const ns = async () => {
    // Re-read the namespace at most once a second so a flush by another process is seen quickly.
    if (namespace === undefined || Date.now() - namespaceReadAt > 1000) {
      namespace = (await redis.get(`${prefix}:ns`)) ?? '0';
      namespaceReadAt = Date.now();
    }
    return namespace;
  };
  return {
    kind: 'redis',
    async get(key) {
      const raw = await redis.get(`${prefix}:${await ns()}:${key}`);
      return raw ? (JSON.parse(raw) as CachedPage) : undefined;
    },
    async set(key, page, ttlSeconds) {
      await redis.set(`${prefix}:${await ns()}:${key}`, JSON.stringify(page), 'EX', ttlSeconds);
    },
    async flush() {
      namespace = String(await redis.incr(`${prefix}:ns`));
      namespaceReadAt = Date.now();
    },
  };
}
