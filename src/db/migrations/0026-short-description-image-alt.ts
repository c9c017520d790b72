import type { MigrationDef } from '../helpers.ts';

/**
 * Short Description and image alt text per store view (decision 019): `products.short_description` (the default,
 * '' when none) and `catalog_product_text.short_description` (null = the store view uses the default);
 * `catalog_image_text` holds an image's alt text at a store view (no row = the image's own alt). The primary key
 * (image id, store view id) is the index the gallery's left join reads. Frozen.
 */
export const migration: MigrationDef = {
  name: '0026-short-description-image-alt',
  async up(db) {
    await db.schema
      .alterTable('products')
      .addColumn('short_description', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema.alterTable('catalog_product_text').addColumn('short_description', 'text').execute();
    await db.schema
      .createTable('catalog_image_text')
      .addColumn('image_id', 'integer', (c) => c.notNull().references('product_images.id').onDelete('cascade'))
      .addColumn('store_view_id', 'integer', (c) => c.notNull().references('store_views.id').onDelete('cascade'))
      .addColumn('alt', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('catalog_image_text_pk', ['image_id', 'store_view_id'])
      .execute();
  },
};
