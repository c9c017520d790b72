import type { KeysetCursor } from '../../db/keyset.ts';
import { toDecimal } from '../../kernel/money.ts';
import type { RequestContext } from '../../kernel/request-context.ts';
import { catalogRepo, type LayerFilters, type PricedProduct, type StorefrontSort } from './repo.ts';
import { priceContextOf, type ProductInput } from './public.ts';

/** The admin product grid's filters (from the query string) and page. */
export interface ProductGridQuery {
  filter: {
    id?: string;
    name?: string;
    sku?: string;
    keyword?: string;
    priceFrom?: number;
    priceTo?: number;
    qtyFrom?: number;
    qtyTo?: number;
    status?: string;
    websiteId?: number;
  };
  page: { sort: 'id' | 'name' | 'sku' | 'price' | 'qty'; dir: 'asc' | 'desc'; limit: number; cursor: KeysetCursor };
}

/** A storefront product list: a category's products or search results, one page. */
export interface StorefrontListQuery {
  categoryId?: number;
  search?: string;
  sort: StorefrontSort;
  dir: 'asc' | 'desc';
  limit: number;
  offset: number;
  /** Layered navigation's filters ("Shop By"). */
  filters?: LayerFilters;
}

/** What the catalog pages read, as plain data; part of the catalog service. */
export const catalogReads = {
  /** One page of the admin product grid. */
  productGrid: (rc: RequestContext, q: ProductGridQuery) => catalogRepo.adminList(rc.db, q.filter, q.page),

  /** A product's name and SKU (confirmation pages, existence checks), or undefined. */
  async productSummary(rc: RequestContext, id: number): Promise<{ id: number; name: string; sku: string } | undefined> {
    const row = await catalogRepo.findById(rc.db, id);
    return row ? { id: row.id, name: row.name, sku: row.sku } : undefined;
  },

  /** A product as the admin form shows it (prices as decimals), or undefined. */
  async productForEdit(rc: RequestContext, id: number): Promise<(ProductInput & { id: number }) | undefined> {
    const row = await catalogRepo.findById(rc.db, id);
    if (!row) return undefined;
    const prices = await catalogRepo.pricesOf(rc.db, row.id);
    return {
      id: row.id,
      sku: row.sku,
      name: row.name,
      urlKey: row.url_key,
      description: row.description,
      shortDescription: row.short_description,
      imageUrl: row.image_url,
      price: toDecimal(row.price),
      qty: String(row.qty),
      inStock: row.is_in_stock === 1,
      enabled: row.status === 1,
      taxClassId: row.tax_class_id,
      websiteIds: await catalogRepo.websitesOf(rc.db, row.id),
      categoryIds: await catalogRepo.categoriesOf(rc.db, row.id),
      prices: prices.map((x) => ({ websiteId: x.website_id, groupId: x.customer_group_id, price: toDecimal(x.price) })),
    };
  },

  /** One category row, or undefined. */
  category: (rc: RequestContext, id: number) => catalogRepo.findCategory(rc.db, id),

  /** Products per category id, for the category tree. */
  categoryProductCounts: (rc: RequestContext) => catalogRepo.categoryProductCounts(rc.db),

  /** One page of enabled products on the shopper's website, priced for the shopper. */
  storefrontList: (rc: RequestContext, q: StorefrontListQuery) => catalogRepo.listForStorefront(rc.db, priceContextOf(rc), q),

  /** An enabled product on the shopper's website by URL key, priced for the shopper. */
  storefrontProduct: (rc: RequestContext, urlKey: string): Promise<PricedProduct | undefined> =>
    catalogRepo.findForStorefront(rc.db, priceContextOf(rc), { urlKey }),
};
