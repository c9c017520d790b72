import type { MigrationDef } from '../helpers.ts';

/**
 * Two-step checkout: the Shipping step's choices (email, saved address or the typed one, whether to keep it in the
 * address book, shipping method) are kept on the cart as JSON (`carts.checkout_json`), so the Review & Payments
 * step and placing the order read them from the server, with or without JavaScript. Frozen.
 */
export const migration: MigrationDef = {
  name: '0023-checkout-steps',
  async up(db) {
    await db.schema.alterTable('carts').addColumn('checkout_json', 'text').execute();
  },
};
