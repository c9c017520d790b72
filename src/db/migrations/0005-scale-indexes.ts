import { sql } from 'kysely';
import type { MigrationDef } from '../helpers.ts';

/**
 * Indexes found by `npm run bench` at 1M log rows and 100k customers: the report's group + result filter, the
 * customers grid's website + group filter, and keyword search by word prefix on lower-cased names and email.
 * Frozen.
 */
export const migration: MigrationDef = {
  name: '0005-scale-indexes',
  async up(db) {
    await db.schema.createIndex('action_log_group_result_idx').on('action_log').columns(['action_group', 'result', 'id']).execute();
    await db.schema.createIndex('customers_website_group_idx').on('customers').columns(['website_id', 'group_id', 'id']).execute();
    await db.schema.createIndex('customers_email_lower_idx').on('customers').expression(sql`lower(email)`).execute();
    await db.schema.createIndex('customers_lastname_lower_idx').on('customers').expression(sql`lower(lastname)`).execute();
    await db.schema.createIndex('customers_firstname_lower_idx').on('customers').expression(sql`lower(firstname)`).execute();
  },
};
