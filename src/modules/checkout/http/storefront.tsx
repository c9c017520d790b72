import { bodyOf, idOf, redirectWith } from '../../../http/form.ts';
import { statusOf } from '../../../http/failures.ts';
import { backToReferer } from '../../../http/redirect.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { storefrontPage } from '../../../ui/storefront-layout.tsx';
import { CART_EMPTY } from '../../sales/index.ts';
import type { RouteRegistrar } from '../../types.ts';
import { CartContent } from '../views/cart.tsx';
import { CheckoutForm, type CheckoutErrors, type CheckoutValues } from '../views/checkout.tsx';
import { SuccessContent } from '../views/success.tsx';
import { cartAddForm, cartDeleteForm, cartUpdateForm, checkoutForm } from './forms.ts';

async function checkoutPage(rc: RequestContext, v: CheckoutValues = {}, e: CheckoutErrors = {}) {
  rc.locals.uncacheable = true;
  const data = await rc.app.services.cart.checkoutPage(rc, {
    address: v.addressId && v.addressId !== 'new' ? undefined : v.address,
    addressId: idOf(v.addressId),
  });
  return storefrontPage(rc, { title: rc.t('Checkout'), bodyClass: 'checkout-index-index', content: <CheckoutForm rc={rc} d={data} v={v} e={e} /> });
}

function cartRoutes(r: RouteRegistrar) {
  r.storefrontGet('/checkout/cart', async (_req, _reply, rc) => {
    rc.locals.uncacheable = true;
    const { view, totals } = await rc.app.services.cart.cartPage(rc);
    return storefrontPage(rc, { title: rc.t('Shopping Cart'), bodyClass: 'checkout-cart-index', content: <CartContent rc={rc} view={view} totals={totals} /> });
  });

  r.storefrontPost('/checkout/cart/add', async (req, reply, rc) => {
    const { product, qty } = cartAddForm.parse(bodyOf(req));
    if (!product) return redirectWith(reply, rc, rc.url('/checkout/cart'), { type: 'error', text: rc.t('This product is no longer available.') });
    const result = await rc.app.services.cart.add(rc, product, qty);
    if (!result.ok)
      return redirectWith(reply, rc, backToReferer(req, rc.url('/checkout/cart')), ...result.messages.map((m) => ({ type: 'error' as const, text: rc.t(m) })));
    return redirectWith(reply, rc, rc.url('/checkout/cart'), {
      type: 'success',
      text: rc.t('You added {name} to your shopping cart.', { name: result.value }),
    });
  });

  r.storefrontPost('/checkout/cart/updatePost', async (req, reply, rc) => {
    const result = await rc.app.services.cart.update(rc, cartUpdateForm.parse(bodyOf(req)));
    if (!result.ok) return redirectWith(reply, rc, rc.url('/checkout/cart'), ...result.messages.map((m) => ({ type: 'error' as const, text: rc.t(m) })));
    return redirectWith(reply, rc, rc.url('/checkout/cart'), { type: 'success', text: rc.t('You updated your shopping cart.') });
  });

  r.storefrontPost('/checkout/cart/delete', async (req, reply, rc) => {
    const { id } = cartDeleteForm.parse(bodyOf(req));
    const removed = id ? await rc.app.services.cart.remove(rc, id) : false;
    const message = removed
      ? { type: 'success' as const, text: rc.t('You removed the item.') }
      : { type: 'error' as const, text: rc.t('This item is no longer in your cart.') };
    return redirectWith(reply, rc, rc.url('/checkout/cart'), message);
  });
}

export function checkoutStorefrontRoutes(r: RouteRegistrar) {
  cartRoutes(r);

  r.storefrontGet('/checkout', async (_req, reply, rc) => {
    const view = await rc.app.services.cart.view(rc);
    if (!view.lines.length) return reply.redirect(rc.url('/checkout/cart'), 302);
    return checkoutPage(rc);
  });

  // Without JavaScript, "Update totals" shows the totals of the method now checked, keeping what was typed.
  r.storefrontPost('/checkout/updateTotals', async (req, reply, rc) => {
    const view = await rc.app.services.cart.view(rc);
    if (!view.lines.length) return reply.redirect(rc.url('/checkout/cart'), 303);
    return checkoutPage(rc, checkoutForm.parse(bodyOf(req)).values);
  });

  r.storefrontPost('/checkout/placeOrder', async (req, reply, rc) => {
    const { input, values } = checkoutForm.parse(bodyOf(req));
    const result = await rc.app.services.cart.placeOrder(rc, input);
    if (result.ok) return reply.redirect(rc.url('/checkout/onepage/success'), 303);
    if (result.code === CART_EMPTY) return redirectWith(reply, rc, rc.url('/checkout/cart'), { type: 'error', text: rc.t(result.messages[0]!) });
    reply.code(statusOf(result.kind));
    return checkoutPage(rc, values, result);
  });

  r.storefrontGet('/checkout/onepage/success', async (_req, reply, rc) => {
    const order = await rc.app.services.cart.lastOrder(rc);
    if (!order) return reply.redirect(rc.url('/checkout/cart'), 302);
    rc.locals.uncacheable = true;
    return storefrontPage(rc, {
      title: rc.t('Thank you for your purchase!'),
      bodyClass: 'checkout-onepage-success',
      content: <SuccessContent rc={rc} order={order} />,
    });
  });
}
