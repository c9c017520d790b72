import type { Db } from '../../db/database.ts';
import type { Selectable } from 'kysely';
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
  async loadTree(db: Db): Promise<StoreTree> {
    const [websites, stores, views] = await Promise.all([
      db.selectFrom('websites').selectAll().orderBy('sort_order').orderBy('id').execute(),
      db.selectFrom('stores').selectAll().orderBy('sort_order').orderBy('id').execute(),
      db.selectFrom('store_views').selectAll().orderBy('sort_order').orderBy('id').execute(),
    ]);
    return { websites, stores, views };
  },
};
