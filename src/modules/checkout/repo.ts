import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { CheckoutTables } from './tables.ts';

/** The only SQL for carts and cart lines. */
export const cartRepo = {
  async activeCustomerCart(db: Db, customerId: number, websiteId: number) {
    return db
      .selectFrom('carts')
      .select('id')
      .where('customer_id', '=', customerId)
      .where('website_id', '=', websiteId)
      .where('is_active', '=', 1)
      .where('quote_admin_id', 'is', null)
      .orderBy('id', 'desc')
      .executeTakeFirst();
  },
  async cart(db: Db, id: number) {
    return db.selectFrom('carts').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async insertCart(db: Db, row: Insertable<CheckoutTables['carts']>) {
    return (await db.insertInto('carts').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  /** Admin order creation: a quote by id (open or closed), or undefined for a storefront cart. */
  async quote(db: Db, id: number) {
    return db.selectFrom('carts').selectAll().where('id', '=', id).where('quote_admin_id', 'is not', null).executeTakeFirst();
  },
  async setQuoteState(db: Db, id: number, state: string, now: string) {
    await db.updateTable('carts').set({ quote_state: state, updated_at: now }).where('id', '=', id).where('is_active', '=', 1).execute();
  },
  async touchCart(db: Db, id: number, now: string) {
    await db.updateTable('carts').set({ updated_at: now }).where('id', '=', id).execute();
  },
  /** Closes an active cart; false when it was already closed (used to make placing an order idempotent). */
  async closeCart(db: Db, id: number, onlyGuest = false) {
    let q = db.updateTable('carts').set({ is_active: 0 }).where('id', '=', id).where('is_active', '=', 1);
    if (onlyGuest) q = q.where('customer_id', 'is', null);
    return Number((await q.executeTakeFirst()).numUpdatedRows) === 1;
  },
  /** The Shipping step's choices saved on an active cart (JSON), or null. */
  async setCheckoutState(db: Db, id: number, json: string | null, now: string) {
    await db.updateTable('carts').set({ checkout_json: json, updated_at: now }).where('id', '=', id).where('is_active', '=', 1).execute();
  },
  async items(db: Db, cartId: number) {
    return db.selectFrom('cart_items').selectAll().where('cart_id', '=', cartId).orderBy('id').execute();
  },
  async item(db: Db, cartId: number, productId: number) {
    return db.selectFrom('cart_items').selectAll().where('cart_id', '=', cartId).where('product_id', '=', productId).executeTakeFirst();
  },
  async insertItem(db: Db, row: Insertable<CheckoutTables['cart_items']>) {
    await db.insertInto('cart_items').values(row).execute();
  },
  async setItemQty(db: Db, itemId: number, qty: number, now: string, addedByAdminId?: number | null) {
    await db
      .updateTable('cart_items')
      .set({ qty, updated_at: now, ...(addedByAdminId !== undefined ? { added_by_admin_id: addedByAdminId } : {}) })
      .where('id', '=', itemId)
      .execute();
  },
  async deleteItem(db: Db, itemId: number, cartId?: number) {
    let q = db.deleteFrom('cart_items').where('id', '=', itemId);
    if (cartId !== undefined) q = q.where('cart_id', '=', cartId);
    return Number((await q.executeTakeFirst()).numDeletedRows) === 1;
  },
  async clearItems(db: Db, cartId: number) {
    await db.deleteFrom('cart_items').where('cart_id', '=', cartId).execute();
  },
  async count(db: Db, cartId: number) {
    const row = await db
      .selectFrom('cart_items')
      .select((eb) => eb.fn.sum<number>('qty').as('n'))
      .where('cart_id', '=', cartId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },
  /** A customer's lines in active carts, for the admin's Shopping cart tab. */
  async customerLines(db: Db, customerId: number) {
    return db
      .selectFrom('carts as c')
      .innerJoin('cart_items as i', 'i.cart_id', 'c.id')
      .innerJoin('products as p', 'p.id', 'i.product_id')
      .innerJoin('websites as w', 'w.id', 'c.website_id')
      .select(['i.id', 'i.qty', 'i.added_by_admin_id', 'i.updated_at', 'p.name', 'p.sku', 'p.price', 'w.name as website'])
      .where('c.customer_id', '=', customerId)
      .where('c.is_active', '=', 1)
      .where('c.quote_admin_id', 'is', null)
      .orderBy('i.id')
      .execute();
  },
};
