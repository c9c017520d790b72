import { formatDate } from '../../../kernel/dates.ts';
import { can, type RequestContext } from '../../../kernel/request-context.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { CheckboxField, FormErrors, FormKey, SelectField, TextField, rendered } from '../../../ui/components.tsx';
import { CHANGE_OPT_IN_RESOURCE, COUNTRIES, NO_OPT_IN_PERMISSION, NO_PROTECT_PERMISSION, PROTECT_RESOURCE, PROTECTION_REASONS } from '../public.ts';
import type { Address, AddressInput, ConsentEntry, Customer, FormProblems, ProtectionReason } from '../public.ts';
import type { CustomersService } from '../service.ts';
import { AddressBlock, AddressFields } from '../../../ui/address.tsx';
import { CUSTOMERS } from './admin-grid.tsx';

type EditData = Awaited<ReturnType<CustomersService['customerEditPage']>> & {
  websites?: { id: number; name: string }[];
  groups?: { id: number; code: string }[];
  addresses?: Address[];
  view?: { storeViewName: string; websiteName: string; groupCode: string; billing?: Address; history: ConsentEntry[] };
};

export interface AccountForm {
  websiteId: number;
  groupId: number;
  firstname: string;
  lastname: string;
  email: string;
  active: boolean;
  assistance: boolean;
  protection: ProtectionReason | null;
}

/** Everything the customer edit page shows, gathered by the route. */
export interface CustomerPageParts {
  customer: Customer | undefined;
  tabs: { id: string; label: string }[];
  current: string;
  buttons: JSX.Element[];
  data: EditData;
  form?: AccountForm;
  problems?: FormProblems;
  /** Another module's tab, already rendered. */
  extra?: JSX.Element | string;
}

/** The form's values for an account as it is (or a new one). */
export function defaultForm(rc: RequestContext, c: Customer | undefined, d: { consentActive: boolean }): AccountForm {
  return c
    ? {
        websiteId: c.website_id,
        groupId: c.group_id,
        firstname: c.firstname,
        lastname: c.lastname,
        email: c.email,
        active: c.is_active === 1,
        assistance: d.consentActive,
        protection: c.protected_reason ?? null,
      }
    : { websiteId: rc.store.website.id, groupId: 1, firstname: '', lastname: '', email: '', active: true, assistance: false, protection: null };
}

/** "Protected account" with its reason: assisted sessions need a second admin's approval; read-only without "Approve Login as Customer". */
function ProtectionField({ rc, f, error }: { rc: RequestContext; f: AccountForm; error?: string }) {
  const t = rc.t;
  const mayChange = can(rc, PROTECT_RESOURCE);
  return (
    <SelectField
      name="protected_reason"
      id="protected_reason"
      label={t('Protected account')}
      value={f.protection ?? ''}
      disabled={!mayChange}
      error={error && t(error)}
      note={mayChange ? t('A session as a protected customer needs the approval of a second admin.') : t(NO_PROTECT_PERMISSION)}
      options={[{ value: '', label: t('Not protected') }, ...PROTECTION_REASONS.map((r) => ({ value: r.value, label: t(r.label) }))]}
    />
  );
}

/** Account Information: the form (website fixed once the account exists; opt-in read-only without the permission). */
function accountTab(rc: RequestContext, c: Customer | undefined, d: EditData, f: AccountForm, e: FormProblems = {}) {
  const t = rc.t;
  const fe = e.fields ?? {};
  const groups = d.groups ?? [];
  const lac = d.lacEnabled;
  const mayChangeOptIn = can(rc, CHANGE_OPT_IN_RESOURCE);
  return (
    <form method="post" action={c ? `${CUSTOMERS}/${c.id}/save` : `${CUSTOMERS}/save`} id="customer-form" class="admin-form" novalidate>
      <FormKey rc={rc} />
      <FormErrors messages={(e.messages ?? []).map((m) => t(m))} />
      <fieldset>
        <legend safe>{t('Account Information')}</legend>
        <SelectField
          name="website_id"
          label={t('Associate to Website')}
          value={String(f.websiteId)}
          disabled={!!c}
          error={fe.website_id && t(fe.website_id)}
          options={(d.websites ?? []).map((w) => ({ value: String(w.id), label: w.name }))}
        />
        <SelectField
          name="group_id"
          label={t('Group')}
          value={String(f.groupId)}
          error={fe.group_id && t(fe.group_id)}
          options={groups.map((g) => ({ value: String(g.id), label: g.code }))}
        />
        <TextField name="firstname" label={t('First Name')} value={f.firstname} required error={fe.firstname && t(fe.firstname)} />
        <TextField name="lastname" label={t('Last Name')} value={f.lastname} required error={fe.lastname && t(fe.lastname)} />
        <TextField name="email" type="email" label={t('Email')} value={f.email} required error={fe.email && t(fe.email)} />
        <SelectField
          name="is_active"
          label={t('Account Status')}
          value={f.active ? '1' : '0'}
          options={[
            { value: '1', label: t('Active') },
            { value: '0', label: t('Inactive') },
          ]}
        />
        {lac ? (
          <SelectField
            name="assistance_allowed"
            id="assistance_allowed"
            label={t('Allow remote shopping assistance')}
            value={f.assistance ? '1' : '0'}
            disabled={!mayChangeOptIn}
            note={mayChangeOptIn ? undefined : t(NO_OPT_IN_PERMISSION)}
            options={[
              { value: '1', label: t('Yes') },
              { value: '0', label: t('No') },
            ]}
          />
        ) : (
          ''
        )}
        {lac ? ProtectionField({ rc, f, error: fe.protected_reason }) : ''}
        {c ? (
          ''
        ) : (
          <TextField
            name="password"
            type="password"
            label={t('Password')}
            error={fe.password && t(fe.password)}
            note={t('Optional. Without one the customer sets a password with "Forgot Your Password?".')}
            autocomplete="new-password"
          />
        )}
      </fieldset>
    </form>
  );
}

