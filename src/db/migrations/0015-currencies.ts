import type { MigrationDef } from '../helpers.ts';

/**
 * Currency rates (Stores > Currency Rates), and on every order the currencies and the rate it was shown with.
 * Rates are decimal text ("10.123456"), read into integer millionths: exact on both databases and wider than a
 * 32-bit integer column. Orders placed before keep base USD at rate 1. Frozen.
 */
export const migration: MigrationDef = {
  name: '0015-currencies',
  async up(db) {
    await db.schema
      .createTable('currency_rates')
      .addColumn('currency_from', 'text', (c) => c.notNull())
      .addColumn('currency_to', 'text', (c) => c.notNull())
      .addColumn('rate', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('currency_rates_pk', ['currency_from', 'currency_to'])
      .execute();
    await db.schema
      .alterTable('orders')
      .addColumn('base_currency_code', 'text', (c) => c.notNull().defaultTo('USD'))
      .execute();
    await db.schema
      .alterTable('orders')
      .addColumn('order_currency_code', 'text', (c) => c.notNull().defaultTo('USD'))
      .execute();
    await db.schema
      .alterTable('orders')
      .addColumn('base_to_order_rate', 'text', (c) => c.notNull().defaultTo('1'))
      .execute();
  },
};
