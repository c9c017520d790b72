import type { Db } from '../../db/database.ts';

export interface ConfigRow {
  path: string;
  scope: string;
  scope_id: number;
  value: string | null;
}

/** The only SQL for configuration values. */
export const configRepo = {
  loadAll: (db: Db): Promise<ConfigRow[]> => db.selectFrom('config_values').select(['path', 'scope', 'scope_id', 'value']).execute(),

  async upsert(db: Db, row: ConfigRow, now: string) {
    await db
      .insertInto('config_values')
      .values({ ...row, updated_at: now })
      .onConflict((oc) => oc.columns(['path', 'scope', 'scope_id']).doUpdateSet({ value: row.value, updated_at: now }))
      .execute();
  },

  async remove(db: Db, path: string, scope: string, scopeId: number) {
    await db.deleteFrom('config_values').where('path', '=', path).where('scope', '=', scope).where('scope_id', '=', scopeId).execute();
  },
};
