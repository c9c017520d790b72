import type { Db } from '../../db/database.ts';
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { StoresTables } from './tables.ts';

export type Website = Selectable<StoresTables['websites']>;
export type Store = Selectable<StoresTables['stores']>;
export type StoreView = Selectable<StoresTables['store_views']>;

export interface StoreTree {
  websites: Website[];
  stores: Store[];
  views: StoreView[];
}

/** The only SQL for websites, stores and store views. */
export const storesRepo = {
  async insertWebsite(db: Db, row: Insertable<StoresTables['websites']>) {
    return (await db.insertInto('websites').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  async updateWebsite(db: Db, id: number, patch: Updateable<StoresTables['websites']>) {
    await db.updateTable('websites').set(patch).where('id', '=', id).execute();
  },
  async deleteWebsite(db: Db, id: number) {
    await db.deleteFrom('websites').where('id', '=', id).execute();
  },
  async insertStore(db: Db, row: Insertable<StoresTables['stores']>) {
    return (await db.insertInto('stores').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  async updateStore(db: Db, id: number, patch: Updateable<StoresTables['stores']>) {
    await db.updateTable('stores').set(patch).where('id', '=', id).execute();
  },
  async deleteStore(db: Db, id: number) {
    await db.deleteFrom('stores').where('id', '=', id).execute();
  },
  async insertView(db: Db, row: Insertable<StoresTables['store_views']>) {
    return (await db.insertInto('store_views').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  async updateView(db: Db, id: number, patch: Updateable<StoresTables['store_views']>) {
    await db.updateTable('store_views').set(patch).where('id', '=', id).execute();
  },
  async deleteView(db: Db, id: number) {
    await db.deleteFrom('store_views').where('id', '=', id).execute();
  },

  async loadTree(db: Db): Promise<StoreTree> {
    const [websites, stores, views] = await Promise.all([
      db.selectFrom('websites').selectAll().orderBy('sort_order').orderBy('id').execute(),
      db.selectFrom('stores').selectAll().orderBy('sort_order').orderBy('id').execute(),
      db.selectFrom('store_views').selectAll().orderBy('sort_order').orderBy('id').execute(),
    ]);
    return { websites, stores, views };
  },
};
