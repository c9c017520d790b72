import type { FastifyReply } from 'fastify';
import { attempt, bodyOf, checked, idOf, paramId, queryOf, redirectWith, str } from '../../../http/form.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { CheckboxField, FormErrors, FormKey, SelectField, TextField, rendered } from '../../../ui/components.tsx';
import { storefrontPage } from '../../../ui/storefront-layout.tsx';
import { LAC_CHECKBOX_TITLE, LAC_CHECKBOX_TOOLTIP } from '../../login-as-customer/index.ts';
import type { RouteRegistrar } from '../../types.ts';
import { customersRepo, type AddressRow } from '../repo.ts';
import { asDuration, consentActive, COUNTRIES, FORGOT_PASSWORD_SENT, SIGN_IN_FAILED, type AddressInput } from '../service.ts';
import { endStorefrontSession, startCustomerSession } from '../session.ts';
import { requireCustomer } from '../../../http/require-customer.ts';

const RESET_COOKIE = 'concierge_reset';

type Errors = { message?: string; fields?: Record<string, string> };

/** The My Account sidebar: every module's account links, the current one marked. */
export function AccountNav({ rc, current }: { rc: RequestContext; current: string }) {
  const links = rc.app.registry.modules.flatMap((m) => m.accountNav ?? []).sort((a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0));
  return (
    <nav class="account-nav" aria-label={rc.t('My Account')}>
      <ul>
        {links.map((l) =>
          l.path === current ? (
            <li class="current">
              <strong safe>{rc.t(l.label)}</strong>
            </li>
          ) : (
            <li>
              <a href={rc.url(l.path)} safe>
                {rc.t(l.label)}
              </a>
            </li>
          ),
        )}
      </ul>
    </nav>
  );
}

/** A page inside My Account: sidebar plus content; never cached (it is personal). */
export function accountPage(rc: RequestContext, title: string, current: string, content: JSX.Element) {
  rc.locals.uncacheable = true;
  return storefrontPage(rc, {
    title,
    bodyClass: 'account',
    content: (
      <div class="account-columns">
        <AccountNav rc={rc} current={current} />
        <div class="account-main">{content}</div>
      </div>
    ),
  });
}

/** The consent checkbox (spec §3): label and tooltip from config for this store view; absent while disabled. */
/**
 * How long the consent lasts (spec §3, beyond the peers). With a consent already in force, "as now" keeps its
 * expiry; a new choice starts a new period.
 */
function DurationSelect({ rc, current, expiresAt }: { rc: RequestContext; current: boolean; expiresAt?: string | null }) {
  const t = rc.t;
  const keepLabel = expiresAt ? t('as now (until {date} UTC)', { date: expiresAt.replace('T', ' ').slice(0, 16) }) : t('as now (until I turn it off)');
  return (
    <div class="field consent-duration">
      <label for="assistance_duration" safe>
        {t('Allow it')}
      </label>
      <select id="assistance_duration" name="assistance_duration">
        {current ? (
          <option value="keep" selected safe>
            {keepLabel}
          </option>
        ) : (
          ''
        )}
        <option value="24h" safe>
          {t('for 24 hours')}
        </option>
        <option value="7d" safe>
          {t('for 7 days')}
        </option>
        <option value="forever" selected={!current} safe>
          {t('until I turn it off')}
        </option>
      </select>
    </div>
  );
}

async function ConsentCheckbox({ rc, checked: isChecked, current = false, expiresAt }: { rc: RequestContext; checked: boolean; current?: boolean; expiresAt?: string | null }) {
  if (!(await rc.app.services.customers.lacEnabled(rc))) return '';
  const scope = { storeViewId: rc.store.view.id };
  const title = await rc.app.services.config.get(LAC_CHECKBOX_TITLE, scope);
  const tooltip = await rc.app.services.config.get(LAC_CHECKBOX_TOOLTIP, scope);
  return (
    <>
      <CheckboxField name="assistance_allowed" id="assistance_allowed" label={title} title={tooltip} note={tooltip} checked={isChecked} />
      <DurationSelect rc={rc} current={current} expiresAt={expiresAt} />
    </>
  );
}

