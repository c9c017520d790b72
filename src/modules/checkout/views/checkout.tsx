import type { RequestContext } from '../../../kernel/request-context.ts';
import { AddressBlock, AddressFields, type AddressLines, type AddressValues, type Country } from '../../../ui/address.tsx';
import { CheckboxField, FormErrors, FormKey, TextField } from '../../../ui/components.tsx';
import type { CartView, PaymentMethod, ShippingRate } from '../index.ts';
import { money } from './format.ts';

/** What the checkout page shows (from the cart service's checkoutPage). */
export interface CheckoutData {
  cart: CartView;
  rates: ShippingRate[];
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

function RateRow({ rc, r, subtotal, checked }: { rc: RequestContext; r: ShippingRate; subtotal: number; checked: boolean }) {
  return (
    <tr>
      <td>
        <input
          type="radio"
          id={`s_method_${r.code}`}
          name="shipping_method"
          value={r.code}
          checked={checked}
          data-shipping-text={money(rc, r.amount)}
          data-total={String(subtotal + r.amount)}
          data-total-text={money(rc, subtotal + r.amount)}
        />
      </td>
      <td safe>{money(rc, r.amount)}</td>
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
            <RateRow rc={rc} r={r} subtotal={d.cart.subtotal} checked={shipping === r.code} />
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
      <SummarySection rc={rc} cart={d.cart} shippingAmount={chosenRate?.amount ?? 0} />
      <button type="submit" class="action primary checkout" safe>
        {t('Place Order')}
      </button>
    </form>
  );
}
