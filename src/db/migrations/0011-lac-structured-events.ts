import { sql } from 'kysely';
import { withId, type MigrationDef } from '../helpers.ts';

/**
 * Account access history lines become structured: a kind and the values of its message (JSON text), so each
 * viewer reads them in their own language. Older lines keep only their English `description`, which new
 * lines leave null. SQLite cannot drop NOT NULL in place, so there the table is rebuilt with its rows. Frozen.
 */
export const migration: MigrationDef = {
  name: '0011-lac-structured-events',
  async up(db, dialect) {
    if (dialect === 'postgres') {
      await sql`alter table lac_events alter column description drop not null`.execute(db);
      await db.schema.alterTable('lac_events').addColumn('kind', 'text').execute();
      await db.schema.alterTable('lac_events').addColumn('params', 'text').execute();
      return;
    }
    await withId(db.schema.createTable('lac_events_0011'), dialect)
      .addColumn('lac_session_id', 'integer', (c) => c.notNull().references('lac_sessions.id').onDelete('cascade'))
      .addColumn('customer_id', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('kind', 'text')
      .addColumn('params', 'text')
      .execute();
    await sql`insert into lac_events_0011 (id, lac_session_id, customer_id, created_at, description)
      select id, lac_session_id, customer_id, created_at, description from lac_events`.execute(db);
    await db.schema.dropTable('lac_events').execute();
    await sql`alter table lac_events_0011 rename to lac_events`.execute(db);
    await db.schema.createIndex('lac_events_session_idx').on('lac_events').columns(['lac_session_id', 'id']).execute();
  },
};
