import type { MigrationDef } from '../helpers.ts';

/**
 * Customer account lockout (Magento's names): consecutive failed sign-ins and, once they reach the configured
 * maximum, when the lock ends (ISO-8601 UTC text, null when not locked). Frozen.
 */
export const migration: MigrationDef = {
  name: '0007-customer-lockout',
  async up(db) {
    await db.schema
      .alterTable('customers')
      .addColumn('failures_num', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('customers').addColumn('lock_expires', 'text').execute();
  },
};
