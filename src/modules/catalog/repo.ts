import { sql, type Insertable, type RawBuilder, type Selectable, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { keysetPage, pastRow, type KeysetCursor, type SortDir } from '../../db/keyset.ts';
import { containsText, likeContains } from '../../db/helpers.ts';
import type { CatalogTables } from './tables.ts';
import type { PriceContext } from './public.ts';

export type ProductRow = Selectable<CatalogTables['products']>;
export type CategoryRow = Selectable<CatalogTables['categories']>;
export type ProductPriceRow = Selectable<CatalogTables['product_prices']>;
export type ProductImageRow = Selectable<CatalogTables['product_images']>;

export { ALL_GROUPS, ALL_WEBSITES, type PriceContext } from './public.ts';

export interface PricedProduct extends ProductRow {
  final_price: number;
}

export type StorefrontSort = 'position' | 'name' | 'price';

/** The lowest applicable special price, else the base price, computed from the catalog (the index's definition). */
export function computedPriceExpr(pc: PriceContext) {
  const special = sql<
    number | null
  >`(select min(pp.price) from product_prices pp where pp.product_id = p.id and pp.website_id in (0, ${pc.websiteId}) and pp.customer_group_id in (-1, ${pc.groupId}))`;
  return sql<number>`case when ${special} < p.price then ${special} else p.price end`;
}

/**
 * The final price as lists read it: the price index row (joined as `ci`), else computed — a product off the
 * website has no row (the cart still prices it), nor would anything the index missed.
 * COALESCE stops at the first value, so the computation runs only where the row is missing.
 */
const finalPriceExpr = (pc: PriceContext) => sql<number>`coalesce(ci.price, ${computedPriceExpr(pc)})`;

/** The products columns lists read besides name and description (which come from the store view's text). */
const PRODUCT_COLUMNS = [
  'p.id',
  'p.sku',
  'p.url_key',
  'p.image_url',
  'p.price',
  'p.qty',
  'p.is_in_stock',
  'p.status',
  'p.tax_class_id',
  'p.created_at',
  'p.updated_at',
] as const;
/** The shown name, description and short description: the store view's (joined as `pt`), else the product's own. */
const shownName = sql<string>`coalesce(pt.name, p.name)`;
const shownDescription = sql<string>`coalesce(pt.description, p.description)`;
const shownShortDescription = sql<string>`coalesce(pt.short_description, p.short_description)`;
/** Store view 0 has no rows: without a store view the join finds nothing and the default text shows. */
const textViewOf = (pc: PriceContext) => pc.storeViewId ?? 0;
const containsShown = (expr: typeof shownName, w: string) => sql<boolean>`lower(${expr}) like ${likeContains(w.toLowerCase())} escape '\\'`;

/** Which rows of the price index to recompute: some products, one group, one website, or (empty) all. */
export interface PriceIndexScope {
  productIds?: number[];
  groupId?: number;
  websiteId?: number;
}

/** What a product list shows of each product (not its description: lists never show it, and it is the bulk of a row). */
export type ListedProduct = Pick<ProductRow, 'id' | 'sku' | 'name' | 'url_key' | 'price' | 'qty' | 'is_in_stock' | 'tax_class_id'> & { final_price: number };

export interface StorefrontListOptions {
  categoryId?: number;
  search?: string;
  sort: StorefrontSort;
  dir: 'asc' | 'desc';
  limit: number;
  offset: number;
  /** Layered navigation's chosen filters (price range, availability). */
  filters?: LayerFilters;
}

/** The count and the page of a storefront list, built with the query builder. */
function buildList(db: Db, pc: PriceContext, o: StorefrontListOptions) {
  const final = finalPriceExpr(pc);
  // "On the website" as EXISTS, not a join: the planner then starts from the category's rows, not the website's.
  let q = db
    .selectFrom('products as p')
    .where((eb) =>
      eb.exists(
        eb.selectFrom('product_websites as pw').select('pw.product_id').whereRef('pw.product_id', '=', 'p.id').where('pw.website_id', '=', pc.websiteId),
      ),
    )
    .where('p.status', '=', 1);
  if (o.categoryId !== undefined) q = q.innerJoin('product_categories as pcat', 'pcat.product_id', 'p.id').where('pcat.category_id', '=', o.categoryId);
  // The store view's text on its primary key (product_id, store_view_id): one row or none per product. A search
  // reads it in the count too; a category's count does not need it (SQLite would still probe it per row).
  const withText = <T extends typeof q>(b: T) =>
    b.leftJoin('catalog_product_text as pt', (j) => j.onRef('pt.product_id', '=', 'p.id').on('pt.store_view_id', '=', textViewOf(pc)));
  if (o.search) {
    q = withText(q);
    const words = o.search.split(/\s+/).filter(Boolean).slice(0, 5);
    for (const w of words) q = q.where((eb) => eb.or([containsShown(shownName, w), containsText('p.sku', w), containsShown(shownDescription, w)]));
  }
  q = applyLayerFilters(q, pc, o.filters);
  const count = q.select((eb) => eb.fn.countAll<number>().as('n'));
  let listed = (o.search ? q : withText(q))
    .leftJoin('catalog_price_index as ci', (j) =>
      j.onRef('ci.product_id', '=', 'p.id').on('ci.website_id', '=', pc.websiteId).on('ci.customer_group_id', '=', pc.groupId),
    )
    .select(['p.id', 'p.sku', 'p.url_key', 'p.price', 'p.qty', 'p.is_in_stock', 'p.tax_class_id'])
    .select([shownName.as('name'), final.as('final_price')]);
  if (o.sort === 'price') listed = listed.orderBy(final, o.dir).orderBy('p.id', o.dir);
  else if (o.sort === 'name') listed = listed.orderBy(shownName, o.dir).orderBy('p.id', o.dir);
  else if (o.categoryId !== undefined)
    // pcat.product_id is p.id; named so, the order is the index (category_id, position, product_id) and the
    // page is read in order, without sorting the whole category.
    listed = listed.orderBy(sql.ref('pcat.position'), o.dir).orderBy(sql.ref('pcat.product_id'), o.dir);
  else listed = listed.orderBy('p.id', o.dir);
  return { count: count.compile(), page: listed.limit(o.limit).offset(o.offset).compile() };
}

type CompiledList = ReturnType<typeof buildList>;
/**
 * Category pages ask for the same few lists over and over: their compiled SQL (and parameters) is kept per database
 * dialect and exact request — a function of the request alone, never of the data, so nothing in it can go stale.
 * Searches (free text) are built each time; the rest is bounded.
 */
const compiledLists = new WeakMap<object, Map<string, CompiledList>>();
const COMPILED_LISTS_MAX = 2000;
function compiledList(db: Db, pc: PriceContext, o: StorefrontListOptions): CompiledList {
  if (o.search) return buildList(db, pc, o);
  const adapter = db.getExecutor().adapter;
  let byKey = compiledLists.get(adapter);
  if (!byKey) {
    byKey = new Map();
    compiledLists.set(adapter, byKey);
  }
  const key = `${pc.websiteId}|${pc.groupId}|${textViewOf(pc)}|${o.categoryId ?? ''}|${o.sort}|${o.dir}|${o.limit}|${o.offset}|${o.filters ? JSON.stringify(o.filters) : ''}`;
  let hit = byKey.get(key);
  if (!hit) {
    if (byKey.size >= COMPILED_LISTS_MAX) byKey.clear();
    hit = buildList(db, pc, o);
    byKey.set(key, hit);
  }
  return hit;
}

/** The only SQL for products and categories. */
export const catalogRepo = {
  // ---- storefront ----

  /** Enabled products of a website, optionally in a category or matching a search, with their final price. */
  async listForStorefront(db: Db, pc: PriceContext, o: StorefrontListOptions): Promise<{ rows: ListedProduct[]; total: number }> {
    const { count, page } = compiledList(db, pc, o);
    const total = Number((await db.executeQuery(count)).rows[0]?.n ?? 0);
    const rows = (await db.executeQuery(page)).rows;
    for (const r of rows) r.final_price = Number(r.final_price);
    return { rows, total };
  },

  async findForStorefront(db: Db, pc: PriceContext, where: { urlKey?: string; id?: number }): Promise<PricedProduct | undefined> {
    let q = db
      .selectFrom('products as p')
      .innerJoin('product_websites as pw', (j) => j.onRef('pw.product_id', '=', 'p.id').on('pw.website_id', '=', pc.websiteId))
      .leftJoin('catalog_price_index as ci', (j) =>
        j.onRef('ci.product_id', '=', 'p.id').on('ci.website_id', '=', pc.websiteId).on('ci.customer_group_id', '=', pc.groupId),
      )
      .leftJoin('catalog_product_text as pt', (j) => j.onRef('pt.product_id', '=', 'p.id').on('pt.store_view_id', '=', textViewOf(pc)))
      .where('p.status', '=', 1)
      .select(PRODUCT_COLUMNS)
      .select([shownName.as('name'), shownDescription.as('description'), shownShortDescription.as('short_description'), finalPriceExpr(pc).as('final_price')]);
    if (where.urlKey !== undefined) q = q.where('p.url_key', '=', where.urlKey);
    if (where.id !== undefined) q = q.where('p.id', '=', where.id);
    const row = await q.executeTakeFirst();
    return row ? { ...row, final_price: Number(row.final_price) } : undefined;
  },

  /** Final prices of several products at once (cart, wishlist): no query per line. */
  async pricedByIds(db: Db, pc: PriceContext, ids: number[]): Promise<Map<number, PricedProduct & { on_website: number }>> {
    if (!ids.length) return new Map();
    const rows = await db
      .selectFrom('products as p')
      .leftJoin('catalog_price_index as ci', (j) =>
        j.onRef('ci.product_id', '=', 'p.id').on('ci.website_id', '=', pc.websiteId).on('ci.customer_group_id', '=', pc.groupId),
      )
      .leftJoin('catalog_product_text as pt', (j) => j.onRef('pt.product_id', '=', 'p.id').on('pt.store_view_id', '=', textViewOf(pc)))
      .where('p.id', 'in', ids)
      .select(PRODUCT_COLUMNS)
      .select([shownName.as('name'), shownDescription.as('description'), shownShortDescription.as('short_description'), finalPriceExpr(pc).as('final_price')])
      .select(sql<number>`(select count(*) from product_websites w where w.product_id = p.id and w.website_id = ${pc.websiteId})`.as('on_website'))
      .execute();
    return new Map(rows.map((r) => [r.id, { ...r, final_price: Number(r.final_price), on_website: Number(r.on_website) }]));
  },

  // ---- price index ----

  /**
   * Recomputes the price index rows of a scope from products, product_websites, product_prices and
   * customer_groups: one row per product, website it is sold on and group. Triggers (migration 0009) already keep
   * it current on every write; this is the full rebuild (`concierge index:prices`) and the explicit refresh of a
   * service's transaction. Runs on the caller's handle. Returns the rows written.
   */
  async refreshPriceIndex(db: Db, scope: PriceIndexScope = {}): Promise<number> {
    if (scope.productIds && !scope.productIds.length) return 0;
    let stale = db.deleteFrom('catalog_price_index');
    const where = [];
    if (scope.productIds) {
      stale = stale.where('product_id', 'in', scope.productIds);
      where.push(sql`pw.product_id in (${sql.join(scope.productIds)})`);
    }
    if (scope.groupId !== undefined) {
      stale = stale.where('customer_group_id', '=', scope.groupId);
      where.push(sql`g.id = ${scope.groupId}`);
    }
    if (scope.websiteId !== undefined) {
      stale = stale.where('website_id', '=', scope.websiteId);
      where.push(sql`pw.website_id = ${scope.websiteId}`);
    }
    await stale.execute();
    const res = await sql`insert into catalog_price_index (product_id, website_id, customer_group_id, price)
      select pw.product_id, pw.website_id, g.id, min(case when pp.price < p.price then pp.price else p.price end)
      from product_websites pw
      join products p on p.id = pw.product_id
      cross join customer_groups g
      left join product_prices pp on pp.product_id = pw.product_id and pp.website_id in (0, pw.website_id) and pp.customer_group_id in (-1, g.id)
      where ${where.length ? sql.join(where, sql` and `) : sql`1 = 1`}
      group by pw.product_id, pw.website_id, g.id`.execute(db);
    return Number(res.numAffectedRows ?? 0);
  },

  /** The index as stored, or (computed) as the catalog says it should be: for checks and tests. */
  async priceIndexRows(db: Db, source: 'stored' | 'computed') {
    if (source === 'stored')
      return db
        .selectFrom('catalog_price_index')
        .select(['product_id', 'website_id', 'customer_group_id', 'price'])
        .orderBy('product_id')
        .orderBy('website_id')
        .orderBy('customer_group_id')
        .execute();
    const rows = await db
      .selectFrom('product_websites as pw')
      .innerJoin('products as p', 'p.id', 'pw.product_id')
      .crossJoin('customer_groups as g')
      .select(['pw.product_id', 'pw.website_id', 'g.id as customer_group_id'])
      .select(
        sql<number>`case when (select min(pp.price) from product_prices pp where pp.product_id = p.id and pp.website_id in (0, pw.website_id) and pp.customer_group_id in (-1, g.id)) < p.price then (select min(pp.price) from product_prices pp where pp.product_id = p.id and pp.website_id in (0, pw.website_id) and pp.customer_group_id in (-1, g.id)) else p.price end`.as(
          'price',
        ),
      )
      .orderBy('pw.product_id')
      .orderBy('pw.website_id')
      .orderBy('g.id')
      .execute();
    return rows.map((r) => ({ ...r, price: Number(r.price) }));
  },

  // ---- stock ----

  /** Takes `qty` from stock only if that much is there: the quantity left, or undefined when not (the caller rolls back). */
  async takeStock(db: Db, productId: number, qty: number, now: string): Promise<number | undefined> {
    const row = await db
      .updateTable('products')
      .set((eb) => ({ qty: eb('qty', '-', qty), updated_at: now }))
      .where('id', '=', productId)
      .where('qty', '>=', qty)
      .where('is_in_stock', '=', 1)
      .returning('qty')
      .executeTakeFirst();
    return row ? Number(row.qty) : undefined;
  },

  /** Puts `qty` back: the quantity now and whether the product is marked in stock (undefined when it is gone). */
  async returnStock(db: Db, productId: number, qty: number, now: string): Promise<{ qty: number; inStock: boolean } | undefined> {
    const row = await db
      .updateTable('products')
      .set((eb) => ({ qty: eb('qty', '+', qty), updated_at: now }))
      .where('id', '=', productId)
      .returning(['qty', 'is_in_stock'])
      .executeTakeFirst();
    return row ? { qty: Number(row.qty), inStock: row.is_in_stock === 1 } : undefined;
  },

  // ---- admin ----

  async adminList(
    db: Db,
    f: {
      id?: string;
      name?: string;
      sku?: string;
      priceFrom?: number;
      priceTo?: number;
      qtyFrom?: number;
      qtyTo?: number;
      status?: string;
      websiteId?: number;
      keyword?: string;
    },
    o: { sort: 'id' | 'name' | 'sku' | 'price' | 'qty'; dir: SortDir; limit: number; cursor: KeysetCursor },
  ) {
    let q = db.selectFrom('products as p');
    if (f.id && /^\d{1,9}$/.test(f.id)) q = q.where('p.id', '=', Number(f.id));
    if (f.name) q = q.where(containsText('p.name', f.name));
    if (f.sku) q = q.where(containsText('p.sku', f.sku));
    if (f.keyword) q = q.where((eb) => eb.or([containsText('p.name', f.keyword!), containsText('p.sku', f.keyword!)]));
    if (f.priceFrom !== undefined) q = q.where('p.price', '>=', f.priceFrom);
    if (f.priceTo !== undefined) q = q.where('p.price', '<=', f.priceTo);
    if (f.qtyFrom !== undefined) q = q.where('p.qty', '>=', f.qtyFrom);
    if (f.qtyTo !== undefined) q = q.where('p.qty', '<=', f.qtyTo);
    if (f.status === '1' || f.status === '0') q = q.where('p.status', '=', Number(f.status));
    if (f.websiteId !== undefined)
      q = q.where((eb) =>
        eb.exists(eb.selectFrom('product_websites as w').select('w.product_id').whereRef('w.product_id', '=', 'p.id').where('w.website_id', '=', f.websiteId!)),
      );
    const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const page = await keysetPage(o.dir, o.cursor, o.limit, (dir, past, limit, offset) =>
      (past ? q.where(pastRow('products', 'p', o.sort, past)) : q)
        .selectAll('p')
        .orderBy(`p.${o.sort}`, dir)
        .orderBy('p.id', dir)
        .limit(limit)
        .offset(offset)
        .execute(),
    );
    // The Websites column: the shown rows' websites, in one query on the (product_id, website_id) key.
    const ids = page.rows.map((r) => r.id);
    const links = ids.length ? await db.selectFrom('product_websites').select(['product_id', 'website_id']).where('product_id', 'in', ids).execute() : [];
    const rows = page.rows.map((r) => ({ ...r, website_ids: links.filter((l) => l.product_id === r.id).map((l) => l.website_id) }));
    return { ...page, rows, total };
  },

  async findById(db: Db, id: number) {
    return db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async findBySku(db: Db, sku: string) {
    return db.selectFrom('products').selectAll().where('sku', '=', sku).executeTakeFirst();
  },
  async findByUrlKey(db: Db, urlKey: string) {
    return db.selectFrom('products').selectAll().where('url_key', '=', urlKey).executeTakeFirst();
  },
  async insertProduct(db: Db, row: Insertable<CatalogTables['products']>) {
    return (await db.insertInto('products').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  async updateProduct(db: Db, id: number, patch: Updateable<CatalogTables['products']>) {
    await db.updateTable('products').set(patch).where('id', '=', id).execute();
  },
  async deleteProduct(db: Db, id: number) {
    await db.deleteFrom('products').where('id', '=', id).execute();
  },
  async websitesOf(db: Db, productId: number) {
    return (await db.selectFrom('product_websites').select('website_id').where('product_id', '=', productId).execute()).map((r) => r.website_id);
  },
  async categoriesOf(db: Db, productId: number) {
    return (await db.selectFrom('product_categories').select('category_id').where('product_id', '=', productId).execute()).map((r) => r.category_id);
  },
  async pricesOf(db: Db, productId: number) {
    return db.selectFrom('product_prices').selectAll().where('product_id', '=', productId).orderBy('website_id').orderBy('customer_group_id').execute();
  },
  async replaceWebsites(db: Db, productId: number, websiteIds: number[]) {
    await db.deleteFrom('product_websites').where('product_id', '=', productId).execute();
    if (websiteIds.length)
      await db
        .insertInto('product_websites')
        .values(websiteIds.map((w) => ({ product_id: productId, website_id: w })))
        .execute();
  },
  async replaceCategories(db: Db, productId: number, categoryIds: number[]) {
    await db.deleteFrom('product_categories').where('product_id', '=', productId).execute();
    if (categoryIds.length)
      await db
        .insertInto('product_categories')
        .values(categoryIds.map((c) => ({ product_id: productId, category_id: c, position: 0 })))
        .execute();
  },
  async replacePrices(db: Db, productId: number, prices: { websiteId: number; groupId: number; price: number }[]) {
    await db.deleteFrom('product_prices').where('product_id', '=', productId).execute();
    if (prices.length)
      await db
        .insertInto('product_prices')
        .values(prices.map((p) => ({ product_id: productId, website_id: p.websiteId, customer_group_id: p.groupId, price: p.price })))
        .execute();
  },

  // ---- categories ----

  async allCategories(db: Db): Promise<CategoryRow[]> {
    return db.selectFrom('categories').selectAll().orderBy('parent_id').orderBy('position').orderBy('id').execute();
  },
  async findCategory(db: Db, id: number) {
    return db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async findCategoryByUrlKey(db: Db, urlKey: string) {
    return db.selectFrom('categories').selectAll().where('url_key', '=', urlKey).executeTakeFirst();
  },
  /** Every category's store-view text (small: a few rows per category), for the cached category tree. */
  async allCategoryTexts(db: Db) {
    return db.selectFrom('catalog_category_text').selectAll().execute();
  },

  // ---- text per store view ----

  async productText(db: Db, productId: number, storeViewId: number) {
    return db.selectFrom('catalog_product_text').selectAll().where('product_id', '=', productId).where('store_view_id', '=', storeViewId).executeTakeFirst();
  },
  async categoryText(db: Db, categoryId: number, storeViewId: number) {
    return db.selectFrom('catalog_category_text').selectAll().where('category_id', '=', categoryId).where('store_view_id', '=', storeViewId).executeTakeFirst();
  },
  /** Writes a product's text at a store view; all null deletes the row (every field uses the default). */
  async putProductText(
    db: Db,
    productId: number,
    storeViewId: number,
    text: { name: string | null; description: string | null; short_description?: string | null },
    now: string,
  ) {
    await db.deleteFrom('catalog_product_text').where('product_id', '=', productId).where('store_view_id', '=', storeViewId).execute();
    if (text.name !== null || text.description !== null || (text.short_description ?? null) !== null)
      await db
        .insertInto('catalog_product_text')
        .values({ product_id: productId, store_view_id: storeViewId, ...text, updated_at: now })
        .execute();
  },
  /** New text rows at once (the demo seed). */
  async insertProductTexts(db: Db, rows: Insertable<CatalogTables['catalog_product_text']>[]) {
    for (let i = 0; i < rows.length; i += 100)
      await db
        .insertInto('catalog_product_text')
        .values(rows.slice(i, i + 100))
        .execute();
  },
  /** Every product's id and name with its leaf category (the lowest-id link below a top category), for the demo seed. */
  async allProductsForSeed(db: Db) {
    return db
      .selectFrom('products as p')
      .select(['p.id', 'p.name'])
      .select(
        sql<
          number | null
        >`(select min(pc.category_id) from product_categories pc join categories c on c.id = pc.category_id where pc.product_id = p.id and c.parent_id <> 1)`.as(
          'category_id',
        ),
      )
      .orderBy('p.id')
      .execute();
  },
  async putCategoryText(db: Db, categoryId: number, storeViewId: number, text: { name: string | null; description: string | null }, now: string) {
    await db.deleteFrom('catalog_category_text').where('category_id', '=', categoryId).where('store_view_id', '=', storeViewId).execute();
    if (text.name !== null || text.description !== null)
      await db
        .insertInto('catalog_category_text')
        .values({ category_id: categoryId, store_view_id: storeViewId, ...text, updated_at: now })
        .execute();
  },
  async insertCategory(db: Db, row: Insertable<CatalogTables['categories']>) {
    return (await db.insertInto('categories').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  async updateCategory(db: Db, id: number, patch: Updateable<CatalogTables['categories']>) {
    await db.updateTable('categories').set(patch).where('id', '=', id).execute();
  },
  async deleteCategory(db: Db, id: number) {
    await db.deleteFrom('categories').where('id', '=', id).execute();
  },
  async categoryProductCounts(db: Db) {
    const rows = await db
      .selectFrom('product_categories')
      .select(['category_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('category_id')
      .execute();
    return new Map(rows.map((r) => [r.category_id, Number(r.n)]));
  },
  /**
   * Products' images, the main one first; `alt` is the store view's alt text where it has one (the same query, a
   * left join on its primary key), else the image's own. Without a store view (0) every image has its own alt.
   */
  async imagesOf(db: Db, productIds: number[], mainOnly = false, storeViewId = 0): Promise<ProductImageRow[]> {
    if (!productIds.length) return [];
    let q = db
      .selectFrom('product_images as i')
      .leftJoin('catalog_image_text as it', (j) => j.onRef('it.image_id', '=', 'i.id').on('it.store_view_id', '=', storeViewId))
      .select(['i.id', 'i.product_id', 'i.hash', 'i.fallback', 'i.width', 'i.height', 'i.widths', 'i.position', 'i.is_main', 'i.created_at'])
      .select(sql<string>`coalesce(it.alt, i.alt)`.as('alt'))
      .where('i.product_id', 'in', productIds);
    if (mainOnly) q = q.where('i.is_main', '=', 1);
    return q.orderBy('i.product_id').orderBy('i.is_main', 'desc').orderBy('i.position').orderBy('i.id').execute();
  },
  /** Images' own alt texts at a store view, by image id. */
  async imageTexts(db: Db, imageIds: number[], storeViewId: number): Promise<Map<number, string>> {
    if (!imageIds.length) return new Map();
    const rows = await db
      .selectFrom('catalog_image_text')
      .select(['image_id', 'alt'])
      .where('image_id', 'in', imageIds)
      .where('store_view_id', '=', storeViewId)
      .execute();
    return new Map(rows.map((r) => [r.image_id, r.alt]));
  },
  /** Writes an image's alt text at a store view; null deletes it (the image's own alt shows). */
  async putImageText(db: Db, imageId: number, storeViewId: number, alt: string | null, now: string) {
    await db.deleteFrom('catalog_image_text').where('image_id', '=', imageId).where('store_view_id', '=', storeViewId).execute();
    if (alt !== null) await db.insertInto('catalog_image_text').values({ image_id: imageId, store_view_id: storeViewId, alt, updated_at: now }).execute();
  },
  async insertImages(db: Db, rows: Insertable<CatalogTables['product_images']>[]) {
    if (rows.length) await db.insertInto('product_images').values(rows).execute();
  },
  async updateImage(db: Db, productId: number, id: number, patch: Updateable<CatalogTables['product_images']>) {
    await db.updateTable('product_images').set(patch).where('product_id', '=', productId).where('id', '=', id).execute();
  },
  async setMainImage(db: Db, productId: number, id: number) {
    await db
      .updateTable('product_images')
      .set({ is_main: sql<number>`case when id = ${id} then 1 else 0 end` })
      .where('product_id', '=', productId)
      .execute();
  },
  async deleteImage(db: Db, productId: number, id: number) {
    await db.deleteFrom('product_images').where('product_id', '=', productId).where('id', '=', id).execute();
  },
  async imageHashInUse(db: Db, hash: string) {
    return !!(await db.selectFrom('product_images').select('id').where('hash', '=', hash).limit(1).executeTakeFirst());
  },
  async productsWithImages(db: Db) {
    const rows = await db.selectFrom('product_images').select('product_id').distinct().execute();
    return new Set(rows.map((r) => r.product_id));
  },
};

// ---- layered navigation ("Shop By"): its own queries, one aggregate per facet ----

/** The layered-navigation filters of a product list: a price range (base cents, `to` exclusive) and stock. */
export interface LayerFilters {
  price?: { from: number; to: number | null };
  availability?: 'in_stock' | 'out_of_stock';
}

/** What a list is of: a category's products or a search's. */
export interface LayerScope {
  categoryId?: number;
  search?: string;
}

/** The shopper's final price of `p`, read from the price index without a join (a primary-key lookup per row). */
const indexedPriceExpr = (pc: PriceContext) =>
  sql<number>`coalesce((select lci.price from catalog_price_index lci where lci.product_id = p.id and lci.website_id = ${pc.websiteId} and lci.customer_group_id = ${pc.groupId}), ${computedPriceExpr(pc)})`;
const inStockExpr = sql<boolean>`(p.is_in_stock = 1 and p.qty > 0)`;

/** A query over `products as p` narrowed by the filters (all but `skip`: a facet counts with the others applied). */
export function applyLayerFilters<Q extends { where(e: RawBuilder<boolean>): Q }>(
  q: Q,
  pc: PriceContext,
  f: LayerFilters | undefined,
  skip?: keyof LayerFilters,
): Q {
  if (!f) return q;
  let out = q;
  if (f.price && skip !== 'price') {
    out = out.where(sql<boolean>`${indexedPriceExpr(pc)} >= ${f.price.from}`);
    if (f.price.to !== null) out = out.where(sql<boolean>`${indexedPriceExpr(pc)} < ${f.price.to}`);
  }
  if (f.availability && skip !== 'availability') out = out.where(f.availability === 'in_stock' ? inStockExpr : sql<boolean>`not ${inStockExpr}`);
  return out;
}

/** Enabled products of the shopper's website in the scope (the same rows a storefront list starts from). */
function layerBase(db: Db, pc: PriceContext, scope: LayerScope) {
  let q = db
    .selectFrom('products as p')
    .where((eb) =>
      eb.exists(
        eb.selectFrom('product_websites as pw').select('pw.product_id').whereRef('pw.product_id', '=', 'p.id').where('pw.website_id', '=', pc.websiteId),
      ),
    )
    .where('p.status', '=', 1);
  if (scope.categoryId !== undefined)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('product_categories as lpc')
          .select('lpc.product_id')
          .whereRef('lpc.product_id', '=', 'p.id')
          .where('lpc.category_id', '=', scope.categoryId!),
      ),
    );
  if (scope.search) {
    const words = scope.search.split(/\s+/).filter(Boolean).slice(0, 5);
    for (const w of words) q = q.where((eb) => eb.or([containsText('p.name', w), containsText('p.sku', w), containsText('p.description', w)]));
  }
  return q;
}

export const layerRepo = {
  /**
   * Products per price step of `step` cents (bucket n holds prices from n × step up to the next), with the other
   * filters applied: one grouped query, which the caller merges into wider ranges.
   */
  async priceBuckets(db: Db, pc: PriceContext, scope: LayerScope, f: LayerFilters, step: number): Promise<{ bucket: number; n: number }[]> {
    const bucket = sql<number>`(${indexedPriceExpr(pc)}) / ${sql.lit(step)}`;
    const rows = await applyLayerFilters(layerBase(db, pc, scope), pc, f, 'price')
      .select([bucket.as('bucket'), (eb) => eb.fn.countAll<number>().as('n')])
      // By position: the expression's parameters would make PostgreSQL see the grouped one as another expression.
      .groupBy(sql`1`)
      .orderBy(sql`1`)
      .execute();
    return rows.map((r) => ({ bucket: Math.floor(Number(r.bucket)), n: Number(r.n) }));
  },

  /** Products in and out of stock, with the other filters applied (one query). */
  async stockCounts(db: Db, pc: PriceContext, scope: LayerScope, f: LayerFilters): Promise<{ inStock: number; outOfStock: number }> {
    const row = await applyLayerFilters(layerBase(db, pc, scope), pc, f, 'availability')
      .select([sql<number>`sum(case when ${inStockExpr} then 1 else 0 end)`.as('in_stock'), (eb) => eb.fn.countAll<number>().as('n')])
      .executeTakeFirstOrThrow();
    const inStock = Number(row.in_stock ?? 0);
    return { inStock, outOfStock: Number(row.n) - inStock };
  },
};
