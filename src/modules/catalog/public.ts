import type { RequestContext } from '../../kernel/request-context.ts';
import { displayMoney } from '../../kernel/money.ts';

/** ACL resources of Catalog > Inventory. */
export const CATALOG_PRODUCTS_RESOURCE = 'catalog.inventory.products';
export const CATALOG_CATEGORIES_RESOURCE = 'catalog.inventory.categories';

/** The version stamp of the category tree (bumped on every category change). */
export const CATEGORIES_VERSION = 'catalog_categories';
export const ROOT_CATEGORY_ID = 1;

/** Website 0 and group -1 in product_prices mean "all". */
export const ALL_WEBSITES = 0;
export const ALL_GROUPS = -1;

/** Prices for one shopper: website and customer group. */
export interface PriceContext {
  websiteId: number;
  groupId: number;
}

/** A URL key from free text: ASCII letters and digits joined by dashes, at most 80 characters. */
export const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);

/** The shopper's prices: the store view's website and the visitor's customer group (0 = NOT LOGGED IN). */
export const priceContextOf = (rc: RequestContext): PriceContext => ({ websiteId: rc.store.website.id, groupId: rc.locals.customer?.groupId ?? 0 });

/** A base amount in the viewer's display currency (the store view's on the storefront), in their locale. */
export const money = (rc: RequestContext, amount: number) => displayMoney(rc, amount);

/** The admin product form, as submitted (strings as typed). */
export interface ProductInput {
  sku: string;
  name: string;
  urlKey: string;
  description: string;
  imageUrl: string;
  price: string;
  qty: string;
  inStock: boolean;
  enabled: boolean;
  /** Product tax class (0 = None); absent keeps the saved one, or the Default Tax Class for Product when new. */
  taxClassId?: number;
  websiteIds: number[];
  categoryIds: number[];
  /** Special prices: website 0 = all, group -1 = all. */
  prices: { websiteId: number; groupId: number; price: string }[];
}

export interface CategoryInput {
  name: string;
  urlKey: string;
  description: string;
  parentId: number;
  position: string;
  active: boolean;
}
