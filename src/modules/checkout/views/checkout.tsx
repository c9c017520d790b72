import type { RequestContext } from '../../../kernel/request-context.ts';
import type { AddressLines, AddressValues, Country } from '../../../ui/address.tsx';
import type { CheckoutState, CartView, PaymentMethod, ShippingRate } from '../index.ts';
import type { CartTotals } from '../../tax/index.ts';
import { linePrices, TotalsRows } from './totals.tsx';

/** What the checkout steps show (from the cart service's checkoutPage). */
export interface CheckoutData {
  cart: CartView;
  rates: ShippingRate[];
  /** The method the totals are for. */
  rate: ShippingRate | undefined;
  /** The Shipping step's saved choices, if any. */
  state: CheckoutState | undefined;
  /** Taxed totals for that method (what placement charges). */
  taxed: CartTotals;
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

function SummarySection({ rc, cart, totals, shipping }: { rc: RequestContext; cart: CartView; totals: CartTotals; shipping: boolean }) {
  const t = rc.t;
  return (
    <aside class="opc-block-summary">
      <h2 safe>{t('Order Summary')}</h2>
      <ul class="minicart-items">
        {cart.lines.map((l) => {
          const shown = linePrices(
            rc,
            totals.lines.find((x) => x.key === String(l.itemId)),
            { price: l.price, row: l.rowTotal },
            totals.display.price,
          );
          return <li safe>{`${l.qty} × ${l.name} — ${shown.row}`}</li>;
        })}
      </ul>
      <table class="totals">
        <TotalsRows rc={rc} t={totals} subtotalLabel={t('Cart Subtotal')} shipping={shipping} />
      </table>
      {/* What the shopper saw: placement refuses an order whose charged total differs (taxed the same way). */}
      <input type="hidden" name="shown_total" value={String(totals.grandTotal)} />
      <p class="note" safe>
        {t('The shipping cost follows the method you choose.')}
      </p>
    </aside>
  );
}

/** The totals block (items, subtotal, shipping, order total) of both steps and of the live totals. */
export function Totals({ rc, d }: { rc: RequestContext; d: Pick<CheckoutData, 'cart' | 'rate' | 'taxed'> }) {
  return <SummarySection rc={rc} cart={d.cart} totals={d.taxed} shipping={d.rate !== undefined} />;
}
