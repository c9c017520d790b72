import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { containsText } from '../../db/helpers.ts';
import { utcDay } from '../../db/helpers.ts';
import { keysetPage, pastRow, type KeysetCursor, type SortDir } from '../../db/keyset.ts';
import type { SalesTables } from './tables.ts';

export type OrderRow = Selectable<SalesTables['orders']>;
export type OrderItemRow = Selectable<SalesTables['order_items']>;
export type OrderAddressRow = Selectable<SalesTables['order_addresses']>;
export type OrderCommentRow = Selectable<SalesTables['order_comments']>;
export type DocumentKind = 'invoices' | 'shipments' | 'credit_memos';
export type DocumentRow = Selectable<SalesTables['invoices']>;
export const ITEM_TABLE = { invoices: 'invoice_items', shipments: 'shipment_items', credit_memos: 'credit_memo_items' } as const;

export interface OrderFilters {
  incrementId?: string;
  name?: string;
  email?: string;
  status?: string;
  storeViewId?: number;
  createdFrom?: string;
  createdTo?: string;
  totalFrom?: number;
  totalTo?: number;
}

/** The only SQL for orders and their documents. */
export const salesRepo = {
  /** The next number in a per-store-view sequence (atomic on both databases). */
  async nextNumber(db: Db, name: string): Promise<number> {
    const row = await sql<{ value: number }>`
      insert into sequences (name, value) values (${name}, 1)
      on conflict (name) do update set value = sequences.value + 1
      returning value`.execute(db);
    return Number(row.rows[0]!.value);
  },

  async order(db: Db, id: number) {
    return db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async orderByCart(db: Db, cartId: number) {
    return db.selectFrom('orders').selectAll().where('cart_id', '=', cartId).executeTakeFirst();
  },
  async insertOrder(db: Db, row: Insertable<SalesTables['orders']>) {
    return (await db.insertInto('orders').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  async updateOrder(db: Db, id: number, patch: Updateable<SalesTables['orders']>) {
    await db.updateTable('orders').set(patch).where('id', '=', id).execute();
  },
  async items(db: Db, orderId: number) {
    return db.selectFrom('order_items').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
  },
  async insertItem(db: Db, row: Insertable<SalesTables['order_items']>) {
    return (await db.insertInto('order_items').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  async updateItem(db: Db, id: number, patch: Updateable<SalesTables['order_items']>) {
    await db.updateTable('order_items').set(patch).where('id', '=', id).execute();
  },
  async addresses(db: Db, orderId: number) {
    return db.selectFrom('order_addresses').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
  },
  async insertAddress(db: Db, row: Insertable<SalesTables['order_addresses']>) {
    await db.insertInto('order_addresses').values(row).execute();
  },
  async comments(db: Db, orderId: number, onlyVisibleOnFront = false) {
    let q = db.selectFrom('order_comments').selectAll().where('order_id', '=', orderId);
    if (onlyVisibleOnFront) q = q.where('is_visible_on_front', '=', 1);
    return q.orderBy('id', 'desc').execute();
  },
  async insertComment(db: Db, row: Insertable<SalesTables['order_comments']>) {
    await db.insertInto('order_comments').values(row).execute();
  },

  /** One customer's orders, newest first, by page number (a customer has few; My Orders and the Orders tab). */
  async customerOrders(db: Db, customerId: number, o: { limit: number; offset: number }) {
    const q = db.selectFrom('orders as o').where('o.customer_id', '=', customerId);
    const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await q.selectAll('o').orderBy('o.id', 'desc').limit(o.limit).offset(o.offset).execute();
    return { rows, total };
  },

  async page(
    db: Db,
    f: OrderFilters,
    o: { sort: 'id' | 'increment_id' | 'created_at' | 'grand_total'; dir: SortDir; limit: number; cursor: KeysetCursor; count?: false },
  ) {
    let q = db.selectFrom('orders as o');
    if (f.incrementId) q = q.where(containsText('o.increment_id', f.incrementId));
    if (f.name) q = q.where((eb) => eb.or([containsText('o.customer_firstname', f.name!), containsText('o.customer_lastname', f.name!)]));
    if (f.email) q = q.where(containsText('o.customer_email', f.email));
    if (f.status) q = q.where('o.status', '=', f.status);
    if (f.storeViewId !== undefined) q = q.where('o.store_view_id', '=', f.storeViewId);
    if (f.createdFrom) q = q.where('o.created_at', '>=', f.createdFrom);
    if (f.createdTo) q = q.where('o.created_at', '<', f.createdTo);
    if (f.totalFrom !== undefined) q = q.where('o.grand_total', '>=', f.totalFrom);
    if (f.totalTo !== undefined) q = q.where('o.grand_total', '<=', f.totalTo);
    // An export reads many pages: it needs no count.
    const total = o.count === false ? 0 : Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const page = await keysetPage(o.dir, o.cursor, o.limit, (dir, past, limit, offset) =>
      (past ? q.where(pastRow('orders', 'o', o.sort, past)) : q)
        .selectAll('o')
        .orderBy(`o.${o.sort}`, dir)
        .orderBy('o.id', dir)
        .limit(limit)
        .offset(offset)
        .execute(),
    );
    return { ...page, total };
  },

  async insertOrderTax(db: Db, rows: Insertable<SalesTables['order_tax']>[]) {
    if (rows.length) await db.insertInto('order_tax').values(rows).execute();
  },
  /** The tax of each rate an order was charged, as placed. */
  orderTax: (db: Db, orderId: number) => db.selectFrom('order_tax').selectAll().where('order_id', '=', orderId).orderBy('id').execute(),
  /** Per order item, what documents of a kind already carry: row total and tax. */
  async documentItemSums(db: Db, kind: DocumentKind, orderId: number) {
    const rows = await db
      .selectFrom(`${ITEM_TABLE[kind]} as di` as 'invoice_items as di')
      .innerJoin(`${kind} as d` as 'invoices as d', 'd.id', 'di.parent_id')
      .where('d.order_id', '=', orderId)
      .groupBy('di.order_item_id')
      .select((eb) => ['di.order_item_id', eb.fn.sum<number>('di.row_total').as('row'), eb.fn.sum<number>('di.tax_amount').as('tax')])
      .execute();
    return new Map(rows.map((r) => [r.order_item_id, { row: Number(r.row), tax: Number(r.tax) }]));
  },

  // ---- documents ----
  async insertDocument(db: Db, kind: DocumentKind, row: Insertable<SalesTables['invoices']>) {
    return (await db.insertInto(kind).values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  async insertDocumentItems(db: Db, kind: DocumentKind, rows: Insertable<SalesTables['invoice_items']>[]) {
    if (rows.length) await db.insertInto(ITEM_TABLE[kind]).values(rows).execute();
  },
  async document(db: Db, kind: DocumentKind, id: number) {
    return db.selectFrom(kind).selectAll().where('id', '=', id).executeTakeFirst();
  },
  async documentsOf(db: Db, kind: DocumentKind, orderId: number) {
    return db.selectFrom(kind).selectAll().where('order_id', '=', orderId).orderBy('id').execute();
  },
  async documentItems(db: Db, kind: DocumentKind, documentId: number) {
    return db
      .selectFrom(`${ITEM_TABLE[kind]} as di` as 'invoice_items as di')
      .innerJoin('order_items as oi', 'oi.id', 'di.order_item_id')
      .select(['di.id', 'di.qty', 'di.row_total', 'di.tax_amount', 'di.back_to_stock', 'oi.sku', 'oi.name', 'oi.price', 'oi.price_incl_tax'])
      .where('di.parent_id', '=', documentId)
      .orderBy('di.id')
      .execute();
  },
  async tracks(db: Db, shipmentId: number) {
    return db.selectFrom('shipment_tracks').selectAll().where('shipment_id', '=', shipmentId).orderBy('id').execute();
  },
  async insertTracks(db: Db, rows: Insertable<SalesTables['shipment_tracks']>[]) {
    if (rows.length) await db.insertInto('shipment_tracks').values(rows).execute();
  },
  async documentPage(
    db: Db,
    kind: DocumentKind,
    f: { incrementId?: string; orderIncrementId?: string; name?: string; createdFrom?: string; createdTo?: string },
    o: { dir: SortDir; limit: number; cursor: KeysetCursor },
  ) {
    let q = db.selectFrom(`${kind} as d` as 'invoices as d').innerJoin('orders as o', 'o.id', 'd.order_id');
    if (f.incrementId) q = q.where(containsText('d.increment_id', f.incrementId));
    if (f.orderIncrementId) q = q.where(containsText('o.increment_id', f.orderIncrementId));
    if (f.name) q = q.where((eb) => eb.or([containsText('o.customer_firstname', f.name!), containsText('o.customer_lastname', f.name!)]));
    if (f.createdFrom) q = q.where('d.created_at', '>=', f.createdFrom);
    if (f.createdTo) q = q.where('d.created_at', '<', f.createdTo);
    const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const page = await keysetPage(o.dir, o.cursor, o.limit, (dir, past, limit, offset) =>
      (past ? q.where(pastRow(kind, 'd', 'id', past)) : q)
        .selectAll('d')
        .select([
          'o.increment_id as order_increment_id',
          'o.created_at as order_created_at',
          'o.customer_firstname',
          'o.customer_lastname',
          'o.status as order_status',
          'o.customer_id',
        ])
        .orderBy('d.id', dir)
        .limit(limit)
        .offset(offset)
        .execute(),
    );
    return { ...page, total };
  },
};

/**
 * The Dashboard's figures. Canceled orders count neither as sales nor as orders; refunds are taken off sales.
 * Scoped reads use (store_view_id, created_at, id), unscoped ones (created_at, id).
 */
export const salesReportsRepo = {
  async totals(db: Db, storeViewId: number | undefined) {
    let q = db.selectFrom('orders as o').where('o.state', '<>', 'canceled');
    if (storeViewId !== undefined) q = q.where('o.store_view_id', '=', storeViewId);
    const row = await q
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number | null>(sql`${sql.ref('o.grand_total')} - ${sql.ref('o.total_refunded')}`).as('sales'),
      ])
      .executeTakeFirstOrThrow();
    return { orders: Number(row.n), sales: Number(row.sales ?? 0) };
  },

  /** Orders and sales per UTC day from `from` on (days without orders are absent). */
  async perDay(db: Db, storeViewId: number | undefined, from: string) {
    let q = db.selectFrom('orders as o').where('o.created_at', '>=', from).where('o.state', '<>', 'canceled');
    if (storeViewId !== undefined) q = q.where('o.store_view_id', '=', storeViewId);
    const rows = await q
      .select((eb) => [
        utcDay('o.created_at').as('day'),
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number | null>(sql`${sql.ref('o.grand_total')} - ${sql.ref('o.total_refunded')}`).as('sales'),
      ])
      .groupBy(utcDay('o.created_at'))
      .execute();
    return rows.map((r) => ({ day: String(r.day), orders: Number(r.n), sales: Number(r.sales ?? 0) }));
  },

  /** The newest orders with their item counts (one grouped read for all of them). */
  async lastOrders(db: Db, storeViewId: number | undefined, limit: number) {
    let q = db.selectFrom('orders as o');
    if (storeViewId !== undefined) q = q.where('o.store_view_id', '=', storeViewId);
    const orders = await q
      .select(['o.id', 'o.increment_id', 'o.customer_id', 'o.customer_firstname', 'o.customer_lastname', 'o.grand_total', 'o.status', 'o.created_at'])
      .orderBy('o.created_at', 'desc')
      .orderBy('o.id', 'desc')
      .limit(limit)
      .execute();
    if (!orders.length) return [];
    const counts = await db
      .selectFrom('order_items')
      .select((eb) => ['order_id', eb.fn.sum<number>('qty_ordered').as('qty')])
      .where(
        'order_id',
        'in',
        orders.map((o) => o.id),
      )
      .groupBy('order_id')
      .execute();
    const qty = new Map(counts.map((c) => [c.order_id, Number(c.qty)]));
    return orders.map((o) => ({ ...o, items: qty.get(o.id) ?? 0 }));
  },

  /** The products sold most (ordered minus canceled quantity), by SKU so a deleted product still counts. */
  async bestsellers(db: Db, storeViewId: number | undefined, limit: number) {
    let q = db.selectFrom('order_items as i').innerJoin('orders as o', 'o.id', 'i.order_id').where('o.state', '<>', 'canceled');
    if (storeViewId !== undefined) q = q.where('o.store_view_id', '=', storeViewId);
    const qty = sql<number>`sum(${sql.ref('i.qty_ordered')} - ${sql.ref('i.qty_canceled')})`;
    const rows = await q
      .select((eb) => ['i.sku', eb.fn.max('i.name').as('name'), eb.fn.max('i.product_id').as('product_id'), eb.fn.max('i.price').as('price'), qty.as('qty')])
      .groupBy('i.sku')
      .orderBy(qty, 'desc')
      .orderBy('i.sku')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      sku: r.sku,
      name: String(r.name),
      productId: r.product_id === null ? null : Number(r.product_id),
      price: Number(r.price),
      qty: Number(r.qty),
    }));
  },

  /** Orders and sales per customer, for a few customers at once. */
  async customerTotals(db: Db, customerIds: number[]) {
    if (!customerIds.length) return [];
    const rows = await db
      .selectFrom('orders as o')
      .where('o.customer_id', 'in', customerIds)
      .where('o.state', '<>', 'canceled')
      .select((eb) => [
        'o.customer_id',
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number | null>(sql`${sql.ref('o.grand_total')} - ${sql.ref('o.total_refunded')}`).as('sales'),
      ])
      .groupBy('o.customer_id')
      .execute();
    return rows.map((r) => ({ customerId: Number(r.customer_id), orders: Number(r.n), sales: Number(r.sales ?? 0) }));
  },
};
