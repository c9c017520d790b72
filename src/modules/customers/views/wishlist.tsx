import type { RequestContext } from '../../../kernel/request-context.ts';
import { CheckboxField, FormKey } from '../../../ui/components.tsx';
import type { WishlistItem } from '../public.ts';
import { accountPage } from '../../../ui/account-layout.tsx';

/** My Wish List: each item with its price, Add to Cart and Remove. */
export function wishlistPage(rc: RequestContext, items: WishlistItem[], prices: Map<number, string>) {
  const t = rc.t;
  return accountPage(
    rc,
    t('My Wish List'),
    '/wishlist',
    items.length ? (
      <ol class="products-grid wishlist">
        {items.map((i) => (
          <li class="product-item" data-sku={i.sku}>
            <a href={rc.url(`/product/${encodeURIComponent(i.url_key)}`)} safe>
              {i.name}
            </a>
            <span class="price" safe>
              {prices.get(i.product_id) ?? ''}
            </span>
            <form method="post" action={rc.url('/wishlist/index/cart')} class="inline-form">
              <FormKey rc={rc} />
              <input type="hidden" name="item" value={String(i.id)} />
              <button type="submit" class="action tocart" safe>
                {t('Add to Cart')}
              </button>
            </form>
            <form method="post" action={rc.url('/wishlist/index/remove')} class="inline-form">
              <FormKey rc={rc} />
              <input type="hidden" name="item" value={String(i.id)} />
              <button type="submit" class="action delete" safe>
                {t('Remove item')}
              </button>
            </form>
          </li>
        ))}
      </ol>
    ) : (
      <div class="message info empty" safe>
        {t('You have no items in your wish list.')}
      </div>
    ),
  );
}

/** Newsletter Subscription: the one General Subscription box. */
export function newsletterPage(rc: RequestContext, subscribed: boolean) {
  const t = rc.t;
  return accountPage(
    rc,
    t('Newsletter Subscription'),
    '/newsletter/manage',
    <form method="post" action={rc.url('/newsletter/manage/save')} class="form-newsletter-manage">
      <FormKey rc={rc} />
      <input type="hidden" name="is_subscribed" value="0" />
      <CheckboxField name="is_subscribed" id="subscription" label={t('General Subscription')} checked={subscribed} />
      <button type="submit" class="action save primary" safe>
        {t('Save')}
      </button>
    </form>,
  );
}
