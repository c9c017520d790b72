import { ok, refused, type Result } from '../../kernel/result.ts';
import { inTransaction, type RequestContext } from '../../kernel/request-context.ts';
import { storesRepo, type StoreTree } from './repo.ts';

/** First path segments the storefront and admin use themselves; a store view prefix must not shadow them. */
export const RESERVED_PREFIXES = [
  'admin',
  'static',
  'rest',
  'graphql',
  'health',
  'customer',
  'checkout',
  'catalog',
  'catalogsearch',
  'wishlist',
  'newsletter',
  'sales',
  'loginascustomer',
  'api',
];

const CODE_RULE = 'The store code may contain only letters (a-z), numbers (0-9) or underscore (_), and the first character must be a letter.';

export interface WebsiteInput {
  name: string;
  code: string;
  sortOrder: number;
  defaultStoreId: number | null;
}
export interface StoreInput {
  websiteId: number;
  name: string;
  code: string;
  rootCategoryId: number | null;
  defaultStoreViewId: number | null;
  sortOrder: number;
}
export interface ViewInput {
  storeId: number;
  name: string;
  code: string;
  isActive: boolean;
  sortOrder: number;
  urlPath: string;
  host: string;
}

type Level = 'websites' | 'stores' | 'store_views';

/**
 * Changes to websites, stores and store views. Every change is validated, recorded in the action log (group
 * Stores) and invalidates the store tree and the page cache in every process.
 */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a service factory whose body is the service object; each method is its own short function
