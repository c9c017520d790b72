import type { RequestContext } from '../../../kernel/request-context.ts';
import { FormKey } from '../../../ui/components.tsx';
import type { CartTotals } from '../../tax/index.ts';
import type { CartLine, CartView } from '../index.ts';
import { linePrices, TotalsRows } from './totals.tsx';

function LineRow({ rc, l, totals }: { rc: RequestContext; l: CartLine; totals: CartTotals }) {
  const t = rc.t;
  const shown = linePrices(
    rc,
    totals.lines.find((x) => x.key === String(l.itemId)),
    { price: l.price, row: l.rowTotal },
    totals.display.price,
  );
  return (
    <tr class="item-info" data-sku={l.sku}>
      <td>
        <a href={rc.url(`/product/${encodeURIComponent(l.urlKey)}`)} class="product-item-name" safe>
          {l.name}
        </a>
        {l.available ? (
          ''
        ) : (
          <div class="message error" safe>
            {t('The requested qty is not available')}
          </div>
        )}
      </td>
      <td class="price" safe>
        {shown.price}
      </td>
      <td>
        <input
          type="number"
          min="0"
          max="10000"
          name={`cart[${l.itemId}][qty]`}
          value={String(l.qty)}
          aria-label={t('Qty for {name}', { name: l.name })}
          class="qty"
        />
      </td>
      <td class="subtotal" safe>
        {shown.row}
      </td>
      <td>
        <button type="submit" form={`remove-${l.itemId}`} class="action action-delete" aria-label={t('Remove item {name}', { name: l.name })} safe>
          {t('Remove item')}
        </button>
      </td>
    </tr>
  );
}

function CartForm({ rc, view, totals }: { rc: RequestContext; view: CartView; totals: CartTotals }) {
  const t = rc.t;
  return (
    <form method="post" action={rc.url('/checkout/cart/updatePost')} id="form-validate" class="form-cart">
      <FormKey rc={rc} />
      <table class="cart items data table" id="shopping-cart-table">
        <thead>
          <tr>
            <th safe>{t('Item')}</th>
            <th safe>{t('Price')}</th>
            <th safe>{t('Qty')}</th>
            <th safe>{t('Subtotal')}</th>
            <th>
              <span class="visually-hidden" safe>
                {t('Action')}
              </span>
            </th>
          </tr>
        </thead>
        <tbody>
          {view.lines.map((l) => (
            <LineRow rc={rc} l={l} totals={totals} />
          ))}
        </tbody>
      </table>
      <button type="submit" class="action update" safe>
        {t('Update Shopping Cart')}
      </button>
    </form>
  );
}

function Summary({ rc, totals }: { rc: RequestContext; totals: CartTotals }) {
  const t = rc.t;
  return (
    <aside class="cart-summary">
      <h2 safe>{t('Summary')}</h2>
      <table class="totals">
        <TotalsRows rc={rc} t={totals} subtotalLabel={t('Subtotal')} shipping={false} />
      </table>
      <p class="note" safe>
        {t('Shipping is calculated at checkout.')}
      </p>
      <a class="action primary checkout" href={rc.url('/checkout')} safe>
        {t('Proceed to Checkout')}
      </a>
    </aside>
  );
}

/** The shopping cart page's content: lines with quantities, remove buttons and the summary; or the empty cart. */
export function CartContent({ rc, view, totals }: { rc: RequestContext; view: CartView; totals: CartTotals }) {
  const t = rc.t;
  if (!view.lines.length)
    return (
      <div class="cart-empty">
        <p safe>{t('You have no items in your shopping cart.')}</p>
        <p>
          <a href={rc.url('/')} safe>
            {t('Click here to continue shopping.')}
          </a>
        </p>
      </div>
    );
  return (
    <div class="cart-container">
      <CartForm rc={rc} view={view} totals={totals} />
      {view.lines.map((l) => (
        <form method="post" action={rc.url('/checkout/cart/delete')} id={`remove-${l.itemId}`} class="hidden-form">
          <FormKey rc={rc} />
          <input type="hidden" name="id" value={String(l.itemId)} />
        </form>
      ))}
      <Summary rc={rc} totals={totals} />
    </div>
  );
}
