import type { MigrationDef } from '../helpers.ts';

/**
 * Which columns each admin user hides in each admin grid (the column chooser), kept server-side so the choice
 * follows the user to any browser. `hidden_columns` is a JSON array of column keys. Frozen.
 */
export const migration: MigrationDef = {
  name: '0013-admin-grid-preferences',
  async up(db) {
    await db.schema
      .createTable('admin_grid_preferences')
      .addColumn('admin_id', 'integer', (c) => c.notNull().references('admin_users.id').onDelete('cascade'))
      .addColumn('grid_id', 'text', (c) => c.notNull())
      .addColumn('hidden_columns', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('admin_grid_preferences_pk', ['admin_id', 'grid_id'])
      .execute();
  },
};
