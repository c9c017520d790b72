import { z } from 'zod';
import { addressFields, addressFromFields } from '../../../http/address-form.ts';
import { checked, ids, idOf, str } from '../../../http/form.ts';
import { asDuration, protectionReasonOf, type AddressFieldsShape, type AddressInput, type ProtectionReason } from '../public.ts';
import type { AccountUpdate, RegisterInput } from '../service/accounts.ts';
import type { AdminAccountInput } from '../service/admin.ts';

/**
 * The customers module's forms, read at the edge: every field arrives as a string, an array or not at all, and
 * each schema turns a body into the typed input of one service call (plus what the form shows again when it is
 * refused). Field rules (required, lengths, email, password strength) stay in the service, which every door
 * (forms, GraphQL, REST) goes through; only checks of the form itself (e.g. "a login and a password") live here.
 */

/** A text field: its first string value (U+0000 dropped), '' when missing or not text. */
const text = z
  .unknown()
  .optional()
  .transform((v) => str(v));
/** A checkbox: ticked when "1" or "on". */
const box = z
  .unknown()
  .optional()
  .transform((v) => checked(v));
/** A positive id, or undefined. */
const id = z
  .unknown()
  .optional()
  .transform((v) => idOf(v));
const flag = (on: boolean) => (on ? '1' : '');

/** Create an Account. */
export const registerForm = z
  .object({
    firstname: text,
    lastname: text,
    email: text,
    password: text,
    password_confirmation: text,
    is_subscribed: box,
    assistance_allowed: box,
    assistance_duration: text,
  })
  .transform((f) => ({
    shown: {
      firstname: f.firstname,
      lastname: f.lastname,
      email: f.email,
      is_subscribed: flag(f.is_subscribed),
      assistance_allowed: flag(f.assistance_allowed),
    },
    input: {
      firstname: f.firstname,
      lastname: f.lastname,
      email: f.email,
      password: f.password,
      confirmation: f.password_confirmation,
      assistance: f.assistance_allowed,
      assistanceDuration: asDuration(f.assistance_duration) ?? 'forever',
      newsletter: f.is_subscribed,
    } satisfies RegisterInput,
  }));

/** Sign In: both fields are needed before any account is looked up. */
export const signInForm = z
  .object({ 'login[username]': text, 'login[password]': text })
  .transform((f) => ({ email: f['login[username]'], password: f['login[password]'] }))
  .refine((f) => f.email.trim() !== '' && f.password !== '', { message: 'A login and a password are required.' });

/** Forgot Your Password? */
export const forgotPasswordForm = z.object({ email: text.transform((v) => v.trim()) });

/** Set a New Password. */
export const resetPasswordForm = z.object({ password: text, password_confirmation: text });

/** Account Information; `assistance` counts only while Login as Customer is enabled (the box exists only then). */
export const accountEditForm = (lacEnabled: boolean) =>
  z
    .object({
      firstname: text,
      lastname: text,
      email: text,
      change_email: box,
      change_password: box,
      assistance_allowed: box,
      assistance_duration: text,
      current_password: text,
      password: text,
      password_confirmation: text,
    })
    .transform((f) => ({
      shown: {
        firstname: f.firstname,
        lastname: f.lastname,
        email: f.email,
        change_email: flag(f.change_email),
        change_password: flag(f.change_password),
        assistance_allowed: flag(f.assistance_allowed),
      },
      input: {
        firstname: f.firstname,
        lastname: f.lastname,
        email: f.email,
        changeEmail: f.change_email,
        changePassword: f.change_password,
        currentPassword: f.current_password,
        password: f.password,
        confirmation: f.password_confirmation,
        assistance: lacEnabled ? f.assistance_allowed : undefined,
        assistanceDuration: asDuration(f.assistance_duration) ?? 'keep',
      } satisfies AccountUpdate,
    }));

/** An address (address book, admin): the shared address fields and the two default boxes. */
export const addressForm = addressFields
  .extend({ default_billing: box, default_shipping: box })
  .transform((f): AddressInput => ({ ...addressFromFields(f), defaultBilling: f.default_billing, defaultShipping: f.default_shipping }));

/** A saved address as the form's values (to edit it). */
export const addressValues = (a: AddressFieldsShape): Partial<AddressInput> => ({
  firstname: a.firstname,
  lastname: a.lastname,
  company: a.company,
  street: a.street,
  city: a.city,
  region: a.region,
  postcode: a.postcode,
  countryId: a.country_id,
  telephone: a.telephone,
});

/** Delete Account. */
export const deleteAccountForm = z
  .object({ current_password: text, confirm: box })
  .transform((f) => ({ currentPassword: f.current_password, confirmed: f.confirm }));

/** Newsletter Subscriptions: a hidden "0" comes before the box, so ticked means a "1" among the values. */
export const newsletterForm = z.object({
  is_subscribed: z
    .unknown()
    .optional()
    .transform((v) => (Array.isArray(v) ? v.includes('1') : v === '1')),
});

/** Wish list buttons. */
export const wishlistProductForm = z.object({ product: id });
export const wishlistItemForm = z.object({ item: id });

/** The admin's Account Information; an existing account keeps its website, and a missing opt-in field means "unchanged". */
export const adminAccountForm = z.object({
  website_id: id,
  group_id: id,
  firstname: text,
  lastname: text,
  email: text,
  is_active: text,
  assistance_allowed: z.unknown().optional(),
  protected_reason: z.unknown().optional(),
  password: text,
});

/** The admin form's values and the service input, for a new account (no customer) or an existing one. */
export function adminAccountInput(
  f: z.infer<typeof adminAccountForm>,
  existing: { website_id: number; protected_reason?: ProtectionReason | null } | undefined,
  lacEnabled: boolean,
) {
  const form = {
    websiteId: existing ? existing.website_id : (f.website_id ?? 0),
    groupId: f.group_id ?? 0,
    firstname: f.firstname,
    lastname: f.lastname,
    email: f.email,
    active: f.is_active !== '0',
    assistance: str(f.assistance_allowed) === '1',
    protection: f.protected_reason === undefined ? (existing?.protected_reason ?? null) : (protectionReasonOf(str(f.protected_reason)) ?? null),
  };
  const assistance = lacEnabled && f.assistance_allowed !== undefined ? form.assistance : undefined;
  // A missing (disabled) field means "unchanged"; an unknown value is refused by the service.
  const protection = lacEnabled && f.protected_reason !== undefined ? protectionReasonOf(str(f.protected_reason)) : undefined;
  const input: AdminAccountInput = {
    ...form,
    assistance,
    protection: protection === undefined && f.protected_reason !== undefined && lacEnabled ? 'invalid' : protection,
    password: existing ? undefined : f.password,
  };
  return { form, input };
}

/** The grid's mass actions and Delete. */
export const massActionForm = z.object({
  selected: z
    .unknown()
    .optional()
    .transform((v) => ids(v)),
  mass_action: text,
  group_id: id,
});
export const massDeleteForm = z.object({
  selected: z
    .unknown()
    .optional()
    .transform((v) => ids(v)),
});

/** New / Edit Customer Group. */
export const groupCodeForm = z.object({
  code: text,
  // Not a number: -1, which the service refuses; not sent: the group keeps its class.
  tax_class_id: z
    .unknown()
    .optional()
    .transform((v) => (v === undefined ? undefined : /^\d{1,9}$/.test(str(v)) ? Number(str(v)) : -1)),
});
