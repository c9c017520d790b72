import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { containsText, startsWithText } from '../../db/helpers.ts';
import { keysetPage, pastRow, type KeysetCursor, type SortDir } from '../../db/keyset.ts';
import type { CustomersTables } from './tables.ts';

export type CustomerRow = Selectable<CustomersTables['customers']>;
export type AddressRow = Selectable<CustomersTables['customer_addresses']>;
export type GroupRow = Selectable<CustomersTables['customer_groups']>;
export type ConsentRow = Selectable<CustomersTables['customer_consents']>;

export interface CustomerFilters {
  keyword?: string;
  id?: string;
  name?: string;
  email?: string;
  groupId?: number;
  websiteId?: number;
  assistance?: '0' | '1';
  createdFrom?: string;
  createdTo?: string;
}

/** The only SQL for customers, their addresses, groups, consents, password resets, newsletter and wishlist. */
export const customersRepo = {
  async byId(db: Db, id: number) {
    return db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  },
  /** By email within a website, or anywhere when accounts are shared globally (websiteId undefined). */
  async byEmail(db: Db, email: string, websiteId?: number) {
    let q = db.selectFrom('customers').selectAll().where('email', '=', email.toLowerCase());
    if (websiteId !== undefined) q = q.where('website_id', '=', websiteId);
    return q.orderBy('id').executeTakeFirst();
  },
  async insert(db: Db, row: Insertable<CustomersTables['customers']>) {
    return (await db.insertInto('customers').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  async update(db: Db, id: number, patch: Updateable<CustomersTables['customers']>) {
    await db.updateTable('customers').set(patch).where('id', '=', id).execute();
  },
  async delete(db: Db, ids: number[]) {
    if (!ids.length) return;
    // Orders keep their copy of the customer's name and email; the link is cleared.
    await db.updateTable('orders').set({ customer_id: null }).where('customer_id', 'in', ids).execute();
    await db.deleteFrom('customers').where('id', 'in', ids).execute();
  },

  async page(
    db: Db,
    f: CustomerFilters,
    o: { sort: 'id' | 'email' | 'lastname' | 'created_at'; dir: SortDir; limit: number; cursor: KeysetCursor; count?: false },
  ) {
    let q = db.selectFrom('customers as c');
    // Keyword: each word starts a first name, last name or email (served by the lower(...) indexes).
    if (f.keyword)
      for (const word of f.keyword.split(/\s+/).filter(Boolean).slice(0, 4))
        q = q.where((eb) => eb.or([startsWithText('c.firstname', word), startsWithText('c.lastname', word), startsWithText('c.email', word)]));
    if (f.id && /^\d{1,9}$/.test(f.id)) q = q.where('c.id', '=', Number(f.id));
    if (f.name) q = q.where((eb) => eb.or([containsText('c.firstname', f.name!), containsText('c.lastname', f.name!)]));
    if (f.email) q = q.where(containsText('c.email', f.email));
    if (f.groupId !== undefined) q = q.where('c.group_id', '=', f.groupId);
    if (f.websiteId !== undefined) q = q.where('c.website_id', '=', f.websiteId);
    if (f.assistance) q = q.where('c.assistance_allowed', '=', Number(f.assistance));
    if (f.createdFrom) q = q.where('c.created_at', '>=', f.createdFrom);
    if (f.createdTo) q = q.where('c.created_at', '<', f.createdTo);
    // An export reads many pages: it needs no count.
    const total = o.count === false ? 0 : Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const page = await keysetPage(o.dir, o.cursor, o.limit, (dir, past, limit, offset) =>
      (past ? q.where(pastRow('customers', 'c', o.sort, past)) : q)
        // Count on customers alone; names of group and website are joined only for the rows shown.
        .innerJoin('customer_groups as g', 'g.id', 'c.group_id')
        .innerJoin('websites as w', 'w.id', 'c.website_id')
        .selectAll('c')
        .select(['g.code as group_code', 'w.name as website_name'])
        // With a keyword only a few rows match: "id + 0" stops the planner walking the whole primary key in
        // order hoping to meet them early, and sorts the few index matches instead.
        .orderBy(f.keyword && o.sort === 'id' ? sql`${sql.ref('c.id')} + 0` : `c.${o.sort}`, dir)
        .orderBy('c.id', dir)
        .limit(limit)
        .offset(offset)
        .execute(),
    );
    return { ...page, total };
  },

  // ---- sign-in lockout ----
  /**
   * Counts one failed sign-in in a single conditional statement, so attempts racing each other are all counted
   * and exactly one of them sets the lock. A lock that has run out starts a new count; reaching `max` (0: never)
   * locks until `lockUntil`. While a lock holds nothing changes and no row comes back.
   */
  async recordSignInFailure(db: Db, id: number, o: { now: string; max: number; lockUntil: string }) {
    const next = sql<number>`case when lock_expires is not null and lock_expires <= ${o.now} then 1 else failures_num + 1 end`;
    return db
      .updateTable('customers')
      .set({ failures_num: next, lock_expires: o.max > 0 ? sql<string | null>`case when ${next} >= ${o.max} then ${o.lockUntil} else null end` : null })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('lock_expires', 'is', null), eb('lock_expires', '<=', o.now)]))
      .returning(['failures_num', 'lock_expires'])
      .executeTakeFirst();
  },
  /** Clears the count after a right password, unless a lock holds (then false: the sign-in is refused). */
  async clearSignInFailures(db: Db, id: number, now: string) {
    const res = await db
      .updateTable('customers')
      .set({ failures_num: 0, lock_expires: null })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('lock_expires', 'is', null), eb('lock_expires', '<=', now)]))
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },
  /** Lifts the lock of those of `ids` that are locked now (returned) and clears every count. */
  async unlock(db: Db, ids: number[], now: string) {
    if (!ids.length) return [];
    const lifted = await db
      .updateTable('customers')
      .set({ failures_num: 0, lock_expires: null })
      .where('id', 'in', ids)
      .where('lock_expires', '>', now)
      .returning(['id', 'email', 'website_id'])
      .execute();
    await db.updateTable('customers').set({ failures_num: 0, lock_expires: null }).where('id', 'in', ids).where('failures_num', '<>', 0).execute();
    return lifted;
  },
  /** Every account with this email (one per website when accounts are shared per website). */
  async allByEmail(db: Db, email: string) {
    return db.selectFrom('customers').selectAll().where('email', '=', email.trim().toLowerCase()).orderBy('id').execute();
  },

  // ---- groups ----
  async groups(db: Db) {
    return db.selectFrom('customer_groups').selectAll().orderBy('id').execute();
  },
  async group(db: Db, id: number) {
    return db.selectFrom('customer_groups').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async groupByCode(db: Db, code: string) {
    return db.selectFrom('customer_groups').selectAll().where(sql<boolean>`lower(code) = ${code.toLowerCase()}`).executeTakeFirst();
  },
  async insertGroup(db: Db, code: string, taxClassId: number) {
    return (await db.insertInto('customer_groups').values({ code, is_system: 0, tax_class_id: taxClassId }).returning('id').executeTakeFirstOrThrow()).id;
  },
  async updateGroup(db: Db, id: number, code: string, taxClassId: number) {
    await db.updateTable('customer_groups').set({ code, tax_class_id: taxClassId }).where('id', '=', id).execute();
  },
  async deleteGroup(db: Db, id: number) {
    // Customers of a deleted group fall back to General, as in Magento.
    await db.updateTable('customers').set({ group_id: 1 }).where('group_id', '=', id).execute();
    await db.deleteFrom('product_prices').where('customer_group_id', '=', id).execute();
    await db.deleteFrom('customer_groups').where('id', '=', id).execute();
  },
  async groupCounts(db: Db) {
    const rows = await db
      .selectFrom('customers')
      .select(['group_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('group_id')
      .execute();
    return new Map(rows.map((r) => [r.group_id, Number(r.n)]));
  },

  // ---- consent ----
  async insertConsent(db: Db, row: Insertable<CustomersTables['customer_consents']>) {
    await db.insertInto('customer_consents').values(row).execute();
  },
  async consentHistory(db: Db, customerId: number, limit = 50) {
    return db.selectFrom('customer_consents').selectAll().where('customer_id', '=', customerId).orderBy('id', 'desc').limit(limit).execute();
  },

  // ---- addresses ----
  async addresses(db: Db, customerId: number) {
    return db.selectFrom('customer_addresses').selectAll().where('customer_id', '=', customerId).orderBy('id').execute();
  },
  async address(db: Db, customerId: number, id: number) {
    return db.selectFrom('customer_addresses').selectAll().where('customer_id', '=', customerId).where('id', '=', id).executeTakeFirst();
  },
  async insertAddress(db: Db, row: Insertable<CustomersTables['customer_addresses']>) {
    return (await db.insertInto('customer_addresses').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  async updateAddress(db: Db, id: number, patch: Updateable<CustomersTables['customer_addresses']>) {
    await db.updateTable('customer_addresses').set(patch).where('id', '=', id).execute();
  },
  async deleteAddress(db: Db, id: number) {
    await db.deleteFrom('customer_addresses').where('id', '=', id).execute();
  },

  // ---- password reset ----
  async insertResetToken(db: Db, row: Insertable<CustomersTables['password_reset_tokens']>) {
    await db.deleteFrom('password_reset_tokens').where('customer_id', '=', row.customer_id).execute();
    await db.insertInto('password_reset_tokens').values(row).execute();
  },
  async resetToken(db: Db, tokenHash: string) {
    return db.selectFrom('password_reset_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  },
  /** Marks a token used; false if it was used (or removed) in the meantime. */
  async useResetToken(db: Db, tokenHash: string, now: string) {
    const res = await db
      .updateTable('password_reset_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },

  // ---- newsletter ----
  async subscription(db: Db, customerId: number) {
    return db.selectFrom('newsletter_subscribers').selectAll().where('customer_id', '=', customerId).executeTakeFirst();
  },
  async setSubscription(db: Db, customerId: number, storeViewId: number, status: 'subscribed' | 'unsubscribed', now: string) {
    const existing = await customersRepo.subscription(db, customerId);
    if (existing)
      await db.updateTable('newsletter_subscribers').set({ status, changed_at: now, store_view_id: storeViewId }).where('id', '=', existing.id).execute();
    else await db.insertInto('newsletter_subscribers').values({ customer_id: customerId, store_view_id: storeViewId, status, changed_at: now }).execute();
  },

  // ---- wishlist ----
  /** The wish list with the product names of a store view (its own text, else the product's; decision 019). */
  async wishlist(db: Db, customerId: number, storeViewId: number) {
    return db
      .selectFrom('wishlist_items as wi')
      .innerJoin('products as p', 'p.id', 'wi.product_id')
      .leftJoin('catalog_product_text as pt', (j) => j.onRef('pt.product_id', '=', 'p.id').on('pt.store_view_id', '=', storeViewId))
      .select(['wi.id', 'wi.product_id', 'wi.created_at', 'wi.added_by_admin_id', 'p.sku', 'p.url_key', 'p.price'])
      .select(sql<string>`coalesce(pt.name, p.name)`.as('name'))
      .where('wi.customer_id', '=', customerId)
      .orderBy('wi.id', 'desc')
      .execute();
  },
  async addWishlistItem(db: Db, row: Insertable<CustomersTables['wishlist_items']>) {
    const exists = await db
      .selectFrom('wishlist_items')
      .select('id')
      .where('customer_id', '=', row.customer_id)
      .where('product_id', '=', row.product_id)
      .executeTakeFirst();
    if (exists) return false;
    await db.insertInto('wishlist_items').values(row).execute();
    return true;
  },
  async removeWishlistItem(db: Db, customerId: number, itemId: number) {
    const res = await db.deleteFrom('wishlist_items').where('customer_id', '=', customerId).where('id', '=', itemId).executeTakeFirst();
    return Number(res.numDeletedRows) === 1;
  },
  async wishlistItem(db: Db, customerId: number, itemId: number) {
    return db.selectFrom('wishlist_items').selectAll().where('customer_id', '=', customerId).where('id', '=', itemId).executeTakeFirst();
  },
};

/** The Dashboard's reads of customers. */
export const customersReportsRepo = {
  /** The newest accounts (of one store view, or all), by (store_view_id, created_at, id) or (created_at, id). */
  async newest(db: Db, storeViewId: number | undefined, limit: number) {
    let q = db.selectFrom('customers as c');
    if (storeViewId !== undefined) q = q.where('c.store_view_id', '=', storeViewId);
    return q
      .select(['c.id', 'c.firstname', 'c.lastname', 'c.email', 'c.website_id', 'c.store_view_id', 'c.created_at'])
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(limit)
      .execute();
  },
};