/**
 * The customer edit page: tabs (this module's own and those other modules declare), the buttons other modules add,
 * and the current tab (another module's tab comes already rendered in `p.extra`).
 */
export function customerPage(rc: RequestContext, p: CustomerPageParts) {
  const t = rc.t;
  const { customer: c, tabs, current, buttons, data: d } = p;
  const lockedUntil = d.lockedUntil;
  let body: JSX.Element | string;
  if (current === 'account') body = accountTab(rc, c, d, p.form ?? defaultForm(rc, c, d), p.problems);
  else if (current === 'view') body = customerViewTab(rc, c!, d);
  else if (current === 'addresses') body = addressesTab(rc, c!, d.addresses ?? []);
  else body = p.extra ?? '';
  return adminPage(rc, {
    title: c ? `${c.firstname} ${c.lastname}` : t('New Customer'),
    active: 'customers',
    actions: (
      <div class="page-actions-buttons" data-role="customer-actions">
        <a class="action-back" href={CUSTOMERS} safe>
          {t('Back')}
        </a>
        {rendered(buttons)}
        {lockedUntil ? (
          <form method="post" action={`${CUSTOMERS}/${c!.id}/unlock`} class="inline-form" data-role="customer-unlock">
            <FormKey rc={rc} />
            <button type="submit" class="action-secondary" title={t('Locked until {date}', { date: formatDate(lockedUntil, rc) })} safe>
              {t('Unlock')}
            </button>
          </form>
        ) : (
          ''
        )}
        {c ? (
          <a class="action-secondary" href={`${CUSTOMERS}/${c.id}/delete`} safe>
            {t('Delete Customer')}
          </a>
        ) : (
          ''
        )}
        {current === 'account' ? (
          <button type="submit" form="customer-form" class="action-primary" safe>
            {t('Save Customer')}
          </button>
        ) : (
          ''
        )}
      </div>
    ),
    content: (
      <div class="tabs-layout">
        <nav class="tabs-nav" aria-label={t('Customer Information')}>
          <h3 safe>{t('Customer Information')}</h3>
          {tabs.map((x) => (
            <a href={c ? `${CUSTOMERS}/${c.id}/edit?tab=${x.id}` : `${CUSTOMERS}/new`} aria-current={x.id === current ? 'page' : undefined} safe>
              {t(x.label)}
            </a>
          ))}
        </nav>
        <div class="tabs-content">{rendered(body)}</div>
      </div>
    ),
  });
}

/** Customer View: personal information, lock and consent state, the billing address and the consent history. */
function customerViewTab(rc: RequestContext, c: Customer, d: EditData) {
  const t = rc.t;
  const v = d.view!;
  const lac = d.lacEnabled;
  const lockedUntil = d.lockedUntil;
  return (
    <section class="customer-view">
      <h2 safe>{t('Personal Information')}</h2>
      <table class="admin-table">
        <tr>
          <th safe>{t('Customer ID')}</th>
          <td safe>{String(c.id)}</td>
        </tr>
        <tr>
          <th safe>{t('Email')}</th>
          <td safe>{c.email}</td>
        </tr>
        <tr>
          <th safe>{t('Account Created')}</th>
          <td safe>{formatDate(c.created_at, rc)}</td>
        </tr>
        <tr>
          <th safe>{t('Account Created in')}</th>
          <td safe>{v.storeViewName}</td>
        </tr>
        <tr>
          <th safe>{t('Associate to Website')}</th>
          <td safe>{v.websiteName}</td>
        </tr>
        <tr>
          <th safe>{t('Customer Group')}</th>
          <td safe>{v.groupCode}</td>
        </tr>
        <tr>
          <th safe>{t('Account Status')}</th>
          <td safe>{c.is_active ? t('Active') : t('Inactive')}</td>
        </tr>
        <tr>
          <th safe>{t('Account Lock')}</th>
          <td safe>{lockedUntil ? t('Locked until {date}', { date: formatDate(lockedUntil, rc) }) : t('Unlocked')}</td>
        </tr>
        {lac ? (
          <tr>
            <th safe>{t('Allow remote shopping assistance')}</th>
            <td safe>
              {d.consentActive ? (c.assistance_expires_at ? t('Yes, until {date}', { date: formatDate(c.assistance_expires_at, rc) }) : t('Yes')) : t('No')}
            </td>
          </tr>
        ) : (
          ''
        )}
      </table>
      <h2 safe>{t('Default Billing Address')}</h2>
      {v.billing ? <AddressBlock a={v.billing} countries={COUNTRIES} /> : <p safe>{t('The customer does not have default billing address')}</p>}
      {lac ? <ConsentHistory rc={rc} history={v.history} /> : ''}
    </section>
  );
}