async function registerPage(rc: RequestContext, v: Record<string, string> = {}, e: Errors = {}) {
  const t = rc.t;
  const fe = e.fields ?? {};
  rc.locals.uncacheable = true;
  return storefrontPage(rc, {
    title: t('Create New Customer Account'),
    bodyClass: 'customer-account-create',
    content: (
      <form method="post" action={rc.url('/customer/account/createpost')} class="form-create-account" novalidate>
        <FormKey rc={rc} />
        <FormErrors messages={e.message ? [t(e.message)] : []} />
        <fieldset>
          <legend safe>{t('Personal Information')}</legend>
          <TextField name="firstname" label={t('First Name')} value={v.firstname} required error={fe.firstname && t(fe.firstname)} autocomplete="given-name" />
          <TextField name="lastname" label={t('Last Name')} value={v.lastname} required error={fe.lastname && t(fe.lastname)} autocomplete="family-name" />
          <CheckboxField name="is_subscribed" id="is_subscribed" label={t('Sign Up for Newsletter')} checked={v.is_subscribed === '1'} />
          {rendered(await ConsentCheckbox({ rc, checked: v.assistance_allowed === '1' }))}
        </fieldset>
        <fieldset>
          <legend safe>{t('Sign-in Information')}</legend>
          <TextField name="email" type="email" label={t('Email')} value={v.email} required error={fe.email && t(fe.email)} autocomplete="email" />
          <TextField name="password" type="password" label={t('Password')} required error={fe.password && t(fe.password)} autocomplete="new-password" />
          <TextField name="password_confirmation" type="password" label={t('Confirm Password')} required error={fe.password_confirmation && t(fe.password_confirmation)} autocomplete="new-password" />
        </fieldset>
        <button type="submit" class="action submit primary" safe>
          {t('Create an Account')}
        </button>
      </form>
    ),
  });
}

function signInPage(rc: RequestContext, email = '', error?: string) {
  const t = rc.t;
  rc.locals.uncacheable = true;
  return storefrontPage(rc, {
    title: t('Customer Login'),
    bodyClass: 'customer-account-login',
    content: (
      <div class="login-container">
        <section class="block-customer-login">
          <h2 safe>{t('Registered Customers')}</h2>
          <p safe>{t('If you have an account, sign in with your email address.')}</p>
          <FormErrors messages={error ? [error] : []} />
          <form method="post" action={rc.url('/customer/account/loginPost')} class="form-login" novalidate>
            <FormKey rc={rc} />
            <TextField name="login[username]" id="email" type="email" label={t('Email')} value={email} required autocomplete="email" />
            <TextField name="login[password]" id="pass" type="password" label={t('Password')} required autocomplete="current-password" />
            <button type="submit" class="action login primary" id="send2" safe>
              {t('Sign In')}
            </button>{' '}
            <a href={rc.url('/customer/account/forgotpassword')} safe>
              {t('Forgot Your Password?')}
            </a>
          </form>
        </section>
        <section class="block-new-customer">
          <h2 safe>{t('New Customers')}</h2>
          <p safe>{t('Creating an account has many benefits: check out faster, keep more than one address, track orders and more.')}</p>
          <a class="action create primary" href={rc.url('/customer/account/create')} safe>
            {t('Create an Account')}
          </a>
        </section>
      </div>
    ),
  });
}

export function AddressBlock({ a }: { a: Pick<AddressRow, 'firstname' | 'lastname' | 'company' | 'street' | 'city' | 'region' | 'postcode' | 'country_id' | 'telephone'> }) {
  const country = COUNTRIES.find((c) => c.code === a.country_id)?.name ?? a.country_id;
  return (
    <address>
      <span safe>{`${a.firstname} ${a.lastname}`}</span>
      <br />
      {a.company ? (
        <>
          <span safe>{a.company}</span>
          <br />
        </>
      ) : (
        ''
      )}
      <span safe>{a.street}</span>
      <br />
      <span safe>{`${a.city}${a.region ? `, ${a.region}` : ''}, ${a.postcode}`}</span>
      <br />
      <span safe>{country}</span>
      <br />
      <span safe>{`T: ${a.telephone}`}</span>
    </address>
  );
}

export function addressInputFrom(b: Record<string, unknown>): AddressInput {
  return {
    firstname: str(b.firstname),
    lastname: str(b.lastname),
    company: str(b.company),
    street: str(b.street),
    city: str(b.city),
    region: str(b.region),
    postcode: str(b.postcode),
    countryId: str(b.country_id),
    telephone: str(b.telephone),
    defaultBilling: checked(b.default_billing),
    defaultShipping: checked(b.default_shipping),
  };
}

