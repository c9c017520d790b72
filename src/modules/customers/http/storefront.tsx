import type { FastifyReply } from 'fastify';
import { bodyOf, paramId, queryOf, redirectWith, str } from '../../../http/form.ts';
import { statusOf } from '../../../http/failures.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import type { RouteRegistrar } from '../../types.ts';
import { FORGOT_PASSWORD_SENT, SIGN_IN_FAILED, type AddressInput } from '../public.ts';
import { requireCustomer } from '../../../http/require-customer.ts';
import { accountDashboardPage, accountEditPage } from '../views/account.tsx';
import { addressBookPage, addressFormPage } from '../views/address-book.tsx';
import { forgotPasswordPage, logoutSuccessPage, registerPage, resetPage, signInPage } from '../views/sign-in.tsx';
import { newsletterPage, wishlistPage } from '../views/wishlist.tsx';
import {
  accountEditForm,
  addressForm,
  addressValues,
  forgotPasswordForm,
  newsletterForm,
  registerForm,
  resetPasswordForm,
  signInForm,
  wishlistItemForm,
  wishlistProductForm,
} from './schemas.ts';

// Other modules still import these from here; they live in views/ now.

const RESET_COOKIE = 'concierge_reset';

const success = (_rc: RequestContext, text: string) => ({ type: 'success' as const, text });
const failure = (rc: RequestContext, text: string) => ({ type: 'error' as const, text: rc.t(text) });

/** An address form's body as the service's input (checkout reads its address fields with this too). */
export const addressInputFrom = (b: Record<string, unknown>): AddressInput => addressForm.parse(b);

/** Create an Account, Sign In and Sign Out. */
function signInRoutes(r: RouteRegistrar) {
  const customers = (rc: RequestContext) => rc.app.services.customers;
  r.storefrontGet('/customer/account/create', async (_req, reply, rc) =>
    rc.locals.customer ? reply.redirect(rc.url('/customer/account'), 302) : registerPage(rc, await customers(rc).consentBox(rc)),
  );
  r.storefrontPost(
    '/customer/account/createpost',
    async (req, reply, rc) => {
      const form = registerForm.parse(bodyOf(req));
      const result = await customers(rc).register(rc, form.input);
      if (!result.ok) {
        reply.code(statusOf(result.kind));
        return registerPage(rc, await customers(rc).consentBox(rc), form.shown, result);
      }
      const previous = await customers(rc).startSessionFor(rc, result.value);
      await rc.app.services.cart.afterSignIn(rc, result.value.id, previous.cartId);
      return redirectWith(reply, rc, rc.url('/customer/account'), {
        type: 'success',
        text: rc.t('Thank you for registering with {store}.', { store: rc.store.website.name }),
      });
    },
    { rateLimited: 'registration' },
  );

  r.storefrontGet('/customer/account/login', async (_req, reply, rc) =>
    rc.locals.customer ? reply.redirect(rc.url('/customer/account'), 302) : signInPage(rc),
  );
  r.storefrontPost(
    '/customer/account/loginPost',
    async (req, reply, rc) => {
      const b = bodyOf(req);
      const form = signInForm.safeParse(b);
      if (!form.success) {
        reply.code(400);
        return signInPage(rc, str(b['login[username]']), rc.t(form.error.issues[0]!.message));
      }
      const { email, password } = form.data;
      const customer = await customers(rc).authenticate(rc, email, password);
      if (!customer) {
        reply.code(401);
        return signInPage(rc, email, rc.t(SIGN_IN_FAILED));
      }
      const previous = await customers(rc).startSessionFor(rc, customer);
      await rc.app.services.cart.afterSignIn(rc, customer.id, previous.cartId);
      return reply.redirect(rc.url('/customer/account'), 303);
    },
    { rateLimited: true },
  );

  r.storefrontPost('/customer/account/logout', async (_req, reply, rc) => {
    await customers(rc).endSession(rc);
    return reply.redirect(rc.url('/customer/account/logoutSuccess'), 303);
  });
  r.storefrontGet('/customer/account/logoutSuccess', async (_req, _reply, rc) => logoutSuccessPage(rc));
}

