import { sql } from 'kysely';
import type { MigrationDef } from '../helpers.ts';

/**
 * Assisted sessions may be view only (`lac_sessions.view_only`, 0/1). Full access now needs the resource
 * "Allow full access": every role that could log in as customers keeps full access. Frozen.
 */
export const migration: MigrationDef = {
  name: '0017-lac-view-only',
  async up(db) {
    await db.schema
      .alterTable('lac_sessions')
      .addColumn('view_only', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await sql`insert into admin_role_resources (role_id, resource_id)
      select role_id, 'customers.login_as_customer.full_access' from admin_role_resources
      where resource_id = 'customers.login_as_customer.allow'`.execute(db);
  },
};
