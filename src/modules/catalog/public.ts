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

/** Prices for one shopper: website and customer group; names and descriptions in the store view's text, if given. */
export interface PriceContext {
  websiteId: number;
  groupId: number;
  /** The store view whose catalog text to read (decision 019); none: the default text. */
  storeViewId?: number;
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

/** The shopper's prices and text: the store view, its website and the visitor's customer group (0 = NOT LOGGED IN). */
export const priceContextOf = (rc: RequestContext): PriceContext => ({
  websiteId: rc.store.website.id,
  groupId: rc.locals.customer?.groupId ?? 0,
  storeViewId: rc.store.view.id,
});

/** A base amount in the viewer's display currency (the store view's on the storefront), in their locale. */
export const money = (rc: RequestContext, amount: number) => displayMoney(rc, amount);

/** The admin product form, as submitted (strings as typed). */
export interface ProductInput {
  sku: string;
  name: string;
  urlKey: string;
  description: string;
  /** Shown near the price on the product page; absent keeps the saved one ('' when new). */
  shortDescription?: string;
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

/** One text field at a store view: its own value, or (useDefault) the default value. */
export interface StoreViewField {
  useDefault: boolean;
  value: string;
}

/**
 * The store-view form of a product or category: name and description (and a product's short description), each
 * with its "Use Default Value" box. An absent short description uses the default.
 */
export interface StoreViewTextInput {
  name: StoreViewField;
  description: StoreViewField;
  short_description?: StoreViewField;
  /** A product's images' alt texts at the store view (`alt_<id>`, `use_default_alt_<id>`); an image not sent keeps its own. */
  alts?: (StoreViewField & { id: number })[];
}

/** A product's or category's text at a store view: the default values and the store view's own (null = default). */
export interface StoreViewText {
  storeViewId: number;
  defaults: { name: string; description: string; short_description?: string };
  own: { name: string | null; description: string | null; short_description?: string | null };
  /** A product's images: the image's own alt (the default) and the store view's (null = default). */
  images?: { id: number; hash: string; fallback: string; widths: number[]; alt: string; own: string | null }[];
}

export interface CategoryInput {
  name: string;
  urlKey: string;
  description: string;
  parentId: number;
  position: string;
  active: boolean;
}
