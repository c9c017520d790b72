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

/** Address fields, as in the address book, checkout and the admin. */
export function AddressFields({ rc, v, fe = {}, countries }: { rc: RequestContext; v: AddressValues; fe?: Record<string, string>; countries: Country[] }) {
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
        options={countries.map((c) => ({ value: c.code, label: t(c.name) }))}
      />
    </>
  );
}
