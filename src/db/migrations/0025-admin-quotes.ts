import type { MigrationDef } from '../helpers.ts';

/**
 * Admin order creation (Sales > Orders > Create New Order) keeps its quote as a cart of the customer that the
 * storefront never sees: `carts.quote_admin_id` is the admin user who opened it (null for every storefront cart),
 * and `carts.quote_state` the page's choices so far (address, shipping and payment method, comment) as JSON text.
 * Frozen.
 */
export const migration: MigrationDef = {
  name: '0025-admin-quotes',
  async up(db) {
    await db.schema.alterTable('carts').addColumn('quote_admin_id', 'integer').execute();
    await db.schema.alterTable('carts').addColumn('quote_state', 'text').execute();
  },
};
