import { z } from 'zod';
import { str } from './form.ts';

/**
 * The fields of an address form (src/ui/address.tsx AddressFields), shared by the address book, the admin and
 * checkout. Each is a text field; a missing one is '' and refused by the service with its usual message.
 */
const text = z
  .unknown()
  .optional()
  .transform((v) => str(v));

export const addressFields = z.object({
  firstname: text,
  lastname: text,
  company: text,
  street: text,
  city: text,
  region: text,
  postcode: text,
  country_id: text,
  telephone: text,
});

/** The submitted fields as the typed address the services take (country_id → countryId). */
export const addressFromFields = (f: z.output<typeof addressFields>) => ({
  firstname: f.firstname,
  lastname: f.lastname,
  company: f.company,
  street: f.street,
  city: f.city,
  region: f.region,
  postcode: f.postcode,
  countryId: f.country_id,
  telephone: f.telephone,
});
