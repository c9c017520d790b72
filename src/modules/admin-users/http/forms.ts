import { z } from 'zod';
import { idOf } from '../../../http/form.ts';

/**
 * The user and role forms as zod schemas. A field that is missing or not a single string reads as empty, as it
 * always has; what the values must be (required names, password rules, unique names) is the service's to say,
 * with the messages the form shows.
 */
const text = z
  .unknown()
  .optional()
  .transform((v) => (typeof v === 'string' ? v : ''));
const flag = z
  .unknown()
  .optional()
  .transform((v) => v === '1');
// An id within the database's integer range (a longer number is no row, not a failed query).
const id = z.unknown().optional().transform(idOf);

const userSchema = z
  .object({
    user_id: id,
    username: text,
    firstname: text,
    lastname: text,
    email: text,
    interface_locale: text,
    is_active: flag,
    role_id: id,
    password: text,
    password_confirmation: text,
    current_password: text,
  })
  .transform((b) => ({
    form: {
      id: b.user_id,
      username: b.username.trim(),
      firstName: b.firstname,
      lastName: b.lastname,
      email: b.email,
      interfaceLocale: b.interface_locale || 'en_US',
      isActive: b.is_active,
      roleId: b.role_id ?? null,
    },
    password: b.password,
    confirmation: b.password_confirmation,
    currentPassword: b.current_password,
  }));

const roleSchema = z
  .object({
    role_id: id,
    rolename: text,
    all: flag,
    'resource[]': z
      .unknown()
      .optional()
      .transform((raw) => (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String)),
    current_password: text,
  })
  .transform((b) => ({ id: b.role_id, name: b.rolename, all: b.all, resources: b['resource[]'], currentPassword: b.current_password }));

const bodyOf = (body: unknown) => (body && typeof body === 'object' ? body : {});
export const userFormFrom = (body: unknown) => userSchema.parse(bodyOf(body));
export const roleFormFrom = (body: unknown) => roleSchema.parse(bodyOf(body));
