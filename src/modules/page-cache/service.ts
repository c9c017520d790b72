import type { Redis } from 'ioredis';
import type { Db } from '../../db/database.ts';
import { VersionedCache, bumpVersion, readVersion } from '../../db/versioned-cache.ts';
import type { RequestContext } from '../../kernel/request-context.ts';
import { memoryPageCache, redisPageCache, type CachedPage, type PageCacheStore } from './store.ts';
import { PAGE_CACHE_TTL, PAGE_CACHE_VERSION, type GuestPage } from './public.ts';

export { PAGE_CACHE_TTL, PAGE_CACHE_VERSION, type GuestPage } from './public.ts';

/** Builds the slotted page from rendered HTML in which `marker` stands for the form key. */
export function guestPageOf(body: string, marker: string, slotLength: number, contentType: string, expiresAt: number): GuestPage {
  const parts = body.split(marker).map((part) => Buffer.from(part));
  const blank = Buffer.alloc(slotLength, 0x20);
  const slots: number[] = [];
  const chunks: Buffer[] = [];
  let offset = 0;
  parts.forEach((part, i) => {
    if (i > 0) {
      slots.push(offset);
      chunks.push(blank);
      offset += slotLength;
    }
    chunks.push(part);
    offset += part.length;
  });
  return { template: Buffer.concat(chunks, offset), slots, slotLength, contentType, expiresAt, spare: [] };
}

/**
 * Full-page cache for anonymous-safe storefront GET pages. Entries hold the shared page only; per-visitor parts
 * (account links, cart count, messages, form keys, the assisted-session banner) are filled in on every response.
 * Any change to products (stock running out or coming back included), categories, configuration or stores flushes
 * it (all processes: a version stamp, or Redis when configured), and with it the rendered blocks below.
 */
export function createPageCacheService(deps: { db: () => Db; redis?: Redis; checkEveryMs?: number }) {
  const store: PageCacheStore = deps.redis ? redisPageCache(deps.redis) : memoryPageCache();
  const stamp = new VersionedCache<number>(deps.db, PAGE_CACHE_VERSION, (db) => readVersion(db, PAGE_CACHE_VERSION), deps.checkEveryMs);
  let seenVersion: number | undefined;
  let syncedAt = 0;
  let hits = 0;
  let misses = 0;
  /**
   * Pages ready for a visitor with no session (slots filled as for a guest, form key still a marker), keyed by
   * the raw request (protocol, host, URL): the HTTP server answers them before the framework runs. Kept in this
   * process whichever the store (with Redis too), bounded like the cache and emptied with it when any process
   * flushes (the database's version stamp) — so they also serve while Redis is away.
   */
  const guestPages = new Map<string, GuestPage>();
  const GUEST_MAX = 2000;

  /**
   * Rendered blocks of storefront pages that every visitor with the same key sees alike (a product list with its
   * toolbar and layered navigation), kept in this process for the pages the page cache never serves: signed-in
   * customers, assisted sessions, PAGE_CACHE=off. Valid while the storefront content stands: emptied at the
   * first look after any process flushed (the same version stamp as the page cache). Bounded by characters,
   * oldest out first.
   */
  const blocks = new Map<string, string>();
  let blocksVersion = -1;
  let blockChars = 0;
  let blockHits = 0;
  let blockMisses = 0;
  const BLOCK_CHARS_MAX = 8_000_000;
  /** Empties the blocks; they are kept again only for `version` (-1: none until the stamp is read anew). */
  const forgetBlocks = (version: number) => {
    blocks.clear();
    blockChars = 0;
    blocksVersion = version;
  };

  /** Drops what this process holds when another process flushed (Redis itself is shared, flushed by the flusher). */
  async function syncWithOtherProcesses() {
    const v = await stamp.get();
    if (seenVersion !== undefined && v !== seenVersion) {
      if (store.kind === 'memory') await store.flush();
      guestPages.clear();
    }
    seenVersion = v;
    syncedAt = Date.now();
  }

  return {
    kind: store.kind,

    /** The cache key: store view, customer group, protocol, host and the full URL. */
    keyFor(rc: RequestContext, protocol: string, host: string, url: string) {
      return `${rc.store.view.id}|${rc.locals.customer?.groupId ?? 0}|${protocol}|${host}|${url}`;
    },

    async get(key: string): Promise<CachedPage | undefined> {
      await syncWithOtherProcesses();
      const page = await store.get(key);
      if (page) hits++;
      else misses++;
      return page;
    },

    async set(key: string, page: CachedPage) {
      await store.set(key, page, PAGE_CACHE_TTL);
    },

    /** Empties the cache everywhere. Call after catalog, configuration or store changes. */
    async flush(db: Db) {
      await bumpVersion(db, PAGE_CACHE_VERSION);
      stamp.invalidate();
      guestPages.clear();
      forgetBlocks(-1); // a block being rendered from before the flush is not kept
      await store.flush();
    },

    /**
     * The block under `key`, rendered by `render` when missing. The key must name everything the markup is made of
     * (the caller's store view, customer group, language, currency, URL prefix and request), and the markup may
     * hold nothing of one visitor (form keys only as the marker). The version is read before rendering, so a block
     * rendered across a flush is not kept.
     */
    async block(key: string, render: () => Promise<string>): Promise<string> {
      const version = await stamp.get();
      if (version !== blocksVersion) forgetBlocks(version);
      const kept = blocks.get(key);
      if (kept !== undefined) {
        blockHits++;
        return kept;
      }
      blockMisses++;
      const html = await render();
      if (blocksVersion !== version || html.length > BLOCK_CHARS_MAX / 8) return html;
      for (const [k, v] of blocks) {
        if (blockChars + html.length <= BLOCK_CHARS_MAX) break;
        blocks.delete(k);
        blockChars -= v.length;
      }
      blocks.set(key, html);
      blockChars += html.length;
      return html;
    },

    /**
     * Another process said (through Redis) that it changed something shown: the version stamp is read again on the
     * next look instead of up to CACHE_CHECK_MS later, so blocks and guest pages here follow at once.
     */
    flushedElsewhere() {
      stamp.invalidate();
      syncedAt = 0;
    },

    /** Keeps the guest-ready copy of a page just rendered; `marker` stands for the form key. */
    setGuestPage(rawKey: string, body: string, contentType: string, marker: string, formKeyLength: number) {
      if (guestPages.size >= GUEST_MAX) guestPages.delete(guestPages.keys().next().value!);
      guestPages.set(rawKey, guestPageOf(body, marker, formKeyLength, contentType, Date.now() + PAGE_CACHE_TTL * 1000));
    },

    /**
     * The guest-ready page for a raw request, synchronously, or undefined. Only while this process looked at the
     * cache's version stamp within `checkEveryMs` (otherwise the framework path runs and looks).
     */
    peekGuestPage(rawKey: string): GuestPage | undefined {
      const now = Date.now();
      if (now - syncedAt > (deps.checkEveryMs ?? 1000)) return undefined;
      const page = guestPages.get(rawKey);
      if (!page || page.expiresAt <= now) return undefined;
      hits++;
      return page;
    },

    stats: () => ({ hits, misses, kind: store.kind, blocks: { hits: blockHits, misses: blockMisses, entries: blocks.size } }),
  };
}

export type PageCacheService = ReturnType<typeof createPageCacheService>;

declare module '../../kernel/services.ts' {
  interface Services {
    pageCache: PageCacheService;
  }
}