/** Address fields, shared by the address book, checkout and the admin. */
export function AddressFields({ rc, v, fe = {} }: { rc: RequestContext; v: Partial<AddressInput>; fe?: Record<string, string> }) {
  const t = rc.t;
  return (
    <>
      <TextField name="firstname" label={t('First Name')} value={v.firstname} required error={fe.firstname && t(fe.firstname)} autocomplete="given-name" />
      <TextField name="lastname" label={t('Last Name')} value={v.lastname} required error={fe.lastname && t(fe.lastname)} autocomplete="family-name" />
      <TextField name="company" label={t('Company')} value={v.company} />
      <TextField name="telephone" label={t('Phone Number')} value={v.telephone} required error={fe.telephone && t(fe.telephone)} autocomplete="tel" />
      <TextField name="street" label={t('Street Address')} value={v.street} required error={fe.street && t(fe.street)} autocomplete="street-address" />
      <TextField name="city" label={t('City')} value={v.city} required error={fe.city && t(fe.city)} autocomplete="address-level2" />
      <TextField name="region" label={t('State/Province')} value={v.region} autocomplete="address-level1" />
      <TextField name="postcode" label={t('Zip/Postal Code')} value={v.postcode} required error={fe.postcode && t(fe.postcode)} autocomplete="postal-code" />
      <SelectField
        name="country_id"
        label={t('Country')}
        value={v.countryId ?? 'US'}
        required
        error={fe.country_id && t(fe.country_id)}
        options={COUNTRIES.map((c) => ({ value: c.code, label: t(c.name) }))}
      />
    </>
  );
}

async function addressFormPage(rc: RequestContext, customerId: number, v: Partial<AddressInput>, addressId?: number, e: Errors = {}) {
  const t = rc.t;
  const customer = (await customersRepo.byId(rc.db, customerId))!;
  return accountPage(
    rc,
    addressId ? t('Edit Address') : t('Add New Address'),
    '/customer/address',
    <form method="post" action={rc.url(addressId ? `/customer/address/formPost/${addressId}` : '/customer/address/formPost')} class="form-address-edit" novalidate>
      <FormKey rc={rc} />
      <FormErrors messages={e.message ? [t(e.message)] : []} />
      <AddressFields rc={rc} v={v} fe={e.fields} />
      <CheckboxField name="default_billing" label={t('Use as my default billing address')} checked={!!v.defaultBilling || (!!addressId && customer.default_billing_id === addressId)} />
      <CheckboxField name="default_shipping" label={t('Use as my default shipping address')} checked={!!v.defaultShipping || (!!addressId && customer.default_shipping_id === addressId)} />
      <button type="submit" class="action save primary" safe>
        {t('Save Address')}
      </button>
    </form>,
  );
}

async function accountEditPage(rc: RequestContext, customerId: number, v?: Record<string, string>, e: Errors = {}) {
  const t = rc.t;
  const c = (await customersRepo.byId(rc.db, customerId))!;
  const fe = e.fields ?? {};
  const values = v ?? { firstname: c.firstname, lastname: c.lastname, email: c.email };
  const active = consentActive(c, rc.app.clock.now());
  const consent = v ? v.assistance_allowed === '1' : active;
  return accountPage(
    rc,
    t('Edit Account Information'),
    '/customer/account/edit',
    <form method="post" action={rc.url('/customer/account/editPost')} class="form-edit-account" novalidate>
      <FormKey rc={rc} />
      <FormErrors messages={e.message ? [t(e.message)] : []} />
      <fieldset>
        <legend safe>{t('Account Information')}</legend>
        <TextField name="firstname" label={t('First Name')} value={values.firstname} required error={fe.firstname && t(fe.firstname)} />
        <TextField name="lastname" label={t('Last Name')} value={values.lastname} required error={fe.lastname && t(fe.lastname)} />
        <CheckboxField name="change_email" id="change-email" label={t('Change Email')} checked={values.change_email === '1'} />
        <CheckboxField name="change_password" id="change-password" label={t('Change Password')} checked={values.change_password === '1'} />
        {rendered(await ConsentCheckbox({ rc, checked: consent, current: active, expiresAt: active ? c.assistance_expires_at : null }))}
      </fieldset>
      <fieldset>
        <legend safe>{t('Change Email and Password')}</legend>
        <p class="note" safe>
          {t('Tick "Change Email" or "Change Password" above; both need your current password.')}
        </p>
        <TextField name="email" type="email" label={t('Email')} value={values.email} error={fe.email && t(fe.email)} />
        <TextField name="current_password" type="password" label={t('Current Password')} error={fe.current_password && t(fe.current_password)} autocomplete="current-password" />
        <TextField name="password" type="password" label={t('New Password')} error={fe.password && t(fe.password)} autocomplete="new-password" />
        <TextField name="password_confirmation" type="password" label={t('Confirm New Password')} error={fe.password_confirmation && t(fe.password_confirmation)} autocomplete="new-password" />
      </fieldset>
      <button type="submit" class="action save primary" safe>
        {t('Save')}
      </button>
      <p class="delete-account-link">
        <a href={rc.url('/customer/account/delete')} safe>
          {t('Delete Account')}
        </a>
      </p>
    </form>,
  );
}