/** Password reset: the emailed token moves into a short-lived cookie so it leaves the URL bar at once. */
function passwordResetRoutes(r: RouteRegistrar) {
  r.storefrontGet('/customer/account/forgotpassword', async (_req, _reply, rc) => forgotPasswordPage(rc));
  r.storefrontPost(
    '/customer/account/forgotpasswordpost',
    async (req, reply, rc) => {
      const { email } = forgotPasswordForm.parse(bodyOf(req));
      const result = await rc.app.services.customers.forgotPassword(rc, email);
      if (!result.ok) return redirectWith(reply, rc, rc.url('/customer/account/forgotpassword'), failure(rc, result.messages[0]!));
      return redirectWith(reply, rc, rc.url('/customer/account/login'), { type: 'success', text: rc.t(FORGOT_PASSWORD_SENT, { email }) });
    },
    { rateLimited: true },
  );
  r.storefrontGet('/customer/account/createPassword', async (req, reply, rc) => {
    const token = queryOf(req).token;
    if (token) {
      // This answer's URL holds the token: nothing may keep it or pass it on as a Referer.
      reply.header('cache-control', 'no-store');
      reply.header('referrer-policy', 'no-referrer');
      reply.setCookie(RESET_COOKIE, token.slice(0, 100), { path: '/', httpOnly: true, sameSite: 'lax', secure: rc.app.env.cookieSecure, maxAge: 900 });
      return reply.redirect(rc.url('/customer/account/createPassword'), 303);
    }
    const held = req.cookies[RESET_COOKIE];
    if (!held || !(await rc.app.services.customers.resetTokenValid(rc, held)))
      return redirectWith(reply, rc, rc.url('/customer/account/forgotpassword'), failure(rc, 'Your password reset link has expired.'));
    reply.header('referrer-policy', 'no-referrer');
    return resetPage(rc);
  });
  r.storefrontPost('/customer/account/resetpasswordpost', async (req, reply, rc) => {
    const form = resetPasswordForm.parse(bodyOf(req));
    const held = req.cookies[RESET_COOKIE] ?? '';
    const result = await rc.app.services.customers.resetPassword(rc, held, form.password, form.password_confirmation);
    if (!result.ok) {
      if (result.code === 'expired') return redirectWith(reply, rc, rc.url('/customer/account/forgotpassword'), failure(rc, result.messages[0]!));
      reply.code(400);
      return resetPage(rc, result);
    }
    reply.clearCookie(RESET_COOKIE, { path: '/' });
    await rc.app.services.customers.endSession(rc);
    return redirectWith(reply, rc, rc.url('/customer/account/login'), success(rc, rc.t('You updated your password.')));
  });
}

/** My Account and Account Information. */
function accountRoutes(r: RouteRegistrar) {
  r.storefrontGet(
    '/customer/account',
    async (_req, reply, rc) => {
      const id = requireCustomer(rc, reply);
      if (!id) return reply;
      return accountDashboardPage(rc, await rc.app.services.customers.accountDashboard(rc, id));
    },
    { access: 'customer' },
  );

  r.storefrontGet(
    '/customer/account/edit',
    async (req, reply, rc) => {
      const id = requireCustomer(rc, reply);
      if (!id) return reply;
      const d = await rc.app.services.customers.accountEditData(rc, id);
      const c = d.customer;
      const changepass = queryOf(req).changepass === '1';
      const values = { firstname: c.firstname, lastname: c.lastname, email: c.email, change_password: '1', assistance_allowed: d.consentActive ? '1' : '' };
      return accountEditPage(rc, d, changepass ? values : undefined);
    },
    { access: 'customer' },
  );
  r.storefrontPost(
    '/customer/account/editPost',
    async (req, reply, rc) => {
      const id = requireCustomer(rc, reply);
      if (!id) return reply;
      const form = accountEditForm(await rc.app.services.customers.lacEnabled(rc)).parse(bodyOf(req));
      const result = await rc.app.services.customers.updateAccount(rc, id, form.input);
      if (!result.ok) {
        reply.code(statusOf(result.kind));
        return accountEditPage(rc, await rc.app.services.customers.accountEditData(rc, id), form.shown, result);
      }
      return redirectWith(reply, rc, rc.url('/customer/account'), success(rc, rc.t('You saved the account information.')));
    },
    { access: 'customer' },
  );
}

/** The address book: list, add, edit, delete. */
function addressBookRoutes(r: RouteRegistrar) {
  r.storefrontGet(
    '/customer/address',
    async (_req, reply, rc) => {
      const id = requireCustomer(rc, reply);
      if (!id) return reply;
      const book = (await rc.app.services.customers.addressBook(rc, id))!;
      return addressBookPage(rc, book.customer, book.addresses);
    },
    { access: 'customer' },
  );
  r.storefrontGet(
    '/customer/address/new',
    async (_req, reply, rc) => {
      const id = requireCustomer(rc, reply);
      if (!id) return reply;
      const { customer: c } = (await rc.app.services.customers.addressForm(rc, id))!;
      return addressFormPage(rc, c, { firstname: c.firstname, lastname: c.lastname, countryId: 'US' });
    },
    { access: 'customer' },
  );
  r.storefrontGet(
    '/customer/address/edit/:id',
    async (req, reply, rc) => {
      const id = requireCustomer(rc, reply);
      if (!id) return reply;
      const addressId = paramId(req);
      const form = addressId ? await rc.app.services.customers.addressForm(rc, id, addressId) : undefined;
      const a = form?.address;
      if (!form || !a) return reply.callNotFound();
      const v = addressValues(a);
      return addressFormPage(rc, form.customer, v, a.id);
    },
    { access: 'customer' },
  );
  const saveAddress = async (rc: RequestContext, reply: FastifyReply, body: Record<string, unknown>, addressId?: number) => {
    const id = requireCustomer(rc, reply);
    if (!id) return reply;
    const input = addressInputFrom(body);
    const result = await rc.app.services.customers.saveAddress(rc, id, input, addressId);
    if (!result.ok) {
      reply.code(statusOf(result.kind));
      const { customer } = (await rc.app.services.customers.addressForm(rc, id))!;
      return addressFormPage(rc, customer, input, addressId, result);
    }
    return redirectWith(reply, rc, rc.url('/customer/address'), success(rc, rc.t('You saved the address.')));
  };
  r.storefrontPost('/customer/address/formPost', (req, reply, rc) => saveAddress(rc, reply, bodyOf(req)), { access: 'customer' });
  r.storefrontPost(
    '/customer/address/formPost/:id',
    async (req, reply, rc) => {
      const addressId = paramId(req);
      if (!addressId) return reply.callNotFound();
      return saveAddress(rc, reply, bodyOf(req), addressId);
    },
    { access: 'customer' },
  );
  r.storefrontPost(
    '/customer/address/delete/:id',
    async (req, reply, rc) => {
      const id = requireCustomer(rc, reply);
      if (!id) return reply;
      const addressId = paramId(req);
      if (!addressId) return reply.callNotFound();
      const result = await rc.app.services.customers.deleteAddress(rc, id, addressId);
      if (!result.ok) return redirectWith(reply, rc, rc.url('/customer/address'), failure(rc, result.messages[0]!));
      return redirectWith(reply, rc, rc.url('/customer/address'), success(rc, rc.t('You deleted the address.')));
    },
    { access: 'customer' },
  );
}

