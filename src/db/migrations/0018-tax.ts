import { sql } from 'kysely';
import { withId, type MigrationDef } from '../helpers.ts';

/**
 * VAT: tax classes (product and customer), tax rates per country and optional postcode or postcode range, tax
 * rules joining classes to rates; a tax class on every product (Taxable Goods) and customer group (Retail
 * Customer). Orders keep the tax of each line, of shipping and of each rate applied (order_tax), so a later rate
 * change leaves placed orders as they were; invoices and credit memos keep the tax they carried (the document
 * tables share one shape, so shipments carry the columns at 0). Orders placed before are untaxed: their
 * amounts including tax equal those excluding it. Rates are integer millionths (25 % = 250000). Frozen.
 */
export const migration: MigrationDef = {
  name: '0018-tax',
  async up(db, dialect) {
    await withId(db.schema.createTable('tax_classes'), dialect)
      .addColumn('class_name', 'text', (c) => c.notNull())
      .addColumn('class_type', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('tax_classes_name_idx').on('tax_classes').columns(['class_type', 'class_name']).unique().execute();
    await db
      .insertInto('tax_classes')
      .values([
        { class_name: 'Taxable Goods', class_type: 'PRODUCT' },
        { class_name: 'Retail Customer', class_type: 'CUSTOMER' },
        { class_name: 'Reduced Rate Goods', class_type: 'PRODUCT' },
        { class_name: 'Books and Newspapers', class_type: 'PRODUCT' },
      ])
      .execute();

    await withId(db.schema.createTable('tax_rates'), dialect)
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('tax_country_id', 'text', (c) => c.notNull())
      .addColumn('tax_postcode', 'text', (c) => c.notNull().defaultTo('*'))
      .addColumn('zip_is_range', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('zip_from', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('zip_to', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('rate', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('tax_rates_country_idx').on('tax_rates').columns(['tax_country_id', 'code']).execute();

    await withId(db.schema.createTable('tax_rules'), dialect)
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // A rule's customer classes, product classes and rates: link_type is customer, product or rate.
    await db.schema
      .createTable('tax_rule_links')
      .addColumn('rule_id', 'integer', (c) => c.notNull().references('tax_rules.id').onDelete('cascade'))
      .addColumn('link_type', 'text', (c) => c.notNull())
      .addColumn('link_id', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('tax_rule_links_pk', ['rule_id', 'link_type', 'link_id'])
      .execute();
    await db.schema.createIndex('tax_rule_links_target_idx').on('tax_rule_links').columns(['link_type', 'link_id']).execute();

    await db.schema
      .alterTable('products')
      .addColumn('tax_class_id', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema
      .alterTable('customer_groups')
      .addColumn('tax_class_id', 'integer', (c) => c.notNull().defaultTo(2))
      .execute();

    for (const column of ['subtotal_incl_tax', 'tax_amount', 'shipping_tax_amount', 'shipping_incl_tax'])
      await db.schema
        .alterTable('orders')
        .addColumn(column, 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    await sql`update orders set subtotal_incl_tax = subtotal, shipping_incl_tax = shipping_amount`.execute(db);
    for (const column of ['price_incl_tax', 'row_total_incl_tax', 'tax_amount', 'tax_percent'])
      await db.schema
        .alterTable('order_items')
        .addColumn(column, 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    await sql`update order_items set price_incl_tax = price, row_total_incl_tax = row_total`.execute(db);
    await withId(db.schema.createTable('order_tax'), dialect)
      .addColumn('order_id', 'integer', (c) => c.notNull().references('orders.id').onDelete('cascade'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('percent', 'integer', (c) => c.notNull())
      .addColumn('amount', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('order_tax_order_idx').on('order_tax').columns(['order_id']).execute();

    for (const table of ['invoices', 'shipments', 'credit_memos']) {
      for (const column of ['subtotal_incl_tax', 'tax_amount', 'shipping_tax_amount'])
        await db.schema
          .alterTable(table)
          .addColumn(column, 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      await sql`update ${sql.table(table)} set subtotal_incl_tax = subtotal`.execute(db);
    }
    for (const table of ['invoice_items', 'shipment_items', 'credit_memo_items'])
      await db.schema
        .alterTable(table)
        .addColumn('tax_amount', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
  },
};
