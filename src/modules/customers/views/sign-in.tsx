import type { RequestContext } from '../../../kernel/request-context.ts';
import { CheckboxField, FormErrors, FormKey, TextField } from '../../../ui/components.tsx';
import { storefrontPage } from '../../../ui/storefront-layout.tsx';
import type { FormProblems } from '../public.ts';
import { ConsentCheckbox, type ConsentBox } from './consent.tsx';

/** Create New Customer Account (values and problems of a refused submit shown again). */
export function registerPage(rc: RequestContext, box: ConsentBox, v: Record<string, string> = {}, e: FormProblems = {}) {
  const t = rc.t;
  const fe = e.fields ?? {};
  rc.locals.uncacheable = true;
  return storefrontPage(rc, {
    title: t('Create New Customer Account'),
    breadcrumbs: [{ label: t('Create New Customer Account') }],
    bodyClass: 'customer-account-create',
    content: (
      <form method="post" action={rc.url('/customer/account/createpost')} class="form-create-account" novalidate>
        <FormKey rc={rc} />
        <FormErrors messages={(e.messages ?? []).map((m) => t(m))} />
        <fieldset>
          <legend safe>{t('Personal Information')}</legend>
          <TextField name="firstname" label={t('First Name')} value={v.firstname} required error={fe.firstname && t(fe.firstname)} autocomplete="given-name" />
          <TextField name="lastname" label={t('Last Name')} value={v.lastname} required error={fe.lastname && t(fe.lastname)} autocomplete="family-name" />
          <CheckboxField name="is_subscribed" id="is_subscribed" label={t('Sign Up for Newsletter')} checked={v.is_subscribed === '1'} />
          <ConsentCheckbox rc={rc} box={box} checked={v.assistance_allowed === '1'} />
        </fieldset>
        <fieldset>
          <legend safe>{t('Sign-in Information')}</legend>
          <TextField name="email" type="email" label={t('Email')} value={v.email} required error={fe.email && t(fe.email)} autocomplete="email" />
          <TextField name="password" type="password" label={t('Password')} required error={fe.password && t(fe.password)} autocomplete="new-password" />
          <TextField
            name="password_confirmation"
            type="password"
            label={t('Confirm Password')}
            required
            error={fe.password_confirmation && t(fe.password_confirmation)}
            autocomplete="new-password"
          />
        </fieldset>
        <button type="submit" class="action submit primary" safe>
          {t('Create an Account')}
        </button>
      </form>
    ),
  });
}

/** Customer Login; `error` is already translated. */
export function signInPage(rc: RequestContext, email = '', error?: string) {
  const t = rc.t;
  rc.locals.uncacheable = true;
  return storefrontPage(rc, {
    title: t('Customer Login'),
    breadcrumbs: [{ label: t('Customer Login') }],
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

/** Set a New Password (from a reset link held in a cookie). */
export function resetPage(rc: RequestContext, e: FormProblems = {}) {
  const t = rc.t;
  const fe = e.fields ?? {};
  rc.locals.uncacheable = true;
  return storefrontPage(rc, {
    title: t('Set a New Password'),
    breadcrumbs: [{ label: t('Set a New Password') }],
    content: (
      <form method="post" action={rc.url('/customer/account/resetpasswordpost')} class="form-reset-password" novalidate>
        <FormKey rc={rc} />
        <FormErrors messages={(e.messages ?? []).map((m) => t(m))} />
        <TextField name="password" type="password" label={t('New Password')} required error={fe.password && t(fe.password)} autocomplete="new-password" />
        <TextField
          name="password_confirmation"
          type="password"
          label={t('Confirm New Password')}
          required
          error={fe.password_confirmation && t(fe.password_confirmation)}
          autocomplete="new-password"
        />
        <button type="submit" class="action submit primary" safe>
          {t('Set a New Password')}
        </button>
      </form>
    ),
  });
}

/** Forgot Your Password?: asks for the email address to send the link to. */
export function forgotPasswordPage(rc: RequestContext) {
  const t = rc.t;
  return storefrontPage(rc, {
    title: t('Forgot Your Password?'),
    breadcrumbs: [{ label: t('Forgot Your Password?') }],
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
}

/** After signing out. */
export const logoutSuccessPage = (rc: RequestContext) =>
  storefrontPage(rc, {
    title: rc.t('You are signed out'),
    breadcrumbs: [{ label: rc.t('You are signed out') }],
    bodyClass: 'customer-account-logoutsuccess',
    // What the text promises: the homepage after 5 seconds (app.js; a timed meta refresh would take the pace
    // out of the reader's hands), and a link for a browser without scripts.
    content: (
      <div data-redirect-after="5" data-redirect-to={rc.url('/')}>
        <p safe>{rc.t('You have signed out and will go to our homepage in 5 seconds.')}</p>
        <p>
          <a href={rc.url('/')} safe>
            {rc.t('Continue to the homepage')}
          </a>
        </p>
      </div>
    ),
  });
