import { withId, type MigrationDef } from '../helpers.ts';

/**
 * Product images: one row per uploaded image of a product. The files live in the image storage under content-hashed
 * names (`<hash>-<width>.webp` and the fallback format); `widths` lists the widths stored (never wider than the
 * original). Frozen.
 */
export const migration: MigrationDef = {
  name: '0016-product-images',
  async up(db, dialect) {
    await withId(db.schema.createTable('product_images'), dialect)
      .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id').onDelete('cascade'))
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('fallback', 'text', (c) => c.notNull())
      .addColumn('width', 'integer', (c) => c.notNull())
      .addColumn('height', 'integer', (c) => c.notNull())
      .addColumn('widths', 'text', (c) => c.notNull())
      .addColumn('alt', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_main', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('product_images_product_idx').on('product_images').columns(['product_id', 'position', 'id']).execute();
    await db.schema.createIndex('product_images_hash_idx').on('product_images').columns(['hash']).execute();
  },
};
