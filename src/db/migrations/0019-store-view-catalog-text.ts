import type { MigrationDef } from '../helpers.ts';

/**
 * Catalog text per store view (decision 019): one row per product (or category) and store view that has a value
 * of its own; a null column uses the default value (the products/categories row). The primary key
 * (entity id, store view id) is the index the storefront's left join reads; no second index on store_view_id, so
 * the planner has only that one to choose (deleting a store view, rare, scans these tables for its rows). Frozen.
 */
export const migration: MigrationDef = {
  name: '0019-store-view-catalog-text',
  async up(db) {
    await db.schema
      .createTable('catalog_product_text')
      .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id').onDelete('cascade'))
      .addColumn('store_view_id', 'integer', (c) => c.notNull().references('store_views.id').onDelete('cascade'))
      .addColumn('name', 'text')
      .addColumn('description', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('catalog_product_text_pk', ['product_id', 'store_view_id'])
      .execute();
    await db.schema
      .createTable('catalog_category_text')
      .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id').onDelete('cascade'))
      .addColumn('store_view_id', 'integer', (c) => c.notNull().references('store_views.id').onDelete('cascade'))
      .addColumn('name', 'text')
      .addColumn('description', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('catalog_category_text_pk', ['category_id', 'store_view_id'])
      .execute();
  },
};
