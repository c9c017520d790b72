import type { RequestContext } from '../../../kernel/request-context.ts';
import type { AddressLines, AddressValues, Country } from '../../../ui/address.tsx';
import type { CheckoutState, CartView, PaymentMethod, ShippingRate } from '../index.ts';
import { money } from './format.ts';

/** What the checkout steps show (from the cart service's checkoutPage). */
export interface CheckoutData {
  cart: CartView;
  rates: ShippingRate[];
  /** The method the totals are for. */
  rate: ShippingRate | undefined;
  /** The Shipping step's saved choices, if any. */
  state: CheckoutState | undefined;
  payments: PaymentMethod[];
  customer?: { firstname: string; lastname: string; defaultShippingId: number | null };
  saved: (AddressLines & { id: number })[];
  countries: Country[];
}

/** The values typed so far (shown again after a refusal or "Update totals"). */
export interface CheckoutValues {
  email?: string;
  address?: AddressValues;
  addressId?: string;
  shipping?: string;
  payment?: string;
  save?: boolean;
  billingSame?: boolean;
  billing?: AddressValues;
}

export type CheckoutErrors = { messages?: string[]; fields?: Record<string, string> };

function SummarySection({ rc, cart, shippingAmount }: { rc: RequestContext; cart: CartView; shippingAmount: number }) {
  const t = rc.t;
  const grandTotal = cart.subtotal + shippingAmount;
  return (
    <aside class="opc-block-summary">
      <h2 safe>{t('Order Summary')}</h2>
      <ul class="minicart-items">
        {cart.lines.map((l) => (
          <li safe>{`${l.qty} × ${l.name} — ${money(rc, l.rowTotal)}`}</li>
        ))}
      </ul>
      <table class="totals">
        <tr>
          <th safe>{t('Cart Subtotal')}</th>
          <td safe>{money(rc, cart.subtotal)}</td>
        </tr>
        <tr>
          <th safe>{t('Shipping')}</th>
          <td data-role="shipping-amount" safe>
            {money(rc, shippingAmount)}
          </td>
        </tr>
        <tr class="grand totals">
          <th safe>{t('Order Total')}</th>
          <td data-role="grand-total" safe>
            {money(rc, grandTotal)}
          </td>
        </tr>
      </table>
      <input type="hidden" name="shown_total" value={String(grandTotal)} />
      <p class="note" safe>
        {t('The shipping cost follows the method you choose.')}
      </p>
    </aside>
  );
}

/** The totals block (items, subtotal, shipping, order total) of both steps and of the live totals. */
export function Totals({ rc, d }: { rc: RequestContext; d: Pick<CheckoutData, 'cart' | 'rate'> }) {
  return <SummarySection rc={rc} cart={d.cart} shippingAmount={d.rate?.amount ?? 0} />;
}
