import type { MigrationDef } from '../helpers.ts';

/**
 * Admin grids page by keyset over (sort column, id): each sortable column gets an index in that shape, so the
 * next page after any row is an index seek on both databases. Frozen.
 */
export const migration: MigrationDef = {
  name: '0006-grid-order-indexes',
  async up(db) {
    const index = (name: string, table: string, columns: string[]) => db.schema.createIndex(name).on(table).columns(columns).execute();
    await index('customers_email_id_idx', 'customers', ['email', 'id']);
    await index('customers_lastname_id_idx', 'customers', ['lastname', 'id']);
    await index('customers_created_id_idx', 'customers', ['created_at', 'id']);
    await index('orders_increment_id_idx', 'orders', ['increment_id', 'id']);
    await index('orders_grand_total_idx', 'orders', ['grand_total', 'id']);
    await index('products_sku_id_idx', 'products', ['sku', 'id']);
    await index('products_qty_id_idx', 'products', ['qty', 'id']);
  },
};
