import type { RequestContext } from '../kernel/request-context.ts';
import { SelectField, TextField } from './components.tsx';

/** A country an address may name (the list comes from the customers service). */
export interface Country {
  code: string;
  name: string;
}

/** What an address block shows (an order address or an address-book entry). */
export interface AddressLines {
  firstname: string;
  lastname: string;
  company: string;
  street: string;
  city: string;
  region: string;
  postcode: string;
  country_id: string;
  telephone: string;
}

/** The typed values of the address fields. */
export interface AddressValues {
  firstname?: string;
  lastname?: string;
  company?: string;
  street?: string;
  city?: string;
  region?: string;
  postcode?: string;
  countryId?: string;
  telephone?: string;
}

export function AddressBlock({ a, countries }: { a: AddressLines; countries: Country[] }) {
  const country = countries.find((c) => c.code === a.country_id)?.name ?? a.country_id;
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

/**
 * Address fields, as in the address book, checkout and the admin. A `prefix` names a second address in one form
 * (checkout's billing address: `billing_firstname`, …); `fe` is keyed by the unprefixed field names.
 */
export function AddressFields(props: { rc: RequestContext; v: AddressValues; fe?: Record<string, string>; countries: Country[]; prefix?: string }) {
  const { rc, v, fe = {}, countries, prefix = '' } = props;
  const t = rc.t;
  if (prefix) return <PrefixedAddressFields {...props} prefix={prefix} />;
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
        options={countries.map((c) => ({ value: c.code, label: t(c.name) }))}
      />
    </>
  );
}

/** The address fields under a name prefix, with ids of their own (two addresses can share a page). */
function PrefixedAddressFields({
  rc,
  v,
  fe = {},
  countries,
  prefix,
}: {
  rc: RequestContext;
  v: AddressValues;
  fe?: Record<string, string>;
  countries: Country[];
  prefix: string;
}) {
  const t = rc.t;
  const f = (name: string) => ({ name: `${prefix}${name}`, id: `f-${prefix}${name}` });
  return (
    <>
      <TextField
        {...f('firstname')}
        label={t('First Name')}
        value={v.firstname}
        required
        error={fe.firstname && t(fe.firstname)}
        autocomplete="billing given-name"
      />
      <TextField
        {...f('lastname')}
        label={t('Last Name')}
        value={v.lastname}
        required
        error={fe.lastname && t(fe.lastname)}
        autocomplete="billing family-name"
      />
      <TextField {...f('company')} label={t('Company')} value={v.company} />
      <TextField
        {...f('telephone')}
        label={t('Phone Number')}
        value={v.telephone}
        required
        error={fe.telephone && t(fe.telephone)}
        autocomplete="billing tel"
      />
      <TextField
        {...f('street')}
        label={t('Street Address')}
        value={v.street}
        required
        error={fe.street && t(fe.street)}
        autocomplete="billing street-address"
      />
      <TextField {...f('city')} label={t('City')} value={v.city} required error={fe.city && t(fe.city)} autocomplete="billing address-level2" />
      <TextField {...f('region')} label={t('State/Province')} value={v.region} autocomplete="billing address-level1" />
      <TextField
        {...f('postcode')}
        label={t('Zip/Postal Code')}
        value={v.postcode}
        required
        error={fe.postcode && t(fe.postcode)}
        autocomplete="billing postal-code"
      />
      <SelectField
        {...f('country_id')}
        label={t('Country')}
        value={v.countryId ?? 'US'}
        required
        error={fe.country_id && t(fe.country_id)}
        options={countries.map((c) => ({ value: c.code, label: t(c.name) }))}
      />
    </>
  );
}
