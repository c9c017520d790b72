import { inTransaction, type RequestContext } from '../../../kernel/request-context.ts';
import { isoUtc } from '../../../kernel/clock.ts';
import { notFound } from '../../../kernel/errors.ts';
import { ok, refused, type Result } from '../../../kernel/result.ts';
import { customersRepo } from '../repo.ts';
import { actingAdmin, type CustomersCore } from './core.ts';

/** The wish list and the newsletter subscription. */
export function wishlistPart(core: CustomersCore) {
  return {
    async addToWishlist(rc: RequestContext, customerId: number, productId: number): Promise<boolean> {
      const product = await rc.app.services.catalog.productById(rc, productId);
      if (!product || product.status !== 1) throw notFound('This product is no longer available.');
      const added = await customersRepo.addWishlistItem(rc.db, {
        customer_id: customerId,
        product_id: productId,
        store_view_id: rc.store.view.id,
        added_by_admin_id: actingAdmin(rc).id,
        created_at: isoUtc(rc.app.clock.now()),
      });
      if (added) await core.activity(rc, customerId, { kind: 'wishlist.add', params: { product: product.name } });
      return added;
    },

    async removeFromWishlist(rc: RequestContext, customerId: number, itemId: number) {
      if (!(await customersRepo.removeWishlistItem(rc.db, customerId, itemId))) throw notFound('This item is no longer in your wish list.');
      await core.activity(rc, customerId, { kind: 'wishlist.remove', params: {} });
    },

    /** Moves a wish-list item into the cart (refused with the cart's messages when it cannot be added). */
    async moveWishlistItemToCart(rc: RequestContext, customerId: number, itemId: number | undefined): Promise<Result<void>> {
      const item = itemId ? await customersRepo.wishlistItem(rc.db, customerId, itemId) : undefined;
      if (!item) return refused('This item is no longer in your wish list.', 'not_found');
      const added = await rc.app.services.cart.add(rc, item.product_id, 1);
      if (!added.ok) return added;
      await customersRepo.removeWishlistItem(rc.db, customerId, item.id);
      return ok(undefined);
    },

    /** The wish list's items, newest first, with the products' default names (the admin's view). */
    wishlist: (rc: RequestContext, customerId: number) => customersRepo.wishlist(rc.db, customerId, 0),

    /** My Wish List: the items and each product's shown price. */
    async wishlistPage(rc: RequestContext, customerId: number) {
      const items = await customersRepo.wishlist(rc.db, customerId, rc.store.view.id);
      return {
        items,
        prices: await rc.app.services.cart.prices(
          rc,
          items.map((i) => i.product_id),
        ),
      };
    },

    /** The customer's newsletter subscription row, if any. */
    subscription: (rc: RequestContext, customerId: number) => customersRepo.subscription(rc.db, customerId),

    async setNewsletter(rc: RequestContext, customerIds: number[], subscribed: boolean) {
      await inTransaction(rc, async (trx) => {
        const now = isoUtc(rc.app.clock.now());
        for (const id of customerIds) {
          const c = await customersRepo.byId(trx.db, id);
          if (c) await customersRepo.setSubscription(trx.db, id, c.store_view_id, subscribed ? 'subscribed' : 'unsubscribed', now);
        }
        const kind = subscribed ? 'newsletter.subscribe' : 'newsletter.unsubscribe';
        for (const id of customerIds) await core.activity(trx, id, { kind, params: {} });
        if (rc.actor.type === 'admin')
          await rc.app.services.actionLog.record(trx, {
            group: 'customers',
            action: subscribed ? 'Subscribe' : 'Unsubscribe',
            details: `${subscribed ? 'Subscribed' : 'Unsubscribed'} ${customerIds.length} customer(s) to the newsletter`,
            fullDetails: { customer_ids: customerIds },
          });
      });
    },
  };
}
