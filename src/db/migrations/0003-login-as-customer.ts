import { withId, type MigrationDef } from '../helpers.ts';

/**
 * Login as Customer: assisted sessions (one row per session, from request to end, also the Login as Customer
 * Log) and their single-use handoff tokens, stored only as SHA-256. Frozen: add, never edit.
 */
export const migration: MigrationDef = {
  name: '0003-login-as-customer',
  async up(db, dialect) {
    await withId(db.schema.createTable('lac_sessions'), dialect)
      .addColumn('admin_id', 'integer', (c) => c.notNull())
      .addColumn('admin_username', 'text', (c) => c.notNull())
      .addColumn('admin_name', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'integer', (c) => c.notNull())
      .addColumn('customer_email', 'text', (c) => c.notNull())
      .addColumn('store_view_id', 'integer', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
      // pending (token issued) → active (redeemed) → ended
      .addColumn('status', 'text', (c) => c.notNull())
      // The admin's admin-panel session: the assisted session lives only as long as it does.
      .addColumn('admin_session_hash', 'text', (c) => c.notNull())
      .addColumn('storefront_session_hash', 'text')
      .addColumn('requested_at', 'text', (c) => c.notNull())
      .addColumn('logged_in_at', 'text')
      .addColumn('last_seen_at', 'text')
      .addColumn('expires_at', 'text')
      .addColumn('ended_at', 'text')
      .addColumn('end_reason', 'text')
      .execute();
    await db.schema.createIndex('lac_sessions_storefront_idx').on('lac_sessions').column('storefront_session_hash').execute();
    await db.schema.createIndex('lac_sessions_admin_idx').on('lac_sessions').columns(['admin_id', 'status']).execute();
    await db.schema.createIndex('lac_sessions_customer_idx').on('lac_sessions').columns(['customer_id', 'status']).execute();
    await db.schema.createIndex('lac_sessions_logged_in_idx').on('lac_sessions').columns(['logged_in_at', 'id']).execute();

    await db.schema
      .createTable('lac_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('lac_session_id', 'integer', (c) => c.notNull().references('lac_sessions.id').onDelete('cascade'))
      .addColumn('binding_hash', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await db.schema.createIndex('lac_tokens_session_idx').on('lac_tokens').column('lac_session_id').execute();
  },
};
