import { formatDate } from '../../../kernel/dates.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { FormKey } from '../../../ui/components.tsx';
import type { WishlistItem } from '../public.ts';
import { CUSTOMERS } from './admin-grid.tsx';

/** The customer edit page's Wishlist tab. */
export function wishlistTab(rc: RequestContext, items: WishlistItem[]) {
  const t = rc.t;
  return items.length ? (
    <table class="data-grid">
      <thead>
        <tr>
          <th safe>{t('Product')}</th>
          <th safe>{t('SKU')}</th>
          <th safe>{t('Added')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr>
            <td safe>{i.name}</td>
            <td safe>{i.sku}</td>
            <td safe>{formatDate(i.created_at, rc, 'date')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  ) : (
    <p safe>{t('The wish list is empty.')}</p>
  );
}

/** The customer edit page's Newsletter tab: the state, and a button to change it. */
export function newsletterTab(rc: RequestContext, customerId: number, sub: { status: string; changed_at: string } | undefined) {
  const t = rc.t;
  return (
    <section>
      <p safe>
        {sub?.status === 'subscribed'
          ? t('Subscribed to the newsletter since {date}.', { date: formatDate(sub.changed_at, rc, 'date') })
          : t('Not subscribed to the newsletter.')}
      </p>
      <form method="post" action={`${CUSTOMERS}/massAction`}>
        <FormKey rc={rc} />
        <input type="hidden" name="selected" value={String(customerId)} />
        <input type="hidden" name="mass_action" value={sub?.status === 'subscribed' ? 'unsubscribe' : 'subscribe'} />
        <button type="submit" class="action-secondary" safe>
          {sub?.status === 'subscribed' ? t('Unsubscribe from Newsletter') : t('Subscribe to Newsletter')}
        </button>
      </form>
    </section>
  );
}
