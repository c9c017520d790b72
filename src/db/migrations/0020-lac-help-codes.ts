import { withId, type MigrationDef } from '../helpers.ts';

/**
 * Help codes: a one-time code a signed-in customer reads to store staff, stored only as an HMAC. A redeemed code
 * is a grant for one assisted session for the admin who redeemed it (`lac_sessions.help_code_id` marks the
 * session it started). Wrong codes are counted per admin and per customer in `lac_help_attempts`. An index on
 * (status, customer_id) serves the storefront's "is anyone helping this customer now" read. Frozen.
 */
export const migration: MigrationDef = {
  name: '0020-lac-help-codes',
  async up(db, dialect) {
    await withId(db.schema.createTable('lac_help_codes'), dialect)
      .addColumn('customer_id', 'integer', (c) => c.notNull().references('customers.id').onDelete('cascade'))
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('redeemed_by_admin_id', 'integer')
      .addColumn('redeemed_by_admin_name', 'text')
      .addColumn('redeemed_at', 'text')
      .addColumn('grant_expires_at', 'text')
      .addColumn('used_at', 'text')
      .addColumn('lac_session_id', 'integer')
      .addColumn('ended_at', 'text')
      .execute();
    await db.schema.createIndex('lac_help_codes_customer_idx').on('lac_help_codes').columns(['customer_id', 'status']).execute();
    await db.schema.createIndex('lac_help_codes_hash_idx').on('lac_help_codes').columns(['code_hash', 'status']).execute();

    await db.schema
      .createTable('lac_help_attempts')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('window_start', 'text', (c) => c.notNull())
      .execute();

    await db.schema.alterTable('lac_sessions').addColumn('help_code_id', 'integer').execute();
    await db.schema.createIndex('lac_sessions_status_customer_idx').on('lac_sessions').columns(['status', 'customer_id']).execute();
  },
};
