import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { MigrationDef } from '../helpers.ts';

// The lowest of the base price and every special price for the row's website (0 = all) and group (-1 = all).
const ROWS = `select pw.product_id, pw.website_id, g.id, min(case when pp.price < p.price then pp.price else p.price end)
  from product_websites pw
  join products p on p.id = pw.product_id
  cross join customer_groups g
  left join product_prices pp on pp.product_id = pw.product_id and pp.website_id in (0, pw.website_id) and pp.customer_group_id in (-1, g.id)`;
const refreshProduct = (id: string) =>
  `delete from catalog_price_index where product_id = ${id};
   insert into catalog_price_index (product_id, website_id, customer_group_id, price) ${ROWS} where pw.product_id = ${id} group by pw.product_id, pw.website_id, g.id;`;
const addGroup = (id: string) =>
  `insert into catalog_price_index (product_id, website_id, customer_group_id, price) ${ROWS} where g.id = ${id} group by pw.product_id, pw.website_id, g.id;`;

/**
 * Triggers keep the index current whoever writes the catalog (the admin, the seed, a script, SQL by hand): a
 * product's rows are recomputed when its base price, special prices or websites change, a new group gets its rows;
 * deleted products, websites and groups take theirs along by cascade.
 */
async function sqliteTriggers(db: Kysely<any>) {
  const on = [
    ['cpi_product_price', 'after update of price on products', refreshProduct('new.id')],
    ['cpi_prices_insert', 'after insert on product_prices', refreshProduct('new.product_id')],
    ['cpi_prices_update', 'after update on product_prices', refreshProduct('old.product_id') + refreshProduct('new.product_id')],
    ['cpi_prices_delete', 'after delete on product_prices', refreshProduct('old.product_id')],
    ['cpi_websites_insert', 'after insert on product_websites', refreshProduct('new.product_id')],
    ['cpi_websites_delete', 'after delete on product_websites', refreshProduct('old.product_id')],
    ['cpi_group_insert', 'after insert on customer_groups', addGroup('new.id')],
  ];
  for (const [name, when, body] of on) await sql.raw(`create trigger ${name} ${when} for each row begin ${body} end`).execute(db);
}

async function postgresTriggers(db: Kysely<any>) {
  await sql.raw(`create function cpi_refresh_product(pid integer) returns void language sql as $$ ${refreshProduct('pid')} $$`).execute(db);
  await sql
    .raw(`create function cpi_on_product_change() returns trigger language plpgsql as $$
    begin
      if tg_table_name = 'products' then perform cpi_refresh_product(new.id); return null; end if;
      if tg_op in ('UPDATE', 'DELETE') then perform cpi_refresh_product(old.product_id); end if;
      if tg_op in ('UPDATE', 'INSERT') then perform cpi_refresh_product(new.product_id); end if;
      return null;
    end $$`)
    .execute(db);
  await sql.raw(`create function cpi_on_group_insert() returns trigger language plpgsql as $$ begin ${addGroup('new.id')} return null; end $$`).execute(db);
  await sql.raw('create trigger cpi_product_price after update of price on products for each row execute function cpi_on_product_change()').execute(db);
  await sql
    .raw('create trigger cpi_prices after insert or update or delete on product_prices for each row execute function cpi_on_product_change()')
    .execute(db);
  await sql.raw('create trigger cpi_websites after insert or delete on product_websites for each row execute function cpi_on_product_change()').execute(db);
  await sql.raw('create trigger cpi_group_insert after insert on customer_groups for each row execute function cpi_on_group_insert()').execute(db);
}

/**
 * The price index (Magento's catalog_product_index_price): each product's final price per website it is sold on
 * and customer group, so storefront lists read and sort a stored price instead of computing the lowest special
 * price per row on every request. Rows go with their product, website or group (cascade). Filled here from the
 * existing catalog; kept current by triggers. Frozen.
 */
export const migration: MigrationDef = {
  name: '0009-price-index',
  async up(db, dialect) {
    await db.schema
      .createTable('catalog_price_index')
      .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id').onDelete('cascade'))
      .addColumn('website_id', 'integer', (c) => c.notNull().references('websites.id').onDelete('cascade'))
      .addColumn('customer_group_id', 'integer', (c) => c.notNull().references('customer_groups.id').onDelete('cascade'))
      .addColumn('price', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('catalog_price_index_pk', ['product_id', 'website_id', 'customer_group_id'])
      .execute();
    // Lists sorted by price for one website and group (search results, a whole website).
    await db.schema
      .createIndex('catalog_price_index_listing_idx')
      .on('catalog_price_index')
      .columns(['website_id', 'customer_group_id', 'price', 'product_id'])
      .execute();
    // A category's products in position order (its default sort): the page is read from the index, not sorted.
    await db.schema.createIndex('product_categories_position_idx').on('product_categories').columns(['category_id', 'position', 'product_id']).execute();
    await sql
      .raw(`insert into catalog_price_index (product_id, website_id, customer_group_id, price) ${ROWS} group by pw.product_id, pw.website_id, g.id`)
      .execute(db);
    await (dialect === 'postgres' ? postgresTriggers(db) : sqliteTriggers(db));
  },
};
