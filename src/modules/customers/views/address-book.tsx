import type { RequestContext } from '../../../kernel/request-context.ts';
import { CheckboxField, FormErrors, FormKey } from '../../../ui/components.tsx';
import { COUNTRIES, type Address, type AddressInput, type Customer, type FormProblems } from '../public.ts';
import { accountPage } from '../../../ui/account-layout.tsx';
import { AddressBlock, AddressFields } from '../../../ui/address.tsx';

/** Address Book: the default addresses, then the others with edit and delete. */
export function addressBookPage(rc: RequestContext, c: Customer, addresses: Address[]) {
  const t = rc.t;
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
              <strong safe>
                {[a.id === c.default_billing_id ? t('Default Billing Address') : '', a.id === c.default_shipping_id ? t('Default Shipping Address') : '']
                  .filter(Boolean)
                  .join(' / ')}
              </strong>
              <AddressBlock a={a} countries={COUNTRIES} />
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
                <AddressBlock a={a} countries={COUNTRIES} />
                <a href={rc.url(`/customer/address/edit/${a.id}`)} safe>
                  {t('Edit Address')}
                </a>
                <form
                  method="post"
                  action={rc.url(`/customer/address/delete/${a.id}`)}
                  class="inline-form"
                  data-confirm={t('Are you sure you want to delete this address?')}
                >
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
}

/** Add New Address / Edit Address (values and problems of a refused submit shown again). */
export function addressFormPage(rc: RequestContext, customer: Customer, v: Partial<AddressInput>, addressId?: number, e: FormProblems = {}) {
  const t = rc.t;
  return accountPage(
    rc,
    addressId ? t('Edit Address') : t('Add New Address'),
    '/customer/address',
    <form
      method="post"
      action={rc.url(addressId ? `/customer/address/formPost/${addressId}` : '/customer/address/formPost')}
      class="form-address-edit"
      novalidate
    >
      <FormKey rc={rc} />
      <FormErrors messages={(e.messages ?? []).map((m) => t(m))} />
      <AddressFields rc={rc} v={v} fe={e.fields} countries={COUNTRIES} />
      <CheckboxField
        name="default_billing"
        label={t('Use as my default billing address')}
        checked={!!v.defaultBilling || (!!addressId && customer.default_billing_id === addressId)}
      />
      <CheckboxField
        name="default_shipping"
        label={t('Use as my default shipping address')}
        checked={!!v.defaultShipping || (!!addressId && customer.default_shipping_id === addressId)}
      />
      <button type="submit" class="action save primary" safe>
        {t('Save Address')}
      </button>
    </form>,
  );
}
