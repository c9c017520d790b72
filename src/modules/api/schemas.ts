import { z } from 'zod';

/** The zod schemas of the api module's own REST bodies and answers: they validate requests and make the OpenAPI document. */

export const AdminTokenBody = z.object({
  username: z.string().describe('Admin user name'),
  password: z.string().describe('Admin password'),
});

/** 1 (or true) allowed, 2 (or 0, false) denied: Magento's values and the booleans clients send. */
const Assistance = z.union([z.literal(1), z.literal(2), z.literal(0), z.boolean()]);

export const CustomerParams = z.object({ id: z.string().describe('Customer id') });

export const CustomerSaveBody = z.object({
  customer: z
    .object({
      extension_attributes: z.object({ assistance_allowed: Assistance.optional().describe('1 = remote shopping assistance allowed, 2 = denied') }).optional(),
    })
    .optional(),
  allow_remote_shopping_assistance: Assistance.optional().describe('The same as customer.extension_attributes.assistance_allowed, when that is absent'),
});

export const ApiError = z.object({ message: z.string() });

export const CustomerAnswer = z.object({
  id: z.number().int(),
  group_id: z.number().int(),
  email: z.string(),
  firstname: z.string(),
  lastname: z.string(),
  website_id: z.number().int(),
  store_id: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
  extension_attributes: z.object({
    assistance_allowed: z.union([z.literal(1), z.literal(2)]).describe('1 = remote shopping assistance allowed, 2 = denied'),
    assistance_expires_at: z.string().nullable().describe('When a time-limited consent ends (UTC)'),
  }),
});

export const DOC_INFO = {
  title: 'Concierge REST API',
  version: '1.0.0',
  description:
    "Admin bearer tokens come from POST /rest/V1/integration/admin/token and behave like an admin-panel session (same idle timeout, same permissions, ended by deactivation). Every call is checked against the role of the token's admin and logged like the admin panel. GraphQL is at POST /graphql (generateCustomerTokenAsAdmin, Customer.allow_remote_shopping_assistance, createCustomer, updateCustomer).",
};
