import type { RequestContext } from '../../../kernel/request-context.ts';
import { AddressBlock, AddressFields, type AddressLines, type AddressValues, type Country } from '../../../ui/address.tsx';
import { CheckboxField, FormErrors, FormKey, TextField } from '../../../ui/components.tsx';
import type { CartTotals } from '../../tax/index.ts';
import type { CartView, PaymentMethod, ShippingRate } from '../index.ts';
import { money } from './format.ts';
import { linePrices, taxRowsData, TotalsRows } from './totals.tsx';

/** What the checkout page shows (from the cart service's checkoutPage). */
export interface CheckoutData {
  cart: CartView;
  rates: ShippingRate[];
  /** Taxed totals with each method (by code), and before one is chosen. */
  totals: Map<string, CartTotals>;
  noShipping: CartTotals;
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
}

export type CheckoutErrors = { messages?: string[]; fields?: Record<string, string> };

function AddressSection({ rc, d, v, fe }: { rc: RequestContext; d: CheckoutData; v: CheckoutValues; fe: Record<string, string> }) {
  const t = rc.t;
  const { customer, saved } = d;
  const chosen = v.addressId ?? (customer?.defaultShippingId ? String(customer.defaultShippingId) : saved.length ? String(saved[0]!.id) : 'new');
  return (
    <section class="checkout-shipping-address">
      <h2 safe>{t('Shipping Address')}</h2>
      {customer ? (
        ''
      ) : (
        <TextField name="email" type="email" label={t('Email Address')} value={v.email} required error={fe.email && t(fe.email)} autocomplete="email" />
      )}
      {saved.length ? (
        <fieldset class="saved-addresses">
          <legend safe>{t('Ship to')}</legend>
          {saved.map((a) => (
            <label class="shipping-address-item">
              <input type="radio" name="address_id" value={String(a.id)} checked={chosen === String(a.id)} />
              <AddressBlock a={a} countries={d.countries} />
            </label>
          ))}
          <label class="shipping-address-item">
            <input type="radio" name="address_id" value="new" checked={chosen === 'new'} /> <span safe>{t('New Address')}</span>
          </label>
        </fieldset>
      ) : (
        <input type="hidden" name="address_id" value="new" />
      )}
      <fieldset class="new-address">
        {saved.length ? <legend safe>{t('New Address')}</legend> : ''}
        <AddressFields
          rc={rc}
          v={v.address ?? { firstname: customer?.firstname, lastname: customer?.lastname, countryId: 'US' }}
          fe={chosen === 'new' ? fe : {}}
          countries={d.countries}
        />
        {customer ? <CheckboxField name="save_in_address_book" label={t('Save in address book')} checked={v.save ?? true} /> : ''}
      </fieldset>
    </section>
  );
}

function RateRow({ rc, r, totals, checked }: { rc: RequestContext; r: ShippingRate; totals: CartTotals; checked: boolean }) {
  const shown = totals.display.shipping === 'incl' ? totals.shippingIncl : totals.shippingExcl;
  return (
    <tr>
      <td>
        <input
          type="radio"
          id={`s_method_${r.code}`}
          name="shipping_method"
          value={r.code}
          checked={checked}
          data-shipping-text={money(rc, shown)}
          data-total={String(totals.grandTotal)}
          data-total-text={money(rc, totals.grandTotal)}
          data-shipping-incl-text={money(rc, totals.shippingIncl)}
          data-tax-text={money(rc, totals.tax)}
          data-total-excl-text={money(rc, totals.grandTotal - totals.tax)}
          data-tax-rows={taxRowsData(rc, totals)}
        />
      </td>
      <td safe>{linePrices(rc, totals.shipping, { price: r.amount, row: r.amount }, totals.display.shippingPrice).price}</td>
      <td>
        <label for={`s_method_${r.code}`} safe>
          {`${r.methodTitle} — ${r.carrierTitle}`}
        </label>
      </td>
    </tr>
  );
}

function ShippingSection({ rc, d, shipping, fe }: { rc: RequestContext; d: CheckoutData; shipping: string; fe: Record<string, string> }) {
  const t = rc.t;
  return (
    <section class="checkout-shipping-method">
      <h2 safe>{t('Shipping Methods')}</h2>
      {d.rates.length ? (
        <table class="table-checkout-shipping-method">
          {d.rates.map((r) => (
            <RateRow rc={rc} r={r} totals={d.totals.get(r.code) ?? d.noShipping} checked={shipping === r.code} />
          ))}
        </table>
      ) : (
        <p class="message error" safe>
          {t('Sorry, no quotes are available for this order at this time')}
        </p>
      )}
      {fe.shipping_method ? (
        <div class="field-error-message" safe>
          {t(fe.shipping_method)}
        </div>
      ) : (
        ''
      )}
      {d.rates.length > 1 ? (
        <button type="submit" formaction={rc.url('/checkout/updateTotals')} formnovalidate class="action update-totals" data-role="update-totals" safe>
          {t('Update totals')}
        </button>
      ) : (
        ''
      )}
    </section>
  );
}

function PaymentSection({ rc, payments, chosen }: { rc: RequestContext; payments: PaymentMethod[]; chosen?: string }) {
  const known = chosen !== undefined && payments.some((x) => x.code === chosen);
  return (
    <section class="checkout-payment-method">
      <h2 safe>{rc.t('Payment Method')}</h2>
      {payments.map((p, i) => (
        <label class="payment-method">
          <input type="radio" name="payment_method" value={p.code} checked={known ? p.code === chosen : i === 0} /> <span safe>{p.title}</span>
        </label>
      ))}
    </section>
  );
}

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
      <input type="hidden" name="shown_total" value={String(totals.grandTotal)} />
      <p class="note" safe>
        {t('The shipping cost follows the method you choose.')}
      </p>
    </aside>
  );
}

/** The one-page checkout form: address, shipping and payment methods, and the totals of the checked method. */
export function CheckoutForm({ rc, d, v = {}, e = {} }: { rc: RequestContext; d: CheckoutData; v?: CheckoutValues; e?: CheckoutErrors }) {
  const t = rc.t;
  const fe = e.fields ?? {};
  const chosenRate = d.rates.find((r) => r.code === v.shipping) ?? d.rates[0];
  // The totals shown are those of the checked method; the form sends the grand total back, and the order is
  // placed only at it (a shopper who changed the method without JavaScript gets these totals shown again).
  return (
    <form method="post" action={rc.url('/checkout/placeOrder')} class="checkout-form" novalidate>
      <FormKey rc={rc} />
      <FormErrors messages={(e.messages ?? []).map((m) => t(m))} />
      <AddressSection rc={rc} d={d} v={v} fe={fe} />
      <ShippingSection rc={rc} d={d} shipping={chosenRate?.code ?? ''} fe={fe} />
      <PaymentSection rc={rc} payments={d.payments} chosen={v.payment} />
      <SummarySection rc={rc} cart={d.cart} totals={(chosenRate && d.totals.get(chosenRate.code)) || d.noShipping} shipping />
      <button type="submit" class="action primary checkout" safe>
        {t('Place Order')}
      </button>
    </form>
  );
}
