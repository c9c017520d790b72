import { sql } from 'kysely';
import { withId, type MigrationDef } from '../helpers.ts';

/** Websites/stores/views, admin users and roles, sessions, configuration, the action log. Frozen: add, never edit. */
export const migration: MigrationDef = {
  name: '0001-foundation',
  // biome-ignore lint/complexity/noExcessiveLinesPerFunction: a frozen migration lists its tables in one place
  async up(db, dialect) {
    await withId(db.schema.createTable('websites'), dialect)
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('default_store_id', 'integer')
      .execute();

    await withId(db.schema.createTable('stores'), dialect)
      .addColumn('website_id', 'integer', (c) => c.notNull().references('websites.id'))
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('root_category_id', 'integer')
      .addColumn('default_store_view_id', 'integer')
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('stores_website_idx').on('stores').column('website_id').execute();

    await withId(db.schema.createTable('store_views'), dialect)
      .addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
      .addColumn('website_id', 'integer', (c) => c.notNull().references('websites.id'))
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
      // Addressing: a URL path prefix ("" for the root view) or a host name.
      .addColumn('url_path', 'text')
      .addColumn('host', 'text')
      .execute();
    await db.schema.createIndex('store_views_store_idx').on('store_views').column('store_id').execute();
    await db.schema.createIndex('store_views_website_idx').on('store_views').column('website_id').execute();

    // The default website, store and store view every installation starts with.
    await db.insertInto('websites').values({ id: 1, code: 'base', name: 'Main Website', sort_order: 0, is_default: 1, default_store_id: 1 }).execute();
    await db
      .insertInto('stores')
      .values({ id: 1, website_id: 1, code: 'main_website_store', name: 'Main Website Store', default_store_view_id: 1, sort_order: 0 })
      .execute();
    await db
      .insertInto('store_views')
      .values({ id: 1, store_id: 1, website_id: 1, code: 'default', name: 'Default Store View', sort_order: 0, is_active: 1, url_path: '' })
      .execute();
    if (dialect === 'postgres') {
      for (const t of ['websites', 'stores', 'store_views']) {
        await sql`select setval(pg_get_serial_sequence(${t}, 'id'), (select max(id) from ${sql.table(t)}))`.execute(db);
      }
    }

    await withId(db.schema.createTable('admin_roles'), dialect)
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('all_resources', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('admin_role_resources')
      .addColumn('role_id', 'integer', (c) => c.notNull().references('admin_roles.id').onDelete('cascade'))
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('admin_role_resources_pk', ['role_id', 'resource_id'])
      .execute();

    await withId(db.schema.createTable('admin_users'), dialect)
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('first_name', 'text', (c) => c.notNull())
      .addColumn('last_name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role_id', 'integer', (c) => c.references('admin_roles.id'))
      .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('interface_locale', 'text', (c) => c.notNull().defaultTo('en_US'))
      .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', 'text')
      .addColumn('last_login_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('admin_users_role_idx').on('admin_users').column('role_id').execute();

    // Server-side sessions for both surfaces. Only the SHA-256 of the cookie value is stored.
    await db.schema
      .createTable('sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'integer')
      .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_subject_idx').on('sessions').columns(['kind', 'subject_id']).execute();
    await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();

    await withId(db.schema.createTable('config_values'), dialect)
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('scope_id', 'integer', (c) => c.notNull())
      .addColumn('value', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('config_values_path_scope_uq', ['path', 'scope', 'scope_id'])
      .execute();

    // Version stamps let every process notice a change (config, page cache) without a message bus.
    await db.schema
      .createTable('cache_versions')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    await withId(db.schema.createTable('action_log'), dialect)
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('action_group', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('admin_id', 'integer')
      .addColumn('username', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('full_action_name', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('details', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('full_details', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();
    await db.schema.createIndex('action_log_group_idx').on('action_log').columns(['action_group', 'id']).execute();
    await db.schema.createIndex('action_log_created_idx').on('action_log').columns(['created_at', 'id']).execute();
    await db.schema.createIndex('action_log_username_idx').on('action_log').columns(['username', 'id']).execute();
  },
};
