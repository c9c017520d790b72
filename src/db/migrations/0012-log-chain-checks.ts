import type { MigrationDef } from '../helpers.ts';

/**
 * The last full verification of the action log's chain, shared by every process: a "Verify now" on one shows on
 * all (a break found stays shown until a full verification finds the chain whole again). Frozen.
 */
export const migration: MigrationDef = {
  name: '0012-log-chain-checks',
  async up(db) {
    await db.schema
      .createTable('log_chain_checks')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('checked_at', 'text', (c) => c.notNull())
      .addColumn('intact', 'integer', (c) => c.notNull())
      .addColumn('entries', 'integer', (c) => c.notNull())
      .addColumn('last_id', 'integer', (c) => c.notNull())
      .addColumn('last_hash', 'text', (c) => c.notNull())
      .addColumn('broken_id', 'integer')
      .addColumn('why', 'text', (c) => c.notNull())
      .execute();
  },
};
