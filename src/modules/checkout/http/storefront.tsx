import type { FastifyReply } from 'fastify';
import { bodyOf, queryOf, redirectWith } from '../../../http/form.ts';
import { statusOf } from '../../../http/failures.ts';
import { backToReferer } from '../../../http/redirect.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { storefrontPage } from '../../../ui/storefront-layout.tsx';
import { CART_EMPTY } from '../../sales/index.ts';
import type { RouteRegistrar } from '../../types.ts';
import { CartContent } from '../views/cart.tsx';
import { SHIPPING_STEP_NEEDED } from '../index.ts';
import { type CheckoutErrors, type CheckoutValues, Totals } from '../views/checkout.tsx';
import { ReviewStep, ShippingStep } from '../views/checkout-steps.tsx';
import { SuccessContent } from '../views/success.tsx';
import { cartAddForm, cartDeleteForm, cartUpdateForm, paymentStepForm, shippingStepForm, totalsQuery } from './forms.ts';

/** Step 1, Shipping: the saved choices or the values typed, with their messages. */
async function shippingStep(rc: RequestContext, v: CheckoutValues = {}, e: CheckoutErrors = {}) {
  rc.locals.uncacheable = true;
  const data = await rc.app.services.cart.checkoutPage(rc, v.shipping);
  return storefrontPage(rc, {
    title: rc.t('Checkout'),
    bodyClass: 'checkout-index-index',
    breadcrumbs: [{ label: rc.t('Shopping Cart'), href: rc.url('/checkout/cart') }, { label: rc.t('Checkout') }],
    content: <ShippingStep rc={rc} d={data} v={v} e={e} />,
  });
}

/**
 * Step 2, Review & Payments, for the choices saved on the cart; back to step 1 (with a message) while there are
 * none, or when they no longer fit (the saved address is gone, or the method is no longer on offer).
 */
async function paymentStep(reply: FastifyReply, rc: RequestContext, v: CheckoutValues = {}, e: CheckoutErrors = {}) {
  rc.locals.uncacheable = true;
  const cart = rc.app.services.cart;
  const data = await cart.checkoutPage(rc);
  if (!data.cart.lines.length) return reply.redirect(rc.url('/checkout/cart'), 303);
  const address = data.state ? await cart.chosenShippingAddress(rc, data.state) : undefined;
  if (!data.state || !address || data.rate?.code !== data.state.shippingMethod)
    return redirectWith(reply, rc, rc.url('/checkout'), { type: 'notice', text: rc.t('Please choose a shipping address and method.') });
  return storefrontPage(rc, {
    title: rc.t('Checkout'),
    bodyClass: 'checkout-index-index',
    breadcrumbs: [
      { label: rc.t('Shopping Cart'), href: rc.url('/checkout/cart') },
      { label: rc.t('Checkout'), href: rc.url('/checkout') },
      { label: rc.t('Review & Payments') },
    ],
    content: <ReviewStep rc={rc} d={data} address={address} v={v} e={e} />,
  });
}

function cartRoutes(r: RouteRegistrar) {
  r.storefrontGet('/checkout/cart', async (_req, _reply, rc) => {
    rc.locals.uncacheable = true;
    const { view, totals } = await rc.app.services.cart.cartPage(rc);
    return storefrontPage(rc, {
      title: rc.t('Shopping Cart'),
      bodyClass: 'checkout-cart-index',
      breadcrumbs: [{ label: rc.t('Shopping Cart') }],
      content: <CartContent rc={rc} view={view} totals={totals} />,
    });
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

function stepRoutes(r: RouteRegistrar) {
  r.storefrontGet('/checkout', async (_req, reply, rc) => {
    const view = await rc.app.services.cart.view(rc);
    if (!view.lines.length) return reply.redirect(rc.url('/checkout/cart'), 302);
    return shippingStep(rc);
  });

  // "Next": the address and method are checked and kept on the cart; a refusal shows the step again as typed.
  r.storefrontPost('/checkout/shipping', async (req, reply, rc) => {
    const { input, values } = shippingStepForm.parse(bodyOf(req));
    const result = await rc.app.services.cart.saveShipping(rc, input);
    if (result.ok) return reply.redirect(rc.url('/checkout/payment'), 303);
    if (result.code === CART_EMPTY) return redirectWith(reply, rc, rc.url('/checkout/cart'), { type: 'error', text: rc.t(result.messages[0]!) });
    reply.code(statusOf(result.kind));
    return shippingStep(rc, values, result);
  });

  // Without JavaScript, "Update totals" shows the totals of the method now checked, keeping what was typed.
  r.storefrontPost('/checkout/updateTotals', async (req, reply, rc) => {
    const view = await rc.app.services.cart.view(rc);
    if (!view.lines.length) return reply.redirect(rc.url('/checkout/cart'), 303);
    return shippingStep(rc, shippingStepForm.parse(bodyOf(req)).values);
  });

  // With JavaScript, the totals block for the method checked, fetched on every change (the same service call).
  r.storefrontGet('/checkout/totals', async (req, reply, rc) => {
    rc.locals.uncacheable = true;
    const { shipping_method } = totalsQuery.parse(queryOf(req));
    const totals = await rc.app.services.cart.checkoutTotals(rc, shipping_method);
    if (!totals.cart.lines.length) return reply.code(204).send();
    return <Totals rc={rc} d={totals} />;
  });

  r.storefrontGet('/checkout/payment', (_req, reply, rc) => paymentStep(reply, rc));

  r.storefrontPost('/checkout/placeOrder', async (req, reply, rc) => {
    const { input, values } = paymentStepForm.parse(bodyOf(req));
    const result = await rc.app.services.cart.placeOrder(rc, input);
    if (result.ok) return reply.redirect(rc.url('/checkout/onepage/success'), 303);
    if (result.code === CART_EMPTY) return redirectWith(reply, rc, rc.url('/checkout/cart'), { type: 'error', text: rc.t(result.messages[0]!) });
    if (result.code === SHIPPING_STEP_NEEDED) return redirectWith(reply, rc, rc.url('/checkout'), { type: 'notice', text: rc.t(result.messages[0]!) });
    reply.code(statusOf(result.kind));
    return paymentStep(reply, rc, values, result);
  });
}

export function checkoutStorefrontRoutes(r: RouteRegistrar) {
  cartRoutes(r);
  stepRoutes(r);

  r.storefrontGet('/checkout/onepage/success', async (_req, reply, rc) => {
    const order = await rc.app.services.cart.lastOrder(rc);
    if (!order) return reply.redirect(rc.url('/checkout/cart'), 302);
    rc.locals.uncacheable = true;
    return storefrontPage(rc, {
      title: rc.t('Thank you for your purchase!'),
      bodyClass: 'checkout-onepage-success',
      breadcrumbs: [{ label: rc.t('Thank you for your purchase!') }],
      content: <SuccessContent rc={rc} order={order} />,
    });
  });
}
