import type { Db } from '../../db/database.ts';

/** The only SQL on currency_rates. */
export const currencyRepo = {
  all: (db: Db) => db.selectFrom('currency_rates').select(['currency_from', 'currency_to', 'rate']).execute(),

  async save(db: Db, row: { currency_from: string; currency_to: string; rate: string; updated_at: string }) {
    await db
      .insertInto('currency_rates')
      .values(row)
      .onConflict((oc) => oc.columns(['currency_from', 'currency_to']).doUpdateSet({ rate: row.rate, updated_at: row.updated_at }))
      .execute();
  },
};
