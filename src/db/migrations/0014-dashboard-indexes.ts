import type { MigrationDef } from '../helpers.ts';

/**
 * The Dashboard scoped to one store view: its orders, assisted sessions and new customers are index range reads
 * (store view, time) instead of scans. Unscoped, the existing (time, id) indexes serve. Frozen.
 */
export const migration: MigrationDef = {
  name: '0014-dashboard-indexes',
  async up(db) {
    const index = (name: string, table: string, columns: string[]) => db.schema.createIndex(name).on(table).columns(columns).execute();
    await index('orders_store_created_idx', 'orders', ['store_view_id', 'created_at', 'id']);
    await index('lac_sessions_store_logged_in_idx', 'lac_sessions', ['store_view_id', 'logged_in_at']);
    await index('customers_store_created_idx', 'customers', ['store_view_id', 'created_at', 'id']);
  },
};
