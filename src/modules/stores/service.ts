import type { Db } from '../../db/database.ts';
import { VersionedCache, bumpVersion } from '../../db/versioned-cache.ts';
import { storesRepo, type StoreTree, type StoreView, type Website } from './repo.ts';

import type { ResolvedStoreView } from '../../kernel/store-view.ts';

export const STORES_CACHE = 'stores';

export type { ResolvedStoreView } from '../../kernel/store-view.ts';
export type { StoreTree } from './repo.ts';

/** Websites > stores > store views: lookup and URL resolution, served from a version-stamped cache. */
export function createStoresService(deps: { db: () => Db; checkEveryMs?: number }) {
  const cache = new VersionedCache<StoreTree>(deps.db, STORES_CACHE, storesRepo.loadTree, deps.checkEveryMs);

  function resolveFrom(tree: StoreTree, view: StoreView): ResolvedStoreView {
    const website = tree.websites.find((w) => w.id === view.website_id)!;
    return { view, website, prefix: view.url_path ? `/${view.url_path}` : '' };
  }

  function defaultView(tree: StoreTree): StoreView {
    const website = tree.websites.find((w) => w.is_default === 1) ?? tree.websites[0];
    const store = tree.stores.find((s) => s.id === website?.default_store_id) ?? tree.stores.find((s) => s.website_id === website?.id);
    return tree.views.find((v) => v.id === store?.default_store_view_id) ?? tree.views[0];
  }

  return {
    tree: (db?: Db) => cache.get(db),
    /** Synchronous snapshot for URL routing; loaded at boot and refreshed by any async call. */
    peekTree: () => cache.peek(),

    /** The default store view of the default website. */
    async defaultStoreView(): Promise<ResolvedStoreView> {
      const tree = await cache.get();
      return resolveFrom(tree, defaultView(tree));
    },

    async byId(viewId: number, db?: Db): Promise<ResolvedStoreView | undefined> {
      const tree = await cache.get(db);
      const view = tree.views.find((v) => v.id === viewId);
      return view ? resolveFrom(tree, view) : undefined;
    },

    /** The website's default store view. */
    async defaultViewOfWebsite(websiteId: number): Promise<StoreView | undefined> {
      const tree = await cache.get();
      const website = tree.websites.find((w) => w.id === websiteId);
      const store = tree.stores.find((s) => s.id === website?.default_store_id) ?? tree.stores.find((s) => s.website_id === websiteId);
      return tree.views.find((v) => v.id === store?.default_store_view_id) ?? tree.views.find((v) => v.website_id === websiteId);
    },

    /**
     * Which store view a storefront URL addresses: a host bound to a view wins, then the longest matching
     * path prefix, then the default view. Returns the path with the prefix removed.
     */
    matchUrl(tree: StoreTree, host: string | undefined, url: string): { view: StoreView; url: string } {
      const hostName = (host ?? '').split(':')[0]!.toLowerCase();
      const active = tree.views.filter((v) => v.is_active === 1);
      const byHost = active.filter((v) => v.host && v.host.toLowerCase() === hostName);
      for (const v of byHost.sort((a, b) => (b.url_path ?? '').length - (a.url_path ?? '').length)) {
        const m = stripPrefix(url, v.url_path);
        if (m !== null) return { view: v, url: m };
      }
      const byPath = active.filter((v) => !v.host && v.url_path).sort((a, b) => b.url_path!.length - a.url_path!.length);
      for (const v of byPath) {
        const m = stripPrefix(url, v.url_path);
        if (m !== null) return { view: v, url: m };
      }
      return { view: byHost[0] ?? defaultView(tree), url };
    },

    resolveFrom,

    /** Call after any change to websites, stores or views. */
    async changed(db: Db) {
      await bumpVersion(db, STORES_CACHE);
      cache.invalidate();
    },
    invalidate: () => cache.invalidate(),
  };
}

function stripPrefix(url: string, prefix: string | null): string | null {
  if (!prefix) return url;
  const p = `/${prefix}`;
  if (url === p) return '/';
  if (url.startsWith(`${p}/`)) return url.slice(p.length);
  if (url.startsWith(`${p}?`)) return `/${url.slice(p.length)}`;
  return null;
}

export type StoresService = ReturnType<typeof createStoresService>;

declare module '../../kernel/services.ts' {
  interface Services {
    stores: StoresService;
  }
}
