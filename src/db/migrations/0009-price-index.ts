import { sql } from 'kysely';
import type { MigrationDef } from '../helpers.ts';

/**
 * The price index (Magento's catalog_product_index_price): each product's final price per website it is sold on
 * and customer group, so storefront lists read and sort a stored price instead of computing the lowest special
 * price per row on every request. Rows go with their product, website or group (cascade). Filled here from the
 * existing catalog; kept current by the catalog repository. Frozen.
 */
export const migration: MigrationDef = {
  name: '0009-price-index',
  async up(db) {
    await db.schema
      .createTable('catalog_price_index')
      .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id').onDelete('cascade'))
      .addColumn('website_id', 'integer', (c) => c.notNull().references('websites.id').onDelete('cascade'))
      .addColumn('customer_group_id', 'integer', (c) => c.notNull().references('customer_groups.id').onDelete('cascade'))
      .addColumn('price', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('catalog_price_index_pk', ['product_id', 'website_id', 'customer_group_id'])
      .execute();
    // Lists sorted by price for one website and group (search results, a whole website).
    await db.schema
      .createIndex('catalog_price_index_listing_idx')
      .on('catalog_price_index')
      .columns(['website_id', 'customer_group_id', 'price', 'product_id'])
      .execute();
    // A category's products in position order (its default sort): the page is read from the index, not sorted.
    await db.schema.createIndex('product_categories_position_idx').on('product_categories').columns(['category_id', 'position', 'product_id']).execute();
    // The lowest of the base price and every special price for the row's website (0 = all) and group (-1 = all).
    await sql`insert into catalog_price_index (product_id, website_id, customer_group_id, price)
      select pw.product_id, pw.website_id, g.id, min(case when pp.price < p.price then pp.price else p.price end)
      from product_websites pw
      join products p on p.id = pw.product_id
      cross join customer_groups g
      left join product_prices pp on pp.product_id = pw.product_id and pp.website_id in (0, pw.website_id) and pp.customer_group_id in (-1, g.id)
      group by pw.product_id, pw.website_id, g.id`.execute(db);
  },
};
