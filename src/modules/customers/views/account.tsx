import { formatDate } from '../../../kernel/dates.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { CheckboxField, FormErrors, FormKey, TextField } from '../../../ui/components.tsx';
import { COUNTRIES, type Address, type Customer, type FormProblems } from '../public.ts';
import { accountPage } from '../../../ui/account-layout.tsx';
import { AddressBlock } from '../../../ui/address.tsx';
import { ConsentCheckbox, type ConsentBox } from './consent.tsx';

export interface AccountDashboard {
  customer: Customer;
  billing?: Address;
  shipping?: Address;
  subscribed: boolean;
  lacEnabled: boolean;
  consentActive: boolean;
}

export interface AccountEditData {
  customer: Customer;
  consentActive: boolean;
  consentBox: ConsentBox;
}

/** My Account: contact information, newsletter, remote assistance and the default addresses. */
export function accountDashboardPage(rc: RequestContext, d: AccountDashboard) {
  const t = rc.t;
  const c = d.customer;
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
          <p safe>{d.subscribed ? t('You are subscribed to "General Subscription".') : t("You aren't subscribed to our newsletter.")}</p>
          <a href={rc.url('/newsletter/manage')} safe>
            {t('Edit')}
          </a>
        </div>
        {d.lacEnabled ? (
          <div class="box box-assistance">
            <strong safe>{t('Remote Shopping Assistance')}</strong>
            <p safe>
              {d.consentActive
                ? c.assistance_expires_at
                  ? t('Store staff may sign in to your account to help you until {date}.', { date: formatDate(c.assistance_expires_at, rc) })
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
          {d.billing ? <AddressBlock a={d.billing} countries={COUNTRIES} /> : <p safe>{t('You have not set a default billing address.')}</p>}
        </div>
        <div class="box box-shipping-address">
          <strong safe>{t('Default Shipping Address')}</strong>
          {d.shipping ? <AddressBlock a={d.shipping} countries={COUNTRIES} /> : <p safe>{t('You have not set a default shipping address.')}</p>}
        </div>
        <a href={rc.url('/customer/address')} safe>
          {t('Manage Addresses')}
        </a>
      </section>
    </>,
  );
}

/** Account Information: the form, with a refused submit's values and problems (v) or the account's own. */
export function accountEditPage(rc: RequestContext, d: AccountEditData, v?: Record<string, string>, e: FormProblems = {}) {
  const t = rc.t;
  const c = d.customer;
  const fe = e.fields ?? {};
  const values = v ?? { firstname: c.firstname, lastname: c.lastname, email: c.email };
  const active = d.consentActive;
  const consent = v ? v.assistance_allowed === '1' : active;
  return accountPage(
    rc,
    t('Edit Account Information'),
    '/customer/account/edit',
    <form method="post" action={rc.url('/customer/account/editPost')} class="form-edit-account" novalidate>
      <FormKey rc={rc} />
      <FormErrors messages={(e.messages ?? []).map((m) => t(m))} />
      <fieldset>
        <legend safe>{t('Account Information')}</legend>
        <TextField name="firstname" label={t('First Name')} value={values.firstname} required error={fe.firstname && t(fe.firstname)} />
        <TextField name="lastname" label={t('Last Name')} value={values.lastname} required error={fe.lastname && t(fe.lastname)} />
        <CheckboxField name="change_email" id="change-email" label={t('Change Email')} checked={values.change_email === '1'} />
        <CheckboxField name="change_password" id="change-password" label={t('Change Password')} checked={values.change_password === '1'} />
        <ConsentCheckbox rc={rc} box={d.consentBox} checked={consent} current={active} expiresAt={active ? c.assistance_expires_at : null} />
      </fieldset>
      <fieldset>
        <legend safe>{t('Change Email and Password')}</legend>
        <p class="note" safe>
          {t('Tick "Change Email" or "Change Password" above; both need your current password.')}
        </p>
        <TextField name="email" type="email" label={t('Email')} value={values.email} error={fe.email && t(fe.email)} />
        <TextField
          name="current_password"
          type="password"
          label={t('Current Password')}
          error={fe.current_password && t(fe.current_password)}
          autocomplete="current-password"
        />
        <TextField name="password" type="password" label={t('New Password')} error={fe.password && t(fe.password)} autocomplete="new-password" />
        <TextField
          name="password_confirmation"
          type="password"
          label={t('Confirm New Password')}
          error={fe.password_confirmation && t(fe.password_confirmation)}
          autocomplete="new-password"
        />
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