function resetPage(rc: RequestContext, e: Errors = {}) {
  const t = rc.t;
  const fe = e.fields ?? {};
  rc.locals.uncacheable = true;
  return storefrontPage(rc, {
    title: t('Set a New Password'),
    content: (
      <form method="post" action={rc.url('/customer/account/resetpasswordpost')} class="form-reset-password" novalidate>
        <FormKey rc={rc} />
        <FormErrors messages={e.message ? [t(e.message)] : []} />
        <TextField name="password" type="password" label={t('New Password')} required error={fe.password && t(fe.password)} autocomplete="new-password" />
        <TextField name="password_confirmation" type="password" label={t('Confirm New Password')} required error={fe.password_confirmation && t(fe.password_confirmation)} autocomplete="new-password" />
        <button type="submit" class="action submit primary" safe>
          {t('Set a New Password')}
        </button>
      </form>
    ),
  });
}

const success = (rc: RequestContext, text: string) => ({ type: 'success' as const, text: rc.t(text) });
const failure = (rc: RequestContext, text: string) => ({ type: 'error' as const, text: rc.t(text) });

export function customersStorefrontRoutes(r: RouteRegistrar) {
  // ---- registration and sign-in ----
  r.storefrontGet('/customer/account/create', async (_req, reply, rc) => (rc.locals.customer ? reply.redirect(rc.url('/customer/account'), 302) : registerPage(rc)));
  r.storefrontPost('/customer/account/createpost', async (req, reply, rc) => {
    const b = bodyOf(req);
    const v = { firstname: str(b.firstname), lastname: str(b.lastname), email: str(b.email), is_subscribed: checked(b.is_subscribed) ? '1' : '', assistance_allowed: checked(b.assistance_allowed) ? '1' : '' };
    const result = await attempt(() =>
      rc.app.services.customers.register(rc, {
        ...v,
        password: str(b.password),
        confirmation: str(b.password_confirmation),
        assistance: v.assistance_allowed === '1',
        assistanceDuration: asDuration(str(b.assistance_duration)) ?? 'forever',
        newsletter: v.is_subscribed === '1',
      }),
    );
    if (!result.ok) {
      reply.code(result.status);
      return registerPage(rc, v, result);
    }
    const previous = await startCustomerSession(rc, result.value);
    await rc.app.services.cart.afterSignIn(rc, result.value.id, previous.cartId);
    return redirectWith(reply, rc, rc.url('/customer/account'), { type: 'success', text: rc.t('Thank you for registering with {store}.', { store: rc.store.website.name }) });
  }, { rateLimited: 'registration' });

  r.storefrontGet('/customer/account/login', async (_req, reply, rc) => (rc.locals.customer ? reply.redirect(rc.url('/customer/account'), 302) : signInPage(rc)));
  r.storefrontPost('/customer/account/loginPost', async (req, reply, rc) => {
    const b = bodyOf(req);
    const email = str(b['login[username]']);
    const password = str(b['login[password]']);
    if (!email.trim() || !password) {
      reply.code(400);
      return signInPage(rc, email, rc.t('A login and a password are required.'));
    }
    const customer = await rc.app.services.customers.authenticate(rc, email, password);
    if (!customer) {
      reply.code(401);
      return signInPage(rc, email, rc.t(SIGN_IN_FAILED));
    }
    const previous = await startCustomerSession(rc, customer);
    await rc.app.services.cart.afterSignIn(rc, customer.id, previous.cartId);
    return reply.redirect(rc.url('/customer/account'), 303);
  }, { rateLimited: true });

  r.storefrontPost('/customer/account/logout', async (_req, reply, rc) => {
    await endStorefrontSession(rc);
    return reply.redirect(rc.url('/customer/account/logoutSuccess'), 303);
  });
  r.storefrontGet('/customer/account/logoutSuccess', async (_req, _reply, rc) =>
    storefrontPage(rc, {
      title: rc.t('You are signed out'),
      bodyClass: 'customer-account-logoutsuccess',
      content: <p safe>{rc.t('You have signed out and will go to our homepage in 5 seconds.')}</p>,
    }),
  );

  // ---- password reset: the emailed token moves into a short-lived cookie so it leaves the URL bar at once ----
  r.storefrontGet('/customer/account/forgotpassword', async (_req, _reply, rc) => {
    const t = rc.t;
    return storefrontPage(rc, {
      title: t('Forgot Your Password?'),
      content: (
        <form method="post" action={rc.url('/customer/account/forgotpasswordpost')} class="form-password-forget" novalidate>
          <FormKey rc={rc} />
          <p safe>{t('Please enter your email address below to receive a password reset link.')}</p>
          <TextField name="email" type="email" label={t('Email')} required autocomplete="email" />
          <button type="submit" class="action submit primary" safe>
            {t('Reset My Password')}
          </button>
        </form>
      ),
    });
  });
  r.storefrontPost('/customer/account/forgotpasswordpost', async (req, reply, rc) => {
    const email = str(bodyOf(req).email).trim();
    const result = await attempt(() => rc.app.services.customers.forgotPassword(rc, email));
    if (!result.ok) return redirectWith(reply, rc, rc.url('/customer/account/forgotpassword'), failure(rc, result.message));
    return redirectWith(reply, rc, rc.url('/customer/account/login'), { type: 'success', text: rc.t(FORGOT_PASSWORD_SENT, { email }) });
  }, { rateLimited: true });
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
    const b = bodyOf(req);
    const held = req.cookies[RESET_COOKIE] ?? '';
    const result = await attempt(() => rc.app.services.customers.resetPassword(rc, held, str(b.password), str(b.password_confirmation)));
    if (!result.ok) {
      if (result.message === 'Your password reset link has expired.') return redirectWith(reply, rc, rc.url('/customer/account/forgotpassword'), failure(rc, result.message));
      reply.code(400);
      return resetPage(rc, result);
    }
    reply.clearCookie(RESET_COOKIE, { path: '/' });
    await endStorefrontSession(rc);
    return redirectWith(reply, rc, rc.url('/customer/account/login'), success(rc, 'You updated your password.'));
  });

  // ---- My Account ----
  r.storefrontGet('/customer/account', async (_req, reply, rc) => {
    const id = requireCustomer(rc, reply);
    if (!id) return reply;
    const t = rc.t;
    const c = (await customersRepo.byId(rc.db, id))!;
    const addresses = await customersRepo.addresses(rc.db, id);
    const billing = addresses.find((a) => a.id === c.default_billing_id);
    const shipping = addresses.find((a) => a.id === c.default_shipping_id);
    const sub = await customersRepo.subscription(rc.db, id);
    const lac = await rc.app.services.customers.lacEnabled(rc);
    return accountPage(
      rc,
      t('My Account'),
      '/customer/account',
      <>
        <section class="block-dashboard-info">
          <h2 safe>{t('Account Information')}</h2>
          <div class="box box-information">
            <strong safe>{t('Contact Information')}</strong>
            <p>
              <span safe>{`${c.firstname} ${c.lastname}`}</span>
              <br />
              <span safe>{c.email}</span>
            </p>
            <a href={rc.url('/customer/account/edit')} safe>
              {t('Edit')}
            </a>{' '}
            <a href={rc.url('/customer/account/edit?changepass=1')} safe>
              {t('Change Password')}
            </a>
          </div>
          <div class="box box-newsletter">
            <strong safe>{t('Newsletters')}</strong>
            <p safe>{sub?.status === 'subscribed' ? t('You are subscribed to "General Subscription".') : t("You aren't subscribed to our newsletter.")}</p>
            <a href={rc.url('/newsletter/manage')} safe>
              {t('Edit')}
            </a>
          </div>
          {lac ? (
            <div class="box box-assistance">
              <strong safe>{t('Remote Shopping Assistance')}</strong>
              <p safe>
                {consentActive(c, rc.app.clock.now())
                  ? c.assistance_expires_at
                    ? t('Store staff may sign in to your account to help you until {date} UTC.', { date: c.assistance_expires_at.replace('T', ' ').slice(0, 16) })
                    : t('Store staff may sign in to your account to help you.')
                  : t('Store staff may not sign in to your account.')}
              </p>
              <a href={rc.url('/customer/access-history')} safe>
                {t('Account access history')}
              </a>
            </div>
          ) : (
            ''
          )}
        </section>
        <section class="block-dashboard-addresses">
          <h2 safe>{t('Address Book')}</h2>
          <div class="box box-billing-address">
            <strong safe>{t('Default Billing Address')}</strong>
            {billing ? <AddressBlock a={billing} /> : <p safe>{t('You have not set a default billing address.')}</p>}
          </div>
          <div class="box box-shipping-address">
            <strong safe>{t('Default Shipping Address')}</strong>
            {shipping ? <AddressBlock a={shipping} /> : <p safe>{t('You have not set a default shipping address.')}</p>}
          </div>
          <a href={rc.url('/customer/address')} safe>
            {t('Manage Addresses')}
          </a>
        </section>
      </>,
    );
  }, { access: 'customer' });

  r.storefrontGet('/customer/account/edit', async (req, reply, rc) => {
    const id = requireCustomer(rc, reply);
    if (!id) return reply;
    const c = (await customersRepo.byId(rc.db, id))!;
    const changepass = queryOf(req).changepass === '1';
    return accountEditPage(rc, id, changepass ? { firstname: c.firstname, lastname: c.lastname, email: c.email, change_password: '1', assistance_allowed: consentActive(c, rc.app.clock.now()) ? '1' : '' } : undefined);
  }, { access: 'customer' });
  r.storefrontPost('/customer/account/editPost', async (req, reply, rc) => {
    const id = requireCustomer(rc, reply);
    if (!id) return reply;
    const b = bodyOf(req);
    const lac = await rc.app.services.customers.lacEnabled(rc);
    const v = {
      firstname: str(b.firstname),
      lastname: str(b.lastname),
      email: str(b.email),
      change_email: checked(b.change_email) ? '1' : '',
      change_password: checked(b.change_password) ? '1' : '',
      assistance_allowed: checked(b.assistance_allowed) ? '1' : '',
    };
    const result = await attempt(() =>
      rc.app.services.customers.updateAccount(rc, id, {
        firstname: v.firstname,
        lastname: v.lastname,
        email: v.email,
        changeEmail: v.change_email === '1',
        changePassword: v.change_password === '1',
        currentPassword: str(b.current_password),
        password: str(b.password),
        confirmation: str(b.password_confirmation),
        assistance: lac ? v.assistance_allowed === '1' : undefined,
        assistanceDuration: asDuration(str(b.assistance_duration)) ?? 'keep',
      }),
    );
    if (!result.ok) {
      reply.code(result.status);
      return accountEditPage(rc, id, v, result);
    }
    return redirectWith(reply, rc, rc.url('/customer/account'), success(rc, 'You saved the account information.'));
  }, { access: 'customer' });

  // ---- address book ----
  r.storefrontGet('/customer/address', async (_req, reply, rc) => {
    const id = requireCustomer(rc, reply);
    if (!id) return reply;
    const t = rc.t;
    const c = (await customersRepo.byId(rc.db, id))!;
    const addresses = await customersRepo.addresses(rc.db, id);
    const others = addresses.filter((a) => a.id !== c.default_billing_id && a.id !== c.default_shipping_id);
    const defaults = addresses.filter((a) => a.id === c.default_billing_id || a.id === c.default_shipping_id);
    return accountPage(
      rc,
      t('Address Book'),
      '/customer/address',
      <>
        <section class="block-addresses-default">
          <h2 safe>{t('Default Addresses')}</h2>
          {defaults.length ? (
            defaults.map((a) => (
              <div class="box">
                <strong safe>{[a.id === c.default_billing_id ? t('Default Billing Address') : '', a.id === c.default_shipping_id ? t('Default Shipping Address') : ''].filter(Boolean).join(' / ')}</strong>
                <AddressBlock a={a} />
                <a href={rc.url(`/customer/address/edit/${a.id}`)} safe>
                  {t('Change Address')}
                </a>
              </div>
            ))
          ) : (
            <p safe>{t('You have no default addresses in your address book.')}</p>
          )}
        </section>
        <section class="block-addresses-list">
          <h2 safe>{t('Additional Address Entries')}</h2>
          {others.length ? (
            <ul class="addresses">
              {others.map((a) => (
                <li>
                  <AddressBlock a={a} />
                  <a href={rc.url(`/customer/address/edit/${a.id}`)} safe>
                    {t('Edit Address')}
                  </a>
                  <form method="post" action={rc.url(`/customer/address/delete/${a.id}`)} class="inline-form" data-confirm={t('Are you sure you want to delete this address?')}>
                    <FormKey rc={rc} />
                    <button type="submit" class="action-link" safe>
                      {t('Delete Address')}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          ) : (
            <p safe>{t('You have no other address entries in your address book.')}</p>
          )}
        </section>
        <a class="action primary add" href={rc.url('/customer/address/new')} safe>
          {t('Add New Address')}
        </a>
      </>,
    );
  }, { access: 'customer' });
  r.storefrontGet('/customer/address/new', async (_req, reply, rc) => {
    const id = requireCustomer(rc, reply);
    if (!id) return reply;
    const c = (await customersRepo.byId(rc.db, id))!;
    return addressFormPage(rc, id, { firstname: c.firstname, lastname: c.lastname, countryId: 'US' });
  }, { access: 'customer' });
  r.storefrontGet('/customer/address/edit/:id', async (req, reply, rc) => {
    const id = requireCustomer(rc, reply);
    if (!id) return reply;
    const addressId = paramId(req);
    const a = addressId ? await customersRepo.address(rc.db, id, addressId) : undefined;
    if (!a) return reply.callNotFound();
    return addressFormPage(rc, id, { firstname: a.firstname, lastname: a.lastname, company: a.company, street: a.street, city: a.city, region: a.region, postcode: a.postcode, countryId: a.country_id, telephone: a.telephone }, a.id);
  }, { access: 'customer' });
  const saveAddress = async (rc: RequestContext, reply: FastifyReply, body: Record<string, unknown>, addressId?: number) => {
    const id = requireCustomer(rc, reply);
    if (!id) return reply;
    const input = addressInputFrom(body);
    const result = await attempt(() => rc.app.services.customers.saveAddress(rc, id, input, addressId));
    if (!result.ok) {
      reply.code(result.status);
      return addressFormPage(rc, id, input, addressId, result);
    }
    return redirectWith(reply, rc, rc.url('/customer/address'), success(rc, 'You saved the address.'));
  };
  r.storefrontPost('/customer/address/formPost', (req, reply, rc) => saveAddress(rc, reply, bodyOf(req)), { access: 'customer' });
  r.storefrontPost('/customer/address/formPost/:id', async (req, reply, rc) => {
    const addressId = paramId(req);
    if (!addressId) return reply.callNotFound();
    return saveAddress(rc, reply, bodyOf(req), addressId);
  }, { access: 'customer' });
  r.storefrontPost('/customer/address/delete/:id', async (req, reply, rc) => {
    const id = requireCustomer(rc, reply);
    if (!id) return reply;
    const addressId = paramId(req);
    if (!addressId) return reply.callNotFound();
    const result = await attempt(() => rc.app.services.customers.deleteAddress(rc, id, addressId));
    if (!result.ok) return redirectWith(reply, rc, rc.url('/customer/address'), failure(rc, result.message));
    return redirectWith(reply, rc, rc.url('/customer/address'), success(rc, 'You deleted the address.'));
  }, { access: 'customer' });

  // ---- newsletter ----
  r.storefrontGet('/newsletter/manage', async (_req, reply, rc) => {
    const id = requireCustomer(rc, reply);
    if (!id) return reply;
    const t = rc.t;
    const sub = await customersRepo.subscription(rc.db, id);
    return accountPage(
      rc,
      t('Newsletter Subscription'),
      '/newsletter/manage',
      <form method="post" action={rc.url('/newsletter/manage/save')} class="form-newsletter-manage">
        <FormKey rc={rc} />
        <input type="hidden" name="is_subscribed" value="0" />
        <CheckboxField name="is_subscribed" id="subscription" label={t('General Subscription')} checked={sub?.status === 'subscribed'} />
        <button type="submit" class="action save primary" safe>
          {t('Save')}
        </button>
      </form>,
    );
  }, { access: 'customer' });
  r.storefrontPost('/newsletter/manage/save', async (req, reply, rc) => {
    const id = requireCustomer(rc, reply);
    if (!id) return reply;
    const values = bodyOf(req).is_subscribed;
    const subscribed = Array.isArray(values) ? values.includes('1') : values === '1';
    await rc.app.services.customers.setNewsletter(rc, [id], subscribed);
    return redirectWith(reply, rc, rc.url('/customer/account'), success(rc, subscribed ? 'We have saved your subscription.' : 'We have removed your newsletter subscription.'));
  }, { access: 'customer' });

  // ---- wish list ----
  r.storefrontGet('/wishlist', async (_req, reply, rc) => {
    const id = requireCustomer(rc, reply);
    if (!id) return reply;
    const t = rc.t;
    const items = await customersRepo.wishlist(rc.db, id);
    const priced = await rc.app.services.cart.prices(rc, items.map((i) => i.product_id));
    return accountPage(
      rc,
      t('My Wish List'),
      '/wishlist',
      items.length ? (
        <ol class="products-grid wishlist">
          {items.map((i) => (
            <li class="product-item" data-sku={i.sku}>
              <a href={rc.url(`/product/${encodeURIComponent(i.url_key)}`)} safe>
                {i.name}
              </a>
              <span class="price" safe>
                {priced.get(i.product_id) ?? ''}
              </span>
              <form method="post" action={rc.url('/wishlist/index/cart')} class="inline-form">
                <FormKey rc={rc} />
                <input type="hidden" name="item" value={String(i.id)} />
                <button type="submit" class="action tocart" safe>
                  {t('Add to Cart')}
                </button>
              </form>
              <form method="post" action={rc.url('/wishlist/index/remove')} class="inline-form">
                <FormKey rc={rc} />
                <input type="hidden" name="item" value={String(i.id)} />
                <button type="submit" class="action delete" safe>
                  {t('Remove item')}
                </button>
              </form>
            </li>
          ))}
        </ol>
      ) : (
        <div class="message info empty" safe>
          {t('You have no items in your wish list.')}
        </div>
      ),
    );
  }, { access: 'customer' });
  r.storefrontPost('/wishlist/index/add', async (req, reply, rc) => {
    const productId = idOf(bodyOf(req).product);
    if (!productId) return reply.callNotFound();
    const result = await attempt(() => rc.app.services.customers.addToWishlist(rc, rc.locals.customer!.id, productId));
    if (!result.ok) return redirectWith(reply, rc, rc.url('/wishlist'), failure(rc, result.message));
    return redirectWith(reply, rc, rc.url('/wishlist'), success(rc, result.value ? 'The product has been added to your Wish List.' : 'This product is already in your Wish List.'));
  }, { access: 'customer', signInMessage: 'You must sign in to add products to your wish list.' });
  r.storefrontPost('/wishlist/index/remove', async (req, reply, rc) => {
    const id = requireCustomer(rc, reply);
    if (!id) return reply;
    const itemId = idOf(bodyOf(req).item);
    if (!itemId) return reply.callNotFound();
    const result = await attempt(() => rc.app.services.customers.removeFromWishlist(rc, id, itemId));
    if (!result.ok) return redirectWith(reply, rc, rc.url('/wishlist'), failure(rc, result.message));
    return redirectWith(reply, rc, rc.url('/wishlist'), success(rc, 'You removed the item from your Wish List.'));
  }, { access: 'customer' });
  r.storefrontPost('/wishlist/index/cart', async (req, reply, rc) => {
    const id = requireCustomer(rc, reply);
    if (!id) return reply;
    const itemId = idOf(bodyOf(req).item);
    const item = itemId ? await customersRepo.wishlistItem(rc.db, id, itemId) : undefined;
    if (!item) return redirectWith(reply, rc, rc.url('/wishlist'), failure(rc, 'This item is no longer in your wish list.'));
    const added = await rc.app.services.cart.add(rc, item.product_id, 1);
    if (!added.ok) return redirectWith(reply, rc, rc.url('/wishlist'), ...added.messages.map((m) => failure(rc, m)));
    await customersRepo.removeWishlistItem(rc.db, id, item.id);
    return redirectWith(reply, rc, rc.url('/checkout/cart'), success(rc, 'You moved the item from your Wish List to your shopping cart.'));
  }, { access: 'customer' });
}