/** Newsletter Subscriptions. */
function newsletterRoutes(r: RouteRegistrar) {
  r.storefrontGet(
    '/newsletter/manage',
    async (_req, reply, rc) => {
      const id = requireCustomer(rc, reply);
      if (!id) return reply;
      return newsletterPage(rc, (await rc.app.services.customers.subscription(rc, id))?.status === 'subscribed');
    },
    { access: 'customer' },
  );
  r.storefrontPost(
    '/newsletter/manage/save',
    async (req, reply, rc) => {
      const id = requireCustomer(rc, reply);
      if (!id) return reply;
      const { is_subscribed: subscribed } = newsletterForm.parse(bodyOf(req));
      await rc.app.services.customers.setNewsletter(rc, [id], subscribed);
      return redirectWith(
        reply,
        rc,
        rc.url('/customer/account'),
        success(rc, subscribed ? rc.t('We have saved your subscription.') : rc.t('We have removed your newsletter subscription.')),
      );
    },
    { access: 'customer' },
  );
}

/** My Wish List: show, add, remove, move to the cart. */
function wishlistRoutes(r: RouteRegistrar) {
  r.storefrontGet(
    '/wishlist',
    async (_req, reply, rc) => {
      const id = requireCustomer(rc, reply);
      if (!id) return reply;
      const { items, prices } = await rc.app.services.customers.wishlistPage(rc, id);
      return wishlistPage(rc, items, prices);
    },
    { access: 'customer' },
  );
  r.storefrontPost(
    '/wishlist/index/add',
    async (req, reply, rc) => {
      const { product: productId } = wishlistProductForm.parse(bodyOf(req));
      if (!productId) return reply.callNotFound();
      const added = await rc.app.services.customers.addToWishlist(rc, rc.locals.customer!.id, productId);
      return redirectWith(
        reply,
        rc,
        rc.url('/wishlist'),
        success(rc, added ? rc.t('The product has been added to your Wish List.') : rc.t('This product is already in your Wish List.')),
      );
    },
    { access: 'customer', signInMessage: 'You must sign in to add products to your wish list.' },
  );
  r.storefrontPost(
    '/wishlist/index/remove',
    async (req, reply, rc) => {
      const id = requireCustomer(rc, reply);
      if (!id) return reply;
      const { item: itemId } = wishlistItemForm.parse(bodyOf(req));
      if (!itemId) return reply.callNotFound();
      await rc.app.services.customers.removeFromWishlist(rc, id, itemId);
      return redirectWith(reply, rc, rc.url('/wishlist'), success(rc, rc.t('You removed the item from your Wish List.')));
    },
    { access: 'customer' },
  );
  r.storefrontPost(
    '/wishlist/index/cart',
    async (req, reply, rc) => {
      const id = requireCustomer(rc, reply);
      if (!id) return reply;
      const moved = await rc.app.services.customers.moveWishlistItemToCart(rc, id, wishlistItemForm.parse(bodyOf(req)).item);
      if (!moved.ok) return redirectWith(reply, rc, rc.url('/wishlist'), ...moved.messages.map((m) => failure(rc, m)));
      return redirectWith(reply, rc, rc.url('/checkout/cart'), success(rc, rc.t('You moved the item from your Wish List to your shopping cart.')));
    },
    { access: 'customer' },
  );
}

/** Customer accounts on the storefront. */
export function customersStorefrontRoutes(r: RouteRegistrar) {
  signInRoutes(r);
  passwordResetRoutes(r);
  accountRoutes(r);
  addressBookRoutes(r);
  newsletterRoutes(r);
  wishlistRoutes(r);
}
