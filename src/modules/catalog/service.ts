import type { Db } from '../../db/database.ts';
import { VersionedCache, bumpVersion } from '../../db/versioned-cache.ts';
import { inTransaction, type RequestContext } from '../../kernel/request-context.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { invalid, ok, refused, type Result } from '../../kernel/result.ts';
import { parseMoney, toDecimal } from '../../kernel/money.ts';
import { catalogRepo, type CategoryRow, type ListedProduct, type PriceIndexScope, type PricedProduct, type ProductRow, type StorefrontSort } from './repo.ts';
import { CATEGORIES_VERSION, priceContextOf, ROOT_CATEGORY_ID, slug, type CategoryInput, type PriceContext, type ProductInput } from './public.ts';
import { layeredNavReads } from './layered-nav.ts';
import { catalogReads } from './reads.ts';
import { NO_TAX_CLASS, TAX_PATHS } from '../tax/index.ts';
import { createProductImages } from './images.ts';
import { createStoreViewText } from './store-view-text.ts';
import type { ImageStorage } from './media.ts';

export { CATEGORIES_VERSION, money, priceContextOf, ROOT_CATEGORY_ID, slug, type CategoryInput, type ProductInput } from './public.ts';
export type { ProductGridQuery, StorefrontListQuery } from './reads.ts';

export interface CategoryNode extends CategoryRow {
  children: CategoryNode[];
  depth: number;
}

function buildTree(rows: CategoryRow[]): CategoryNode[] {
  const nodes = new Map<number, CategoryNode>(rows.map((r) => [r.id, { ...r, children: [], depth: 0 }]));
  const roots: CategoryNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parent_id !== null ? nodes.get(n.parent_id) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  const setDepth = (n: CategoryNode, d: number) => {
    n.depth = d;
    n.children.sort((a, b) => a.position - b.position || a.id - b.id);
    for (const c of n.children) setDepth(c, d + 1);
  };
  for (const r of roots) setDepth(r, 0);
  return roots;
}

