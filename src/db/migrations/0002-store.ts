import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import { withId, type MigrationDef } from '../helpers.ts';

type Col = [name: string, type: 'text' | 'integer', opts?: { notNull?: boolean; default?: string | number; ref?: string; cascade?: boolean; unique?: boolean }];

/** A table with an id and the given columns; a short form so the store's schema reads as one list. */
async function table(db: Kysely<any>, dialect: DialectName, name: string, cols: Col[], uniques: string[][] = []) {
  let b = withId(db.schema.createTable(name), dialect);
  for (const [col, type, o = {}] of cols) {
    b = b.addColumn(col, type, (c) => {
      let cb = c;
      if (o.notNull) cb = cb.notNull();
      if (o.default !== undefined) cb = cb.defaultTo(o.default);
      if (o.unique) cb = cb.unique();
      if (o.ref) cb = cb.references(o.ref);
      if (o.ref && o.cascade) cb = cb.onDelete('cascade');
      return cb;
    });
  }
  for (const [i, u] of uniques.entries()) b = b.addUniqueConstraint(`${name}_uq${i}`, u as never);
  await b.execute();
}

const index = (db: Kysely<any>, name: string, tableName: string, columns: string[]) => db.schema.createIndex(name).on(tableName).columns(columns).execute();

const req = { notNull: true } as const;
const zero = { notNull: true, default: 0 } as const;
const empty = { notNull: true, default: '' } as const;

/** Address columns shared by the address book and order addresses. */
const addressCols: Col[] = [
  ['firstname', 'text', req],
  ['lastname', 'text', req],
  ['company', 'text', empty],
  ['street', 'text', req],
  ['city', 'text', req],
  ['region', 'text', empty],
  ['postcode', 'text', req],
  ['country_id', 'text', req],
  ['telephone', 'text', req],
];

/**
 * The store: customers (groups, addresses, consent history, password resets, newsletter, wishlist), catalog
 * (categories, products, per-website and per-group prices, stock), carts, orders and their invoices, shipments
 * and credit memos, per-store document numbers. Frozen: add, never edit.
 */