/** Remote Shopping Assistance History: the latest consent changes. */
function ConsentHistory({ rc, history }: { rc: RequestContext; history: ConsentEntry[] }) {
  const t = rc.t;
  return (
    <>
      <h2 safe>{t('Remote Shopping Assistance History')}</h2>
      {history.length ? (
        <table class="data-grid consent-history">
          <thead>
            <tr>
              <th safe>{t('Date')}</th>
              <th safe>{t('Allowed')}</th>
              <th safe>{t('Changed via')}</th>
              <th safe>{t('By')}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr>
                <td safe>{formatDate(h.created_at, rc)}</td>
                <td safe>{h.allowed ? (h.expires_at ? t('Yes, until {date}', { date: formatDate(h.expires_at, rc) }) : t('Yes')) : t('No')}</td>
                <td safe>{t(h.surface === 'admin' ? 'Admin' : h.surface === 'api' ? 'API' : 'Storefront')}</td>
                <td safe>{h.admin_username ?? (h.admin_id ? t('Admin #{id}', { id: h.admin_id }) : t('Customer'))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p safe>{t('No changes recorded.')}</p>
      )}
    </>
  );
}

/** Addresses: every address with its default marks, edit and delete. */
function addressesTab(rc: RequestContext, c: Customer, addresses: Address[]) {
  const t = rc.t;
  return (
    <section class="customer-addresses">
      <a class="action-secondary" href={`${CUSTOMERS}/${c.id}/address/new`} safe>
        {t('Add New Address')}
      </a>
      {addresses.length ? (
        <ul class="addresses">
          {addresses.map((a) => (
            <li>
              {a.id === c.default_billing_id ? <strong safe>{t('Default Billing Address')}</strong> : ''}
              {a.id === c.default_shipping_id ? <strong safe>{t('Default Shipping Address')}</strong> : ''}
              <AddressBlock a={a} countries={COUNTRIES} />
              <a href={`${CUSTOMERS}/${c.id}/address/${a.id}/edit`} safe>
                {t('Edit')}
              </a>
              <form
                method="post"
                action={`${CUSTOMERS}/${c.id}/address/${a.id}/delete`}
                class="inline-form"
                data-confirm={t('Are you sure you want to delete this address?')}
              >
                <FormKey rc={rc} />
                <button type="submit" class="action-link" safe>
                  {t('Delete')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p safe>{t('The customer has no addresses.')}</p>
      )}
    </section>
  );
}

/** Add New Address / Edit Address in the admin. */
export function adminAddressPage(rc: RequestContext, c: Customer, v: Partial<AddressInput>, addressId?: number, e: FormProblems = {}) {
  const t = rc.t;
  return adminPage(rc, {
    title: addressId ? t('Edit Address') : t('Add New Address'),
    active: 'customers',
    actions: (
      <>
        <a class="action-back" href={`${CUSTOMERS}/${c.id}/edit?tab=addresses`} safe>
          {t('Back')}
        </a>
        <button type="submit" form="address-form" class="action-primary" safe>
          {t('Save Address')}
        </button>
      </>
    ),
    content: (
      <form
        method="post"
        id="address-form"
        action={addressId ? `${CUSTOMERS}/${c.id}/address/${addressId}/save` : `${CUSTOMERS}/${c.id}/address/save`}
        class="admin-form"
        novalidate
      >
        <FormKey rc={rc} />
        <FormErrors messages={(e.messages ?? []).map((m) => t(m))} />
        <CheckboxField
          name="default_billing"
          label={t('Default Billing Address')}
          checked={!!v.defaultBilling || (!!addressId && c.default_billing_id === addressId)}
        />
        <CheckboxField
          name="default_shipping"
          label={t('Default Shipping Address')}
          checked={!!v.defaultShipping || (!!addressId && c.default_shipping_id === addressId)}
        />
        <AddressFields rc={rc} v={v} fe={e.fields} countries={COUNTRIES} />
      </form>
    ),
  });
}