/** Products and categories: validation, saving with an action-log entry, page-cache purge. */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a service factory whose body is the service object; each method is its own short function
export function createCatalogService(deps: { db: () => Db; checkEveryMs: number; onChange: (db: Db) => Promise<void>; media: ImageStorage }) {
  const categories = new VersionedCache(
    deps.db,
    CATEGORIES_VERSION,
    async (db) => {
      const rows = await catalogRepo.allCategories(db);
      const texts = await catalogRepo.allCategoryTexts(db);
      // The lowest id first, as a scan of the table would find it (URL keys are kept unique by saveCategory).
      const byUrlKey = new Map<string, CategoryRow>();
      for (const r of [...rows].sort((a, b) => a.id - b.id)) if (!byUrlKey.has(r.url_key)) byUrlKey.set(r.url_key, r);
      // Each store view's tree is built on its first use and kept with this version of the rows.
      const textsByView = new Map<number, Map<number, (typeof texts)[number]>>();
      for (const x of texts) {
        const own = textsByView.get(x.store_view_id) ?? new Map();
        own.set(x.category_id, x);
        textsByView.set(x.store_view_id, own);
      }
      return { rows, tree: buildTree(rows), byId: new Map(rows.map((r) => [r.id, r])), byUrlKey, textsByView, inView: new Map<number, CategoryNode[]>() };
    },
    deps.checkEveryMs,
  );

  const productImages = createProductImages({ storage: deps.media, onChange: deps.onChange });
  const storeViewText = createStoreViewText({ onChange: deps.onChange, invalidateCategories: () => categories.invalidate() });

  type Categories = Awaited<ReturnType<typeof categories.get>>;
  /** A category row with the store view's name and description (else its own): the one fallback rule. */
  const shownIn = (c: Categories, viewId: number, row: CategoryRow): CategoryRow => {
    const own = c.textsByView.get(viewId)?.get(row.id);
    return own ? { ...row, name: own.name ?? row.name, description: own.description ?? row.description } : row;
  };

  /** The category tree with the store view's names and descriptions (else the defaults); cached per store view. */
  async function categoryTreeIn(rc: RequestContext): Promise<CategoryNode[]> {
    const c = await categories.get();
    const viewId = rc.store.view.id;
    let tree = c.inView.get(viewId);
    if (!tree) {
      tree = buildTree(c.rows.map((r) => shownIn(c, viewId, r)));
      c.inView.set(viewId, tree);
    }
    return tree;
  }

  /** Breadcrumbs: a category's ancestors below the root, outermost first, then the category, in the store view's names. */
  async function trailFrom(rc: RequestContext, categoryId: number): Promise<{ id: number; name: string; urlKey: string }[]> {
    const c = await categories.get();
    const trail: { id: number; name: string; urlKey: string }[] = [];
    for (let row = c.byId.get(categoryId); row && row.parent_id !== null && trail.length < 20; row = c.byId.get(row.parent_id))
      trail.unshift({ id: row.id, name: shownIn(c, rc.store.view.id, row).name, urlKey: row.url_key });
    return trail;
  }

  async function validateProduct(db: Db, input: ProductInput, id?: number) {
    const errors: Record<string, string> = {};
    const sku = input.sku.trim();
    const name = input.name.trim();
    const urlKey = slug(input.urlKey.trim() || name);
    if (!sku) errors.sku = 'This is a required field.';
    else if (sku.length > 64) errors.sku = 'SKU length should be 64 characters maximum.';
    else {
      const other = await catalogRepo.findBySku(db, sku);
      if (other && other.id !== id) errors.sku = 'The value specified in the SKU field is already in use.';
    }
    if (!name) errors.name = 'This is a required field.';
    else if (name.length > 255) errors.name = 'Please enter less or equal than 255 symbols.';
    if (!urlKey) errors.url_key = 'This is a required field.';
    else {
      const other = await catalogRepo.findByUrlKey(db, urlKey);
      if (other && other.id !== id) errors.url_key = 'The value specified in the URL Key field would generate a URL that already exists.';
    }
    const price = parseMoney(input.price);
    if (price === null) errors.price = 'Please enter a valid price, e.g. 19.99.';
    const qty = Number(input.qty);
    if (!/^\d{1,9}$/.test(input.qty.trim())) errors.qty = 'Please enter a whole number, 0 or more.';
    if (input.imageUrl && !/^(https?:\/\/|\/)[^\s"'<>]*$/.test(input.imageUrl.trim()))
      errors.image_url = 'Please enter a valid URL (http://, https:// or a path starting with /).';
    if (!input.websiteIds.length) errors.websites = 'Please select at least one website.';
    const prices: { websiteId: number; groupId: number; price: number }[] = [];
    const seen = new Set<string>();
    input.prices.forEach((p, i) => {
      if (!p.price.trim()) return;
      const amount = parseMoney(p.price);
      if (amount === null) errors[`prices.${i}`] = 'Please enter a valid price, e.g. 19.99.';
      else if (seen.has(`${p.websiteId}|${p.groupId}`)) errors[`prices.${i}`] = 'There is already a price for this website and customer group.';
      else {
        seen.add(`${p.websiteId}|${p.groupId}`);
        prices.push({ websiteId: p.websiteId, groupId: p.groupId, price: amount });
      }
    });
    if (Object.keys(errors).length) return invalid('Please correct the highlighted fields.', errors);
    return ok({ sku, name, urlKey, price: price!, qty, prices });
  }

  return {
    categories: (db?: Db) => categories.get(db),

    categoryTreeIn,

    /** The storefront's category menu: active categories under the root, from the cached tree (no query per page). */
    async storefrontMenu(rc: RequestContext): Promise<{ id: number; name: string; urlKey: string }[]> {
      const tree = await categoryTreeIn(rc);
      const root = tree.find((c) => c.id === ROOT_CATEGORY_ID) ?? tree[0];
      return (root?.children ?? []).filter((c) => c.is_active === 1).map((c) => ({ id: c.id, name: c.name, urlKey: c.url_key }));
    },

    /** A product's breadcrumb trail: the path to its first active category (by id), or none. */
    async productTrail(rc: RequestContext, productId: number): Promise<{ id: number; name: string; urlKey: string }[]> {
      const { byId } = await categories.get();
      const first = (await catalogRepo.categoriesOf(rc.db, productId))
        .sort((a, b) => a - b)
        .find((id) => byId.get(id)?.is_active === 1 && byId.get(id)?.parent_id !== null);
      return first === undefined ? [] : trailFrom(rc, first);
    },

    /** A category's ancestors below the root, outermost first, then the category itself (breadcrumbs), from the cached tree. */
    categoryTrail: trailFrom,

    ...catalogReads,
    ...layeredNavReads,
    ...productImages.service,
    ...storeViewText,

    /** A category by URL key with the store view's name and description, from the cache (its stamp moves on every change). */
    async categoryByUrlKey(rc: RequestContext, urlKey: string): Promise<CategoryRow | undefined> {
      const c = await categories.get(rc.db);
      const row = c.byUrlKey.get(urlKey);
      return row && shownIn(c, rc.store.view.id, row);
    },

    async saveProduct(rc: RequestContext, input: ProductInput, id?: number): Promise<Result<number>> {
      const saved = await inTransaction(rc, async (trx): Promise<Result<number>> => {
        const before = id ? await catalogRepo.findById(trx.db, id) : undefined;
        if (id && !before) return refused('This product no longer exists.', 'not_found');
        const checked = await validateProduct(trx.db, input, id);
        if (!checked.ok) return checked;
        const taxClassId = input.taxClassId ?? before?.tax_class_id ?? (await rc.app.services.config.getInt(TAX_PATHS.defaultProductClass, {}, trx.db));
        const productClasses = (await rc.app.services.tax.classes(trx)).filter((c) => c.class_type === 'PRODUCT');
        if (taxClassId !== NO_TAX_CLASS && !productClasses.some((c) => c.id === taxClassId))
          return invalid('Please correct the highlighted fields.', { tax_class_id: rc.t('Please select a tax class.') });
        const v = checked.value;
        const now = isoUtc(rc.app.clock.now());
        const row = {
          sku: v.sku,
          name: v.name,
          url_key: v.urlKey,
          description: input.description.trim(),
          short_description: (input.shortDescription ?? before?.short_description ?? '').trim(),
          image_url: input.imageUrl.trim(),
          price: v.price,
          qty: v.qty,
          is_in_stock: input.inStock ? 1 : 0,
          status: input.enabled ? 1 : 0,
          tax_class_id: taxClassId,
          updated_at: now,
        };
        let productId = id;
        if (productId) await catalogRepo.updateProduct(trx.db, productId, row);
        else productId = await catalogRepo.insertProduct(trx.db, { ...row, created_at: now });
        await catalogRepo.replaceWebsites(trx.db, productId, [...new Set(input.websiteIds)]);
        await catalogRepo.replaceCategories(trx.db, productId, [...new Set(input.categoryIds)]);
        await catalogRepo.replacePrices(trx.db, productId, v.prices);
        const changes: Record<string, { old: unknown; new: unknown }> = {};
        if (before)
          for (const k of ['sku', 'name', 'url_key', 'price', 'qty', 'is_in_stock', 'status', 'tax_class_id'] as const)
            if (before[k] !== row[k]) changes[k] = { old: k === 'price' ? toDecimal(before[k]) : before[k], new: k === 'price' ? toDecimal(row[k]) : row[k] };
        await rc.app.services.actionLog.record(trx, {
          group: 'catalog_products',
          action: 'Save',
          details: `Product "${v.name}" (SKU ${v.sku}, ID ${productId}) ${before ? 'updated' : 'created'}`,
          fullDetails: before ? { id: productId, changes } : { id: productId, created: row },
        });
        return ok(productId);
      });
      if (saved.ok) await deps.onChange(rc.db);
      return saved;
    },

    async deleteProduct(rc: RequestContext, id: number): Promise<Result<void>> {
      const images = await catalogRepo.imagesOf(rc.db, [id]);
      const done = await inTransaction(rc, async (trx): Promise<Result<void>> => {
        const before = await catalogRepo.findById(trx.db, id);
        if (!before) return refused('This product no longer exists.', 'not_found');
        await catalogRepo.deleteProduct(trx.db, id);
        await rc.app.services.actionLog.record(trx, {
          group: 'catalog_products',
          action: 'Delete',
          details: `Product "${before.name}" (SKU ${before.sku}) deleted`,
          fullDetails: { deleted: before },
        });
        return ok(undefined);
      });
      if (done.ok) await productImages.removeUnusedFiles(rc.db, images);
      if (done.ok) await deps.onChange(rc.db);
      return done;
    },

    async saveCategory(rc: RequestContext, input: CategoryInput, id?: number): Promise<Result<number>> {
      const saved = await inTransaction(rc, async (trx): Promise<Result<number>> => {
        const before = id ? await catalogRepo.findCategory(trx.db, id) : undefined;
        if (id && !before) return refused('This category no longer exists.', 'not_found');
        const errors: Record<string, string> = {};
        const name = input.name.trim();
        const urlKey = slug(input.urlKey.trim() || name);
        if (!name) errors.name = 'This is a required field.';
        if (!urlKey) errors.url_key = 'This is a required field.';
        else {
          const other = await catalogRepo.findCategoryByUrlKey(trx.db, urlKey);
          if (other && other.id !== id) errors.url_key = 'The value specified in the URL Key field would generate a URL that already exists.';
        }
        const { byId } = await categories.get(trx.db);
        if (id === ROOT_CATEGORY_ID) input.parentId = 0;
        else if (!byId.has(input.parentId)) errors.parent_id = 'Please choose a parent category.';
        else {
          // A category cannot move under itself or its own descendants.
          for (let p: number | null = input.parentId; p !== null; p = byId.get(p)?.parent_id ?? null)
            if (p === id) {
              errors.parent_id = 'A category cannot be placed inside itself.';
              break;
            }
        }
        if (!/^\d{1,6}$/.test(input.position.trim() || '0')) errors.position = 'Please enter a whole number, 0 or more.';
        if (Object.keys(errors).length) return invalid('Please correct the highlighted fields.', errors);
        const now = isoUtc(rc.app.clock.now());
        const row = {
          name,
          url_key: urlKey,
          description: input.description.trim(),
          parent_id: id === ROOT_CATEGORY_ID ? null : input.parentId,
          position: Number(input.position.trim() || '0'),
          is_active: input.active ? 1 : 0,
          updated_at: now,
        };
        let categoryId = id;
        if (categoryId) await catalogRepo.updateCategory(trx.db, categoryId, row);
        else categoryId = await catalogRepo.insertCategory(trx.db, { ...row, created_at: now });
        await bumpVersion(trx.db, CATEGORIES_VERSION);
        await rc.app.services.actionLog.record(trx, {
          group: 'catalog_categories',
          action: 'Save',
          details: `Category "${name}" (ID ${categoryId}) ${before ? 'updated' : 'created'}`,
          fullDetails: { id: categoryId, old: before ?? null, new: row },
        });
        return ok(categoryId);
      });
      if (!saved.ok) return saved;
      categories.invalidate();
      await deps.onChange(rc.db);
      return saved;
    },

    async deleteCategory(rc: RequestContext, id: number): Promise<Result<void>> {
      const done = await inTransaction(rc, async (trx): Promise<Result<void>> => {
        const before = await catalogRepo.findCategory(trx.db, id);
        if (!before) return refused('This category no longer exists.', 'not_found');
        if (id === ROOT_CATEGORY_ID) return refused('The root category cannot be deleted.');
        const { rows } = await categories.get(trx.db);
        if (rows.some((c) => c.parent_id === id)) return refused('Delete or move its subcategories first.', 'conflict');
        await catalogRepo.deleteCategory(trx.db, id);
        await bumpVersion(trx.db, CATEGORIES_VERSION);
        await rc.app.services.actionLog.record(trx, {
          group: 'catalog_categories',
          action: 'Delete',
          details: `Category "${before.name}" (ID ${id}) deleted`,
          fullDetails: { deleted: before },
        });
        return ok(undefined);
      });
      if (!done.ok) return done;
      categories.invalidate();
      await deps.onChange(rc.db);
      return done;
    },

    invalidate: () => categories.invalidate(),

    /**
     * Recomputes the price index for a scope (a new or deleted customer group, a deleted website; empty = all) on
     * `rc.db`: called inside the transaction that made the change, so both commit together. Database triggers keep
     * the rows current on every catalog write as well; this makes a service's change explicit. Returns the rows written.
     */
    refreshPriceIndex: (rc: RequestContext, scope: PriceIndexScope = {}) => catalogRepo.refreshPriceIndex(rc.db, scope),
    /** Whether the stored price index equals the computed prices, with the rows that differ (at most 20). */
    async checkPriceIndex(rc: RequestContext) {
      const key = (r: { product_id: number; website_id: number; customer_group_id: number }) => `${r.product_id}|${r.website_id}|${r.customer_group_id}`;
      const stored = new Map((await catalogRepo.priceIndexRows(rc.db, 'stored')).map((r) => [key(r), r.price]));
      const computed = await catalogRepo.priceIndexRows(rc.db, 'computed');
      const differ: string[] = [];
      for (const r of computed) if (stored.get(key(r)) !== r.price) differ.push(`${key(r)}: ${stored.get(key(r)) ?? 'missing'} ≠ ${r.price}`);
      const expected = new Set(computed.map(key));
      for (const k of stored.keys()) if (!expected.has(k)) differ.push(`${k}: extra row`);
      return { rows: computed.length, differ: differ.slice(0, 20), ok: differ.length === 0 };
    },

    /** Products by id with final prices for a price context (default: this visitor's website and group). */
    pricedByIds: (rc: RequestContext, ids: number[], pc: PriceContext = priceContextOf(rc)) => catalogRepo.pricedByIds(rc.db, pc, ids),
    /**
     * Takes `qty` from a product's stock atomically; false when not enough is left. Selling the last one changes
     * what lists show (Out of stock, the Availability counts), so the storefront's caches are flushed with it.
     */
    async takeStock(rc: RequestContext, productId: number, qty: number, now: string): Promise<boolean> {
      const left = await catalogRepo.takeStock(rc.db, productId, qty, now);
      if (left === 0) await deps.onChange(rc.db);
      return left !== undefined;
    },
    /** Puts `qty` back into a product's stock (canceled or refunded items); a product back in stock flushes like a sell-out. */
    async returnStock(rc: RequestContext, productId: number, qty: number, now: string): Promise<void> {
      const after = await catalogRepo.returnStock(rc.db, productId, qty, now);
      if (after?.inStock && qty > 0 && after.qty > 0 && after.qty - qty <= 0) await deps.onChange(rc.db);
    },
    /** A product by id (any status), or undefined: for other modules that hold a product id (e.g. a wish list). */
    productById: (rc: RequestContext, id: number) => catalogRepo.findById(rc.db, id),
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
export type { ListedProduct, PricedProduct, ProductRow, StorefrontSort };

declare module '../../kernel/services.ts' {
  interface Services {
    catalog: CatalogService;
  }
}
