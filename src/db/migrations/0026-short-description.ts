import type { MigrationDef } from '../helpers.ts';

/**
 * Short Description (decision 019): `products.short_description` (the default, '' when none) and
 * `catalog_product_text.short_description` (null = the store view uses the default). Frozen.
 */
export const migration: MigrationDef = {
  name: '0026-short-description',
  async up(db) {
    await db.schema
      .alterTable('products')
      .addColumn('short_description', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema.alterTable('catalog_product_text').addColumn('short_description', 'text').execute();
  },
};
