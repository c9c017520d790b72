import type { Generated } from 'kysely';

export interface CatalogTables {
  categories: {
    id: Generated<number>;
    parent_id: number | null;
    name: string;
    url_key: string;
    description: Generated<string>;
    position: Generated<number>;
    is_active: Generated<number>;
    created_at: string;
    updated_at: string;
  };
  products: {
    id: Generated<number>;
    sku: string;
    name: string;
    url_key: string;
    description: Generated<string>;
    image_url: Generated<string>;
    /** Shown near the price on the product page (migration 0026). */
    short_description: Generated<string>;
    price: number;
    qty: Generated<number>;
    is_in_stock: Generated<number>;
    status: Generated<number>;
    created_at: string;
    updated_at: string;
    /** Its product tax class (0 = None; migration 0018). */
    tax_class_id: Generated<number>;
  };
  product_websites: { product_id: number; website_id: number };
  product_categories: { product_id: number; category_id: number; position: Generated<number> };
  /** Final price per product, website it is sold on and customer group (kept current by triggers, migration 0009). */
  catalog_price_index: { product_id: number; website_id: number; customer_group_id: number; price: number };
  product_prices: { id: Generated<number>; product_id: number; website_id: Generated<number>; customer_group_id: Generated<number>; price: number };
  /** Uploaded images (migration 0016); files in the image storage under `<hash>-<width>.<webp|fallback>`. */
  product_images: {
    id: Generated<number>;
    product_id: number;
    hash: string;
    /** The non-WebP format stored beside the WebP files: jpg or png. */
    fallback: string;
    width: number;
    height: number;
    /** Comma-separated widths stored, ascending. */
    widths: string;
    alt: Generated<string>;
    position: Generated<number>;
    is_main: Generated<number>;
    created_at: string;
  };
  /** A product's text in one store view (migration 0019, decision 019); a null column uses the product's own. */
  catalog_product_text: {
    product_id: number;
    store_view_id: number;
    name: string | null;
    description: string | null;
    short_description: Generated<string | null>;
    updated_at: string;
  };
  /** An image's alt text in one store view (migration 0026); no row uses the image's own alt. */
  catalog_image_text: { image_id: number; store_view_id: number; alt: string; updated_at: string };
  /** A category's text in one store view; a null column uses the category's own. */
  catalog_category_text: { category_id: number; store_view_id: number; name: string | null; description: string | null; updated_at: string };
}
