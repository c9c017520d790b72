import type { RequestContext } from '../../../kernel/request-context.ts';
import { AddressBlock, AddressFields, type AddressLines } from '../../../ui/address.tsx';
import { CheckboxField, FormErrors, FormKey, TextField } from '../../../ui/components.tsx';
import type { CheckoutAddress, PaymentMethod, ShippingRate } from '../index.ts';
import { type CheckoutData, type CheckoutErrors, type CheckoutValues, Totals } from './checkout.tsx';
import { money } from './format.ts';

/** The two steps, the current one marked; a done step links back. */
function ProgressBar({ rc, step }: { rc: RequestContext; step: 'shipping' | 'payment' }) {
  const t = rc.t;
  return (
    <ol class="opc-progress-bar" aria-label={t('Checkout steps')}>
      <li class={`opc-progress-bar-item ${step === 'shipping' ? '_active' : '_complete'}`} aria-current={step === 'shipping' ? 'step' : undefined}>
        {step === 'shipping' ? (
          <span safe>{t('Shipping')}</span>
        ) : (
          <a href={rc.url('/checkout')} safe>
            {t('Shipping')}
          </a>
        )}
      </li>
      <li class={`opc-progress-bar-item${step === 'payment' ? ' _active' : ''}`} aria-current={step === 'payment' ? 'step' : undefined}>
        <span safe>{t('Review & Payments')}</span>
      </li>
    </ol>
  );
}

const asLines = (a: CheckoutAddress): AddressLines => ({ ...a, country_id: a.countryId });

/** Saved addresses as cards ("Ship Here"), and "New Address", which opens the address form (CSS only). */
function SavedAddressCards({ rc, d, chosen }: { rc: RequestContext; d: CheckoutData; chosen: string }) {
  const t = rc.t;
  return (
    <fieldset class="shipping-address-items">
      <legend class="visually-hidden" safe>
        {t('Ship to')}
      </legend>
      {d.saved.map((a) => (
        <label class={`shipping-address-item${chosen === String(a.id) ? ' selected-item' : ''}`}>
          <input type="radio" name="address_id" value={String(a.id)} checked={chosen === String(a.id)} />
          <AddressBlock a={a} countries={d.countries} />
          <span class="action ship-here" safe>
            {t('Ship Here')}
          </span>
        </label>
      ))}
      <label class="action new-address-toggle">
        <input type="radio" name="address_id" value="new" id="address_id_new" checked={chosen === 'new'} /> <span safe>{`+ ${t('New Address')}`}</span>
      </label>
    </fieldset>
  );
}

function AddressSection({ rc, d, v, fe }: { rc: RequestContext; d: CheckoutData; v: CheckoutValues; fe: Record<string, string> }) {
  const t = rc.t;
  const { customer, saved, state } = d;
  const fromState = state ? (state.addressId !== undefined ? String(state.addressId) : 'new') : undefined;
  const fallback =
    customer?.defaultShippingId && saved.some((a) => a.id === customer.defaultShippingId)
      ? String(customer.defaultShippingId)
      : saved[0]
        ? String(saved[0].id)
        : 'new';
  const chosen = v.addressId ?? fromState ?? fallback;
  const typed = v.address ?? state?.address ?? { firstname: customer?.firstname, lastname: customer?.lastname, countryId: 'US' };
  return (
    <section class={`checkout-shipping-address${saved.length ? ' has-saved' : ''}`}>
      <h2 class="step-title" safe>
        {t('Shipping Address')}
      </h2>
      {customer ? (
        ''
      ) : (
        <TextField
          name="email"
          type="email"
          label={t('Email Address')}
          value={v.email ?? state?.email}
          required
          error={fe.email && t(fe.email)}
          autocomplete="email"
        />
      )}
      {saved.length ? <SavedAddressCards rc={rc} d={d} chosen={chosen} /> : <input type="hidden" name="address_id" value="new" />}
      {fe.address_id ? (
        <div class="field-error-message" safe>
          {t(fe.address_id)}
        </div>
      ) : (
        ''
      )}
      <fieldset class="new-address">
        {saved.length ? <legend safe>{t('New Address')}</legend> : ''}
        <AddressFields rc={rc} v={typed} fe={chosen === 'new' ? fe : {}} countries={d.countries} />
        {customer ? <CheckboxField name="save_in_address_book" label={t('Save in address book')} checked={v.save ?? state?.saveInAddressBook ?? true} /> : ''}
      </fieldset>
    </section>
  );
}

function RateRow({ rc, r, checked }: { rc: RequestContext; r: ShippingRate; checked: boolean }) {
  return (
    <tr>
      <td class="col-method">
        <input type="radio" id={`s_method_${r.code}`} name="shipping_method" value={r.code} checked={checked} />
      </td>
      <td class="col-price" safe>
        {money(rc, r.amount)}
      </td>
      <td>
        <label for={`s_method_${r.code}`} safe>
          {`${r.methodTitle} — ${r.carrierTitle}`}
        </label>
      </td>
    </tr>
  );
}

