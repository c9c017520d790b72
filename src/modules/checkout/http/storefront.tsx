import { attempt, bodyOf, checked, idOf, redirectWith, str } from '../../../http/form.ts';
import { backToReferer } from '../../../http/redirect.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { CheckboxField, FormErrors, FormKey, TextField, rendered } from '../../../ui/components.tsx';
import { storefrontPage } from '../../../ui/storefront-layout.tsx';
import { money } from '../../catalog/service.ts';
import { customersRepo } from '../../customers/repo.ts';
import { AddressBlock, AddressFields, addressInputFrom } from '../../customers/http/storefront.tsx';
import { saveSessionData } from '../../customers/session.ts';
import type { AddressInput } from '../../customers/service.ts';
import { salesRepo } from '../../sales/repo.ts';
import type { RouteRegistrar } from '../../types.ts';

type Errors = { message?: string; fields?: Record<string, string> };

async function cartPage(rc: RequestContext) {
  const t = rc.t;
  rc.locals.uncacheable = true;
  const view = await rc.app.services.cart.view(rc);
  return storefrontPage(rc, {
    title: t('Shopping Cart'),
    bodyClass: 'checkout-cart-index',
    content: view.lines.length ? (
      <div class="cart-container">
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
                    {money(rc, l.price)}
                  </td>
                  <td>
                    <input type="number" min="0" max="10000" name={`cart[${l.itemId}][qty]`} value={String(l.qty)} aria-label={t('Qty for {name}', { name: l.name })} class="qty" />
                  </td>
                  <td class="subtotal" safe>
                    {money(rc, l.rowTotal)}
                  </td>
                  <td>
                    <button type="submit" form={`remove-${l.itemId}`} class="action action-delete" aria-label={t('Remove {name}', { name: l.name })} safe>
                      {t('Remove item')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="submit" class="action update" safe>
            {t('Update Shopping Cart')}
          </button>
        </form>
        {view.lines.map((l) => (
          <form method="post" action={rc.url('/checkout/cart/delete')} id={`remove-${l.itemId}`} class="hidden-form">
            <FormKey rc={rc} />
            <input type="hidden" name="id" value={String(l.itemId)} />
          </form>
        ))}
        <aside class="cart-summary">
          <h2 safe>{t('Summary')}</h2>
          <table class="totals">
            <tr>
              <th safe>{t('Subtotal')}</th>
              <td class="amount" data-th="Subtotal" safe>
                {money(rc, view.subtotal)}
              </td>
            </tr>
            <tr class="grand totals">
              <th safe>{t('Order Total')}</th>
              <td class="amount" safe>
                {money(rc, view.subtotal)}
              </td>
            </tr>
          </table>
          <p class="note" safe>
            {t('Shipping is calculated at checkout.')}
          </p>
          <a class="action primary checkout" href={rc.url('/checkout')} safe>
            {t('Proceed to Checkout')}
          </a>
        </aside>
      </div>
    ) : (
      <div class="cart-empty">
        <p safe>{t('You have no items in your shopping cart.')}</p>
        <p>
          <a href={rc.url('/')} safe>
            {t('Click here to continue shopping.')}
          </a>
        </p>
      </div>
    ),
  });
}

interface CheckoutValues {
  email?: string;
  address?: Partial<AddressInput>;
  addressId?: string;
  shipping?: string;
  payment?: string;
  save?: boolean;
}

async function checkoutPage(rc: RequestContext, v: CheckoutValues = {}, e: Errors = {}) {
  const t = rc.t;
  rc.locals.uncacheable = true;
  const view = await rc.app.services.cart.view(rc);
  const fe = e.fields ?? {};
  const rates = await rc.app.services.cart.shippingRates(rc, view.subtotal, view.count);
  const payments = await rc.app.services.cart.paymentMethods(rc);
  const customer = rc.locals.customer ? await customersRepo.byId(rc.db, rc.locals.customer.id) : undefined;
  const saved = customer ? await customersRepo.addresses(rc.db, customer.id) : [];
  const chosenAddress = v.addressId ?? (customer?.default_shipping_id ? String(customer.default_shipping_id) : saved.length ? String(saved[0]!.id) : 'new');
  const chosenRate = rates.find((r) => r.code === v.shipping) ?? rates[0];
  const shipping = chosenRate?.code ?? '';
  // The totals shown are those of the checked method; the form sends the grand total back, and the order is
  // placed only at it (a shopper who changed the method without JavaScript gets these totals shown again).
  const grandTotal = view.subtotal + (chosenRate?.amount ?? 0);
  return storefrontPage(rc, {
    title: t('Checkout'),
    bodyClass: 'checkout-index-index',
    content: (
      <form method="post" action={rc.url('/checkout/placeOrder')} class="checkout-form" novalidate>
        <FormKey rc={rc} />
        <FormErrors messages={e.message ? [t(e.message)] : []} />
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
                  <input type="radio" name="address_id" value={String(a.id)} checked={chosenAddress === String(a.id)} />
                  <AddressBlock a={a} />
                </label>
              ))}
              <label class="shipping-address-item">
                <input type="radio" name="address_id" value="new" checked={chosenAddress === 'new'} /> <span safe>{t('New Address')}</span>
              </label>
            </fieldset>
          ) : (
            <input type="hidden" name="address_id" value="new" />
          )}
          <fieldset class="new-address">
            {saved.length ? <legend safe>{t('New Address')}</legend> : ''}
            <AddressFields rc={rc} v={v.address ?? { firstname: customer?.firstname, lastname: customer?.lastname, countryId: 'US' }} fe={chosenAddress === 'new' ? fe : {}} />
            {customer ? <CheckboxField name="save_in_address_book" label={t('Save in address book')} checked={v.save ?? true} /> : ''}
          </fieldset>
        </section>
        <section class="checkout-shipping-method">
          <h2 safe>{t('Shipping Methods')}</h2>
          {rates.length ? (
            <table class="table-checkout-shipping-method">
              {rates.map((r) => (
                <tr>
                  <td>
                    <input
                      type="radio"
                      id={`s_method_${r.code}`}
                      name="shipping_method"
                      value={r.code}
                      checked={shipping === r.code}
                      data-shipping-text={money(rc, r.amount)}
                      data-total={String(view.subtotal + r.amount)}
                      data-total-text={money(rc, view.subtotal + r.amount)}
                    />
                  </td>
                  <td safe>{money(rc, r.amount)}</td>
                  <td>
                    <label for={`s_method_${r.code}`} safe>
                      {`${r.methodTitle} — ${r.carrierTitle}`}
                    </label>
                  </td>
                </tr>
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
          {rates.length > 1 ? (
            <button type="submit" formaction={rc.url('/checkout/updateTotals')} formnovalidate class="action update-totals" data-role="update-totals" safe>
              {t('Update totals')}
            </button>
          ) : (
            ''
          )}
        </section>
        <section class="checkout-payment-method">
          <h2 safe>{t('Payment Method')}</h2>
          {payments.map((p, i) => (
            <label class="payment-method">
              <input type="radio" name="payment_method" value={p.code} checked={v.payment && payments.some((x) => x.code === v.payment) ? p.code === v.payment : i === 0} /> <span safe>{p.title}</span>
            </label>
          ))}
        </section>
        <aside class="opc-block-summary">
          <h2 safe>{t('Order Summary')}</h2>
          <ul class="minicart-items">
            {view.lines.map((l) => (
              <li safe>{`${l.qty} × ${l.name} — ${money(rc, l.rowTotal)}`}</li>
            ))}
          </ul>
          <table class="totals">
            <tr>
              <th safe>{t('Cart Subtotal')}</th>
              <td safe>{money(rc, view.subtotal)}</td>
            </tr>
            <tr>
              <th safe>{t('Shipping')}</th>
              <td data-role="shipping-amount" safe>
                {money(rc, chosenRate?.amount ?? 0)}
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
        <button type="submit" class="action primary checkout" safe>
          {t('Place Order')}
        </button>
      </form>
    ),
  });
}

/** The checkout form as submitted: the order to place, and the values to show the form again with. */
async function submittedCheckout(rc: RequestContext, b: Record<string, unknown>) {
  const addressId = str(b.address_id) || 'new';
  const typed = addressInputFrom(b);
  let address = typed;
  if (addressId !== 'new' && rc.locals.customer) {
    const saved = idOf(addressId) ? await customersRepo.address(rc.db, rc.locals.customer.id, idOf(addressId)!) : undefined;
    if (saved)
      address = { firstname: saved.firstname, lastname: saved.lastname, company: saved.company, street: saved.street, city: saved.city, region: saved.region, postcode: saved.postcode, countryId: saved.country_id, telephone: saved.telephone, defaultBilling: false, defaultShipping: false };
  }
  const shown = str(b.shown_total);
  const input = {
    email: str(b.email),
    address,
    shippingMethod: str(b.shipping_method),
    paymentMethod: str(b.payment_method),
    saveInAddressBook: addressId === 'new' && checked(b.save_in_address_book),
    // A missing or malformed total matches no order total, so such a submit is refused like a changed one.
    shownGrandTotal: /^\d{1,12}$/.test(shown) ? Number(shown) : Number.NaN,
  };
  const values: CheckoutValues = { email: input.email, address: typed, addressId, shipping: input.shippingMethod, payment: input.paymentMethod, save: input.saveInAddressBook };
  return { input, values };
}

export function checkoutStorefrontRoutes(r: RouteRegistrar) {
  r.storefrontGet('/checkout/cart', (_req, _reply, rc) => cartPage(rc));

  r.storefrontPost('/checkout/cart/add', async (req, reply, rc) => {
    const b = bodyOf(req);
    const productId = idOf(b.product);
    const qty = Number(str(b.qty) || '1');
    if (!productId) return redirectWith(reply, rc, rc.url('/checkout/cart'), { type: 'error', text: rc.t('This product is no longer available.') });
    const result = await rc.app.services.cart.add(rc, productId, qty);
    if (!result.ok) return redirectWith(reply, rc, backToReferer(req, rc.url('/checkout/cart')), ...result.messages.map((m) => ({ type: 'error' as const, text: rc.t(m) })));
    return redirectWith(reply, rc, rc.url('/checkout/cart'), { type: 'success', text: rc.t('You added {name} to your shopping cart.', { name: result.value }) });
  });

  r.storefrontPost('/checkout/cart/updatePost', async (req, reply, rc) => {
    const b = bodyOf(req);
    const quantities = new Map<number, number>();
    for (const [k, v] of Object.entries(b)) {
      const m = /^cart\[(\d+)\]\[qty\]$/.exec(k);
      if (m) quantities.set(Number(m[1]), /^\d{1,6}$/.test(str(v).trim()) ? Number(str(v).trim()) : -1);
    }
    const result = await rc.app.services.cart.update(rc, quantities);
    if (!result.ok) return redirectWith(reply, rc, rc.url('/checkout/cart'), ...result.messages.map((m) => ({ type: 'error' as const, text: rc.t(m) })));
    return redirectWith(reply, rc, rc.url('/checkout/cart'), { type: 'success', text: rc.t('You updated your shopping cart.') });
  });

  r.storefrontPost('/checkout/cart/delete', async (req, reply, rc) => {
    const id = idOf(bodyOf(req).id);
    const removed = id ? await rc.app.services.cart.remove(rc, id) : false;
    return redirectWith(reply, rc, rc.url('/checkout/cart'), removed ? { type: 'success', text: rc.t('You removed the item.') } : { type: 'error', text: rc.t('This item is no longer in your cart.') });
  });

  r.storefrontGet('/checkout', async (_req, reply, rc) => {
    const view = await rc.app.services.cart.view(rc);
    if (!view.lines.length) return reply.redirect(rc.url('/checkout/cart'), 302);
    return checkoutPage(rc);
  });

  // Without JavaScript, "Update totals" shows the totals of the method now checked, keeping what was typed.
  r.storefrontPost('/checkout/updateTotals', async (req, reply, rc) => {
    const view = await rc.app.services.cart.view(rc);
    if (!view.lines.length) return reply.redirect(rc.url('/checkout/cart'), 303);
    const submitted = await submittedCheckout(rc, bodyOf(req));
    return checkoutPage(rc, submitted.values);
  });

  r.storefrontPost('/checkout/placeOrder', async (req, reply, rc) => {
    const { input, values } = await submittedCheckout(rc, bodyOf(req));
    const result = await attempt(() => rc.app.services.sales.placeOrder(rc, input));
    if (!result.ok) {
      if (result.message === 'Your shopping cart is empty.') return redirectWith(reply, rc, rc.url('/checkout/cart'), { type: 'error', text: rc.t(result.message) });
      reply.code(result.status);
      return checkoutPage(rc, values, result);
    }
    await saveSessionData(rc, { lastOrderId: result.value.order.id, lastCartId: result.value.order.cart_id ?? undefined, cartId: undefined });
    return reply.redirect(rc.url('/checkout/onepage/success'), 303);
  });

  r.storefrontGet('/checkout/onepage/success', async (_req, reply, rc) => {
    const t = rc.t;
    const orderId = rc.locals.sessionData?.lastOrderId;
    if (typeof orderId !== 'number') return reply.redirect(rc.url('/checkout/cart'), 302);
    const order = await salesRepo.order(rc.db, orderId);
    if (!order) return reply.redirect(rc.url('/checkout/cart'), 302);
    rc.locals.uncacheable = true;
    return storefrontPage(rc, {
      title: t('Thank you for your purchase!'),
      bodyClass: 'checkout-onepage-success',
      content: (
        <div class="checkout-success">
          {rc.locals.customer && order.customer_id === rc.locals.customer.id ? (
            <p>
              <span safe>{t('Your order number is:')}</span>{' '}
              <a class="order-number" href={rc.url(`/sales/order/view/${order.id}`)}>
                <strong safe>{order.increment_id}</strong>
              </a>
              .
            </p>
          ) : (
            <p>
              <span safe>{t('Your order # is:')}</span> <span class="order-number" safe>{order.increment_id}</span>.
            </p>
          )}
          <p class="order-total" safe>
            {t('Order Total: {total}', { total: money(rc, order.grand_total) })}
          </p>
          <p safe>{t("We'll email you an order confirmation with details and tracking info.")}</p>
          <a class="action primary continue" href={rc.url('/')} safe>
            {t('Continue Shopping')}
          </a>
        </div>
      ),
    });
  });
}
