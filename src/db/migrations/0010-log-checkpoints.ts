import { withId, type MigrationDef } from '../helpers.ts';

/**
 * Signed checkpoints of the action log's chain head (decision 015): one row per signed head (entry_id unique, so
 * processes signing together store one), and the public keys that signed them. Private keys never live here. Frozen.
 */
export const migration: MigrationDef = {
  name: '0010-log-checkpoints',
  async up(db, dialect) {
    await db.schema
      .createTable('log_signing_keys')
      .addColumn('key_id', 'text', (c) => c.primaryKey())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await withId(db.schema.createTable('log_checkpoints'), dialect)
      .addColumn('entry_id', 'integer', (c) => c.notNull().unique())
      .addColumn('head_hash', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
};
