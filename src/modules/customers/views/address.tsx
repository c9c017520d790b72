import type { RequestContext } from '../../../kernel/request-context.ts';
import { SelectField, TextField } from '../../../ui/components.tsx';
import { COUNTRIES, type AddressFieldsShape, type AddressInput } from '../public.ts';

/** An address as printed (address book, orders, checkout). */
export function AddressBlock({ a }: { a: AddressFieldsShape }) {
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