export function createStoresAdminService() {
  async function tree(rc: RequestContext) {
    return rc.app.services.stores.tree(rc.db);
  }

  function codeProblems(rc: RequestContext, code: string, level: Level, id: number | undefined, t: StoreTree): string[] {
    const out: string[] = [];
    if (!/^[a-z][a-z0-9_]{0,31}$/.test(code)) out.push(rc.t(CODE_RULE));
    const list = level === 'websites' ? t.websites : level === 'stores' ? t.stores : t.views;
    if (list.some((x) => x.code === code && x.id !== id)) out.push(rc.t('The code "{code}" is already used.', { code }));
    return out;
  }

  /** Sort orders are stored as 32-bit integers on both databases. */
  function sortOrderProblems(rc: RequestContext, sortOrder: number): string[] {
    return Math.abs(sortOrder) <= 2_147_483_647 ? [] : [rc.t('Enter a sort order between -2147483647 and 2147483647.')];
  }

  async function changed(rc: RequestContext) {
    await rc.app.services.stores.changed(rc.db);
    rc.app.publishInvalidation('stores');
    await rc.app.services.pageCache.flush(rc.db);
  }

  async function record(rc: RequestContext, action: string, details: string, fullDetails: Record<string, unknown>) {
    await rc.app.services.actionLog.record(rc, { group: 'stores', action, details, fullDetails });
  }

  return {
    async saveWebsite(rc: RequestContext, id: number | undefined, input: WebsiteInput): Promise<Result<{ id: number }>> {
      const t = await tree(rc);
      const before = id ? t.websites.find((w) => w.id === id) : undefined;
      if (id && !before) return refused(rc.t('This website no longer exists.'), 'not_found');
      const problems = [
        ...(input.name.trim() ? [] : [rc.t('Name is required.')]),
        ...codeProblems(rc, input.code, 'websites', id, t),
        ...sortOrderProblems(rc, input.sortOrder),
      ];
      if (input.defaultStoreId !== null && !t.stores.some((s) => s.id === input.defaultStoreId && s.website_id === id))
        problems.push(rc.t('Choose a store of this website as its default store.'));
      if (problems.length) return { ok: false, kind: 'validation', messages: problems };
      const row = { name: input.name.trim(), code: input.code, sort_order: input.sortOrder, default_store_id: input.defaultStoreId };
      const savedId = await inTransaction(rc, async (trx) => {
        const newId = id ?? (await storesRepo.insertWebsite(trx.db, { ...row, is_default: 0 }));
        if (id) await storesRepo.updateWebsite(trx.db, id, row);
        await record(trx, 'Save', rc.t('Saved website "{name}"', { name: row.name }), { websiteId: newId, old: before ?? null, new: row });
        await changed(trx);
        return newId;
      });
      return ok({ id: savedId });
    },

    async saveStore(rc: RequestContext, id: number | undefined, input: StoreInput): Promise<Result<{ id: number }>> {
      const t = await tree(rc);
      const before = id ? t.stores.find((s) => s.id === id) : undefined;
      if (id && !before) return refused(rc.t('This store no longer exists.'), 'not_found');
      const problems = [
        ...(input.name.trim() ? [] : [rc.t('Name is required.')]),
        ...codeProblems(rc, input.code, 'stores', id, t),
        ...sortOrderProblems(rc, input.sortOrder),
      ];
      if (!t.websites.some((w) => w.id === input.websiteId)) problems.push(rc.t('Choose a website.'));
      if (before && before.website_id !== input.websiteId && t.views.some((v) => v.store_id === id))
        problems.push(rc.t('A store with store views cannot move to another website.'));
      if (input.defaultStoreViewId !== null && !t.views.some((v) => v.id === input.defaultStoreViewId && v.store_id === id))
        problems.push(rc.t('Choose a store view of this store as its default store view.'));
      if (problems.length) return { ok: false, kind: 'validation', messages: problems };
      const row = {
        website_id: input.websiteId,
        name: input.name.trim(),
        code: input.code,
        root_category_id: input.rootCategoryId,
        default_store_view_id: input.defaultStoreViewId,
        sort_order: input.sortOrder,
      };
      const savedId = await inTransaction(rc, async (trx) => {
        const newId = id ?? (await storesRepo.insertStore(trx.db, row));
        if (id) await storesRepo.updateStore(trx.db, id, row);
        // A website without a default store gets its first one.
        const website = t.websites.find((w) => w.id === input.websiteId)!;
        if (website.default_store_id === null) await storesRepo.updateWebsite(trx.db, website.id, { default_store_id: newId });
        await record(trx, 'Save', rc.t('Saved store "{name}"', { name: row.name }), { storeId: newId, old: before ?? null, new: row });
        await changed(trx);
        return newId;
      });
      return ok({ id: savedId });
    },

    async saveView(rc: RequestContext, id: number | undefined, input: ViewInput): Promise<Result<{ id: number }>> {
      const t = await tree(rc);
      const before = id ? t.views.find((v) => v.id === id) : undefined;
      if (id && !before) return refused(rc.t('This store view no longer exists.'), 'not_found');
      const store = t.stores.find((s) => s.id === input.storeId);
      const urlPath = input.urlPath.trim().toLowerCase();
      const host = input.host.trim().toLowerCase();
      const problems = [
        ...(input.name.trim() ? [] : [rc.t('Name is required.')]),
        ...codeProblems(rc, input.code, 'store_views', id, t),
        ...sortOrderProblems(rc, input.sortOrder),
      ];
      if (!store) problems.push(rc.t('Choose a store.'));
      if (urlPath && (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(urlPath) || RESERVED_PREFIXES.includes(urlPath)))
        problems.push(rc.t('The URL path prefix may contain only lowercase letters, digits and hyphens, and must not be a reserved word such as "admin".'));
      if (host && !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(host))
        problems.push(rc.t('Enter a valid host name, such as shop.example.com.'));
      if (t.views.some((v) => v.id !== id && (v.url_path ?? '') === urlPath && (v.host ?? '') === host))
        problems.push(rc.t('Another store view already uses this URL path prefix and host.'));
      const isDefault = before && t.stores.some((s) => s.default_store_view_id === before.id);
      if (isDefault && !input.isActive) problems.push(rc.t('The default store view cannot be disabled.'));
      if (before && store && before.store_id !== store.id && isDefault) problems.push(rc.t('The default store view of a store cannot move to another store.'));
      if (problems.length) return { ok: false, kind: 'validation', messages: problems };
      const row = {
        store_id: store!.id,
        website_id: store!.website_id,
        name: input.name.trim(),
        code: input.code,
        is_active: input.isActive ? 1 : 0,
        sort_order: input.sortOrder,
        url_path: urlPath || null,
        host: host || null,
      };
      const savedId = await inTransaction(rc, async (trx) => {
        const newId = id ?? (await storesRepo.insertView(trx.db, row));
        if (id) await storesRepo.updateView(trx.db, id, row);
        if (store!.default_store_view_id === null) await storesRepo.updateStore(trx.db, store!.id, { default_store_view_id: newId });
        await record(trx, 'Save', rc.t('Saved store view "{name}"', { name: row.name }), { storeViewId: newId, old: before ?? null, new: row });
        await changed(trx);
        return newId;
      });
      return ok({ id: savedId });
    },

    /** Deletes a level that is not the default, not the last of its kind, and has nothing below it. */
    async remove(rc: RequestContext, level: Level, id: number): Promise<Result<{ name: string }>> {
      const t = await tree(rc);
      const defaultWebsite = t.websites.find((w) => w.is_default === 1);
      let name = '';
      if (level === 'websites') {
        const w = t.websites.find((x) => x.id === id);
        if (!w) return refused(rc.t('This website no longer exists.'), 'not_found');
        if (w.is_default === 1) return refused(rc.t('The default website cannot be deleted.'), 'conflict');
        if (t.websites.length === 1) return refused(rc.t('The last website cannot be deleted.'), 'conflict');
        if (t.stores.some((s) => s.website_id === id)) return refused(rc.t('Delete the stores of this website first.'), 'conflict');
        name = w.name;
      } else if (level === 'stores') {
        const s = t.stores.find((x) => x.id === id);
        if (!s) return refused(rc.t('This store no longer exists.'), 'not_found');
        if (
          t.websites.some((w) => w.default_store_id === id) &&
          (s.website_id === defaultWebsite?.id || t.stores.filter((x) => x.website_id === s.website_id).length === 1)
        )
          return refused(rc.t('The default store of a website cannot be deleted.'), 'conflict');
        if (t.stores.length === 1) return refused(rc.t('The last store cannot be deleted.'), 'conflict');
        if (t.views.some((v) => v.store_id === id)) return refused(rc.t('Delete the store views of this store first.'), 'conflict');
        name = s.name;
      } else {
        const v = t.views.find((x) => x.id === id);
        if (!v) return refused(rc.t('This store view no longer exists.'), 'not_found');
        if (t.stores.some((s) => s.default_store_view_id === id)) return refused(rc.t('The default store view cannot be deleted.'), 'conflict');
        if (t.views.length === 1) return refused(rc.t('The last store view cannot be deleted.'), 'conflict');
        name = v.name;
      }
      await inTransaction(rc, async (trx) => {
        if (level === 'websites') {
          await storesRepo.deleteWebsite(trx.db, id);
          await rc.app.services.catalog.refreshPriceIndex(trx, { websiteId: id });
        } else if (level === 'stores') {
          await storesRepo.deleteStore(trx.db, id);
          for (const w of t.websites.filter((x) => x.default_store_id === id)) await storesRepo.updateWebsite(trx.db, w.id, { default_store_id: null });
        } else await storesRepo.deleteView(trx.db, id);
        await record(trx, 'Delete', rc.t('Deleted "{name}"', { name }), { level, id, name });
        await changed(trx);
      });
      return ok({ name });
    },
  };
}

export type StoresAdminService = ReturnType<typeof createStoresAdminService>;

declare module '../../kernel/services.ts' {
  interface Services {
    storesAdmin: StoresAdminService;
  }
}