function ShippingMethods({ rc, d, fe }: { rc: RequestContext; d: CheckoutData; fe: Record<string, string> }) {
  const t = rc.t;
  return (
    <section class="checkout-shipping-method">
      <h2 class="step-title" safe>
        {t('Shipping Methods')}
      </h2>
      {d.rates.length ? (
        <table class="table-checkout-shipping-method">
          <caption class="visually-hidden" safe>
            {t('Shipping Methods')}
          </caption>
          {d.rates.map((r) => (
            <RateRow rc={rc} r={r} checked={d.rate?.code === r.code} />
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

/** Step 1: the shipping address (saved cards or the form) and the shipping method; "Next" saves them on the cart. */
export function ShippingStep({ rc, d, v = {}, e = {} }: { rc: RequestContext; d: CheckoutData; v?: CheckoutValues; e?: CheckoutErrors }) {
  const t = rc.t;
  const fe = e.fields ?? {};
  return (
    <div class="checkout-container">
      <ProgressBar rc={rc} step="shipping" />
      <form
        method="post"
        action={rc.url('/checkout/shipping')}
        class="checkout-form checkout-step-shipping"
        novalidate
        data-live-totals={rc.url('/checkout/totals')}
      >
        <FormKey rc={rc} />
        <div class="checkout-step">
          <FormErrors messages={(e.messages ?? []).map((m) => t(m))} />
          <AddressSection rc={rc} d={d} v={v} fe={fe} />
          <ShippingMethods rc={rc} d={d} fe={fe} />
          <div class="actions-toolbar">
            <button type="submit" class="action primary continue" safe>
              {t('Next')}
            </button>
          </div>
        </div>
        <Totals rc={rc} d={d} />
      </form>
    </div>
  );
}

function PaymentMethods({ rc, payments, chosen, error }: { rc: RequestContext; payments: PaymentMethod[]; chosen?: string; error?: string }) {
  const known = chosen !== undefined && payments.some((x) => x.code === chosen);
  return (
    <fieldset class="checkout-payment-method">
      <legend class="step-title" safe>
        {rc.t('Payment Method')}
      </legend>
      {payments.map((p, i) => (
        <label class="payment-method">
          <input type="radio" name="payment_method" value={p.code} checked={known ? p.code === chosen : i === 0} /> <span safe>{p.title}</span>
        </label>
      ))}
      {error ? (
        <div class="field-error-message" safe>
          {rc.t(error)}
        </div>
      ) : (
        ''
      )}
    </fieldset>
  );
}

/** Billing: the same as shipping (ticked), or a form of its own shown when the box is cleared (CSS only). */
function BillingSection({ rc, d, v, fe }: { rc: RequestContext; d: CheckoutData; v: CheckoutValues; fe: Record<string, string> }) {
  const t = rc.t;
  const billingErrors = Object.fromEntries(
    Object.entries(fe)
      .filter(([k]) => k.startsWith('billing_'))
      .map(([k, m]) => [k.slice('billing_'.length), m]),
  );
  return (
    <section class="checkout-billing-address">
      <CheckboxField
        name="billing_same_as_shipping"
        id="billing-same"
        label={t('My billing and shipping address are the same')}
        checked={v.billingSame ?? true}
      />
      <fieldset class="billing-address-form">
        <legend safe>{t('Billing Address')}</legend>
        <AddressFields rc={rc} v={v.billing ?? { countryId: 'US' }} fe={billingErrors} countries={d.countries} prefix="billing_" />
      </fieldset>
    </section>
  );
}

function ShipTo({ rc, d, address }: { rc: RequestContext; d: CheckoutData; address: CheckoutAddress }) {
  const t = rc.t;
  return (
    <section class="opc-block-shipping-information">
      <div class="ship-to">
        <h2 class="box-title" safe>
          {t('Ship To:')}
        </h2>
        <AddressBlock a={asLines(address)} countries={d.countries} />
      </div>
      <div class="ship-via">
        <h2 class="box-title" safe>
          {t('Shipping Method:')}
        </h2>
        <p safe>{`${d.rate?.methodTitle ?? ''} — ${d.rate?.carrierTitle ?? ''}`}</p>
      </div>
      <a class="action edit-shipping" href={rc.url('/checkout')} safe>
        {t('Change shipping address or method')}
      </a>
    </section>
  );
}

/** Step 2: payment method, billing address, what ships where, the order summary, and "Place Order". */
export function ReviewStep(p: { rc: RequestContext; d: CheckoutData; address: CheckoutAddress; v?: CheckoutValues; e?: CheckoutErrors }) {
  const { rc, d, address, v = {}, e = {} } = p;
  const t = rc.t;
  const fe = e.fields ?? {};
  return (
    <div class="checkout-container">
      <ProgressBar rc={rc} step="payment" />
      <form method="post" action={rc.url('/checkout/placeOrder')} class="checkout-form checkout-step-payment" novalidate>
        <FormKey rc={rc} />
        <div class="checkout-step">
          <FormErrors messages={(e.messages ?? []).map((m) => t(m))} />
          <PaymentMethods rc={rc} payments={d.payments} chosen={v.payment} error={fe.payment_method} />
          <BillingSection rc={rc} d={d} v={v} fe={fe} />
          <ShipTo rc={rc} d={d} address={address} />
          <div class="actions-toolbar">
            <button type="submit" class="action primary checkout" safe>
              {t('Place Order')}
            </button>
          </div>
        </div>
        <Totals rc={rc} d={d} />
      </form>
    </div>
  );
}