export const migration: MigrationDef = {
  name: '0002-store',
  // biome-ignore lint/complexity/noExcessiveLinesPerFunction: a frozen migration lists its tables in one place
  async up(db, dialect) {
    await table(db, dialect, 'customer_groups', [
      ['code', 'text', { notNull: true, unique: true }],
      ['is_system', 'integer', zero],
    ]);
    // NOT LOGGED IN is group 0, as in Magento; the other three are the usual defaults.
    await db
      .insertInto('customer_groups')
      .values([
        { id: 0, code: 'NOT LOGGED IN', is_system: 1 },
        { id: 1, code: 'General', is_system: 1 },
        { id: 2, code: 'Wholesale', is_system: 0 },
        { id: 3, code: 'Retailer', is_system: 0 },
      ])
      .execute();
    if (dialect === 'postgres') await sql`select setval(pg_get_serial_sequence('customer_groups', 'id'), 3)`.execute(db);

    await table(db, dialect, 'customers', [
      ['website_id', 'integer', { notNull: true, ref: 'websites.id' }],
      ['store_view_id', 'integer', { notNull: true, ref: 'store_views.id' }],
      ['group_id', 'integer', { notNull: true, ref: 'customer_groups.id' }],
      ['email', 'text', req],
      ['firstname', 'text', req],
      ['lastname', 'text', req],
      ['password_hash', 'text'],
      ['is_active', 'integer', { notNull: true, default: 1 }],
      // "Allow remote shopping assistance" (Login as Customer consent); the history is in customer_consents.
      ['assistance_allowed', 'integer', zero],
      ['default_billing_id', 'integer'],
      ['default_shipping_id', 'integer'],
      ['created_at', 'text', req],
      ['updated_at', 'text', req],
      ['updated_by_admin_id', 'integer'],
    ]);
    await index(db, 'customers_email_idx', 'customers', ['email', 'website_id']);
    await index(db, 'customers_website_idx', 'customers', ['website_id', 'id']);
    await index(db, 'customers_group_idx', 'customers', ['group_id', 'id']);

    await table(db, dialect, 'customer_consents', [
      ['customer_id', 'integer', { notNull: true, ref: 'customers.id', cascade: true }],
      ['allowed', 'integer', req],
      ['surface', 'text', req],
      ['admin_id', 'integer'],
      ['admin_username', 'text'],
      ['ip', 'text', empty],
      ['created_at', 'text', req],
    ]);
    await index(db, 'customer_consents_customer_idx', 'customer_consents', ['customer_id', 'id']);

    await table(db, dialect, 'customer_addresses', [
      ['customer_id', 'integer', { notNull: true, ref: 'customers.id', cascade: true }],
      ...addressCols,
      ['created_at', 'text', req],
      ['updated_at', 'text', req],
      ['updated_by_admin_id', 'integer'],
    ]);
    await index(db, 'customer_addresses_customer_idx', 'customer_addresses', ['customer_id']);

    await db.schema
      .createTable('password_reset_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('customer_id', 'integer', (c) => c.notNull().references('customers.id').onDelete('cascade'))
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await index(db, 'password_reset_customer_idx', 'password_reset_tokens', ['customer_id']);

    await table(
      db,
      dialect,
      'newsletter_subscribers',
      [
        ['customer_id', 'integer', { notNull: true, ref: 'customers.id', cascade: true }],
        ['store_view_id', 'integer', req],
        ['status', 'text', req],
        ['changed_at', 'text', req],
      ],
      [['customer_id']],
    );

    await table(db, dialect, 'categories', [
      ['parent_id', 'integer', { ref: 'categories.id' }],
      ['name', 'text', req],
      ['url_key', 'text', req],
      ['description', 'text', empty],
      ['position', 'integer', zero],
      ['is_active', 'integer', { notNull: true, default: 1 }],
      ['created_at', 'text', req],
      ['updated_at', 'text', req],
    ]);
    await index(db, 'categories_parent_idx', 'categories', ['parent_id', 'position']);
    await db
      .insertInto('categories')
      .values({
        id: 1,
        parent_id: null,
        name: 'Default Category',
        url_key: 'default-category',
        position: 0,
        is_active: 1,
        created_at: '1970-01-01T00:00:00.000Z',
        updated_at: '1970-01-01T00:00:00.000Z',
      })
      .execute();
    if (dialect === 'postgres') await sql`select setval(pg_get_serial_sequence('categories', 'id'), 1)`.execute(db);
    await db.updateTable('stores').set({ root_category_id: 1 }).execute();

    await table(db, dialect, 'products', [
      ['sku', 'text', { notNull: true, unique: true }],
      ['name', 'text', req],
      ['url_key', 'text', { notNull: true, unique: true }],
      ['description', 'text', empty],
      ['image_url', 'text', empty],
      ['price', 'integer', req],
      ['qty', 'integer', zero],
      ['is_in_stock', 'integer', { notNull: true, default: 1 }],
      ['status', 'integer', { notNull: true, default: 1 }],
      ['created_at', 'text', req],
      ['updated_at', 'text', req],
    ]);
    await index(db, 'products_name_idx', 'products', ['name', 'id']);
    await index(db, 'products_price_idx', 'products', ['price', 'id']);

    await db.schema
      .createTable('product_websites')
      .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id').onDelete('cascade'))
      .addColumn('website_id', 'integer', (c) => c.notNull().references('websites.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('product_websites_pk', ['product_id', 'website_id'])
      .execute();
    await index(db, 'product_websites_website_idx', 'product_websites', ['website_id', 'product_id']);

    await db.schema
      .createTable('product_categories')
      .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id').onDelete('cascade'))
      .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('product_categories_pk', ['product_id', 'category_id'])
      .execute();
    await index(db, 'product_categories_category_idx', 'product_categories', ['category_id', 'product_id']);

    // Special prices: website 0 = all websites; customer_group_id -1 = all groups. The lowest applicable wins.
    await table(
      db,
      dialect,
      'product_prices',
      [
        ['product_id', 'integer', { notNull: true, ref: 'products.id', cascade: true }],
        ['website_id', 'integer', zero],
        ['customer_group_id', 'integer', { notNull: true, default: -1 }],
        ['price', 'integer', req],
      ],
      [['product_id', 'website_id', 'customer_group_id']],
    );

    await table(db, dialect, 'carts', [
      ['customer_id', 'integer', { ref: 'customers.id', cascade: true }],
      ['website_id', 'integer', req],
      ['store_view_id', 'integer', req],
      ['is_active', 'integer', { notNull: true, default: 1 }],
      ['created_at', 'text', req],
      ['updated_at', 'text', req],
    ]);
    await index(db, 'carts_customer_idx', 'carts', ['customer_id', 'website_id', 'is_active']);

    await table(
      db,
      dialect,
      'cart_items',
      [
        ['cart_id', 'integer', { notNull: true, ref: 'carts.id', cascade: true }],
        ['product_id', 'integer', { notNull: true, ref: 'products.id', cascade: true }],
        ['qty', 'integer', req],
        ['added_by_admin_id', 'integer'],
        ['created_at', 'text', req],
        ['updated_at', 'text', req],
      ],
      [['cart_id', 'product_id']],
    );

    await table(
      db,
      dialect,
      'wishlist_items',
      [
        ['customer_id', 'integer', { notNull: true, ref: 'customers.id', cascade: true }],
        ['product_id', 'integer', { notNull: true, ref: 'products.id', cascade: true }],
        ['store_view_id', 'integer', req],
        ['added_by_admin_id', 'integer'],
        ['created_at', 'text', req],
      ],
      [['customer_id', 'product_id']],
    );

    // Document numbers per store view and document type.
    await db.schema
      .createTable('sequences')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    await table(db, dialect, 'orders', [
      ['increment_id', 'text', { notNull: true, unique: true }],
      ['store_view_id', 'integer', { notNull: true, ref: 'store_views.id' }],
      ['website_id', 'integer', req],
      ['customer_id', 'integer', { ref: 'customers.id' }],
      ['customer_email', 'text', req],
      ['customer_firstname', 'text', req],
      ['customer_lastname', 'text', req],
      ['customer_group_id', 'integer', zero],
      ['state', 'text', req],
      ['status', 'text', req],
      ['hold_before_state', 'text'],
      ['hold_before_status', 'text'],
      ['subtotal', 'integer', req],
      ['shipping_amount', 'integer', zero],
      ['grand_total', 'integer', req],
      ['total_invoiced', 'integer', zero],
      ['total_refunded', 'integer', zero],
      ['shipping_method', 'text', req],
      ['shipping_description', 'text', req],
      ['payment_method', 'text', req],
      // The cart it came from: unique, so a double submit cannot place two orders.
      ['cart_id', 'integer', { unique: true }],
      ['placed_by_admin_id', 'integer'],
      ['created_at', 'text', req],
      ['updated_at', 'text', req],
    ]);
    await index(db, 'orders_customer_idx', 'orders', ['customer_id', 'id']);
    await index(db, 'orders_status_idx', 'orders', ['status', 'id']);
    await index(db, 'orders_created_idx', 'orders', ['created_at', 'id']);

    await table(db, dialect, 'order_items', [
      ['order_id', 'integer', { notNull: true, ref: 'orders.id', cascade: true }],
      ['product_id', 'integer'],
      ['sku', 'text', req],
      ['name', 'text', req],
      ['price', 'integer', req],
      ['qty_ordered', 'integer', req],
      ['qty_invoiced', 'integer', zero],
      ['qty_shipped', 'integer', zero],
      ['qty_refunded', 'integer', zero],
      ['qty_canceled', 'integer', zero],
      ['row_total', 'integer', req],
    ]);
    await index(db, 'order_items_order_idx', 'order_items', ['order_id']);

    await table(db, dialect, 'order_addresses', [
      ['order_id', 'integer', { notNull: true, ref: 'orders.id', cascade: true }],
      ['address_type', 'text', req],
      ...addressCols,
    ]);
    await index(db, 'order_addresses_order_idx', 'order_addresses', ['order_id']);

    await table(db, dialect, 'order_comments', [
      ['order_id', 'integer', { notNull: true, ref: 'orders.id', cascade: true }],
      ['comment', 'text', req],
      ['status', 'text', req],
      ['is_customer_notified', 'integer', zero],
      ['is_visible_on_front', 'integer', zero],
      ['admin_id', 'integer'],
      ['created_at', 'text', req],
    ]);
    await index(db, 'order_comments_order_idx', 'order_comments', ['order_id', 'id']);

    for (const doc of ['invoices', 'shipments', 'credit_memos']) {
      await table(db, dialect, doc, [
        ['increment_id', 'text', { notNull: true, unique: true }],
        ['order_id', 'integer', { notNull: true, ref: 'orders.id', cascade: true }],
        ['store_view_id', 'integer', req],
        ['state', 'text', req],
        ['subtotal', 'integer', zero],
        ['shipping_amount', 'integer', zero],
        ['adjustment_positive', 'integer', zero],
        ['adjustment_negative', 'integer', zero],
        ['grand_total', 'integer', zero],
        ['total_qty', 'integer', zero],
        ['admin_id', 'integer'],
        ['created_at', 'text', req],
      ]);
      await index(db, `${doc}_order_idx`, doc, ['order_id']);
      await index(db, `${doc}_created_idx`, doc, ['created_at', 'id']);
    }
    for (const [items, parent] of [
      ['invoice_items', 'invoices'],
      ['shipment_items', 'shipments'],
      ['credit_memo_items', 'credit_memos'],
    ] as const) {
      await table(db, dialect, items, [
        ['parent_id', 'integer', { notNull: true, ref: `${parent}.id`, cascade: true }],
        ['order_item_id', 'integer', { notNull: true, ref: 'order_items.id' }],
        ['qty', 'integer', req],
        ['row_total', 'integer', zero],
        ['back_to_stock', 'integer', zero],
      ]);
      await index(db, `${items}_parent_idx`, items, ['parent_id']);
    }
    await table(db, dialect, 'shipment_tracks', [
      ['shipment_id', 'integer', { notNull: true, ref: 'shipments.id', cascade: true }],
      ['carrier', 'text', req],
      ['title', 'text', req],
      ['number', 'text', req],
    ]);
    await index(db, 'shipment_tracks_shipment_idx', 'shipment_tracks', ['shipment_id']);
  },
};
