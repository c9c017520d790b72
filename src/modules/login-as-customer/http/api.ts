import { z } from 'zod';
import { statusOf } from '../../../http/failures.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { ok, refused, type Result } from '../../../kernel/result.ts';
import type { GraphqlResolver, RestOperation } from '../../types.ts';
import { ALLOW_RESOURCE, BINDING_COOKIE } from '../public.ts';

/** The body of POST /rest/V1/loginascustomer/sessions. Values the old door ignored are still ignored, not refused. */
export const StartSessionBody = z.object({
  customer_id: z.coerce.number().int().min(1).max(2_147_483_647).describe('The customer to log in as'),
  store_id: z.union([z.number(), z.string()]).optional().catch(Number.NaN).describe('Store view id; required with Manual Selection, auto-detected otherwise'),
  reason: z.string().optional().catch(undefined).describe('Why the session is needed (required when "Require a reason" is Yes)'),
  view_only: z
    .boolean()
    .optional()
    .describe(
      'true: a view-only session (the storefront refuses every change); false: full access. Absent: the "Default session access" setting. Without "Allow full access" the session is view only whatever this says.',
    ),
});

const StartSessionAnswer = z.object({
  lac_session_id: z.number().int(),
  redeem_url: z.string(),
  token: z.string(),
  binding_cookie: z.object({ name: z.string(), value: z.string() }),
  expires_in: z.number().int(),
  view_only: z.boolean().describe('Whether the session is view only'),
});

/** REST: request an assisted-session handoff, with the same checks and log entries as the admin button. */
const startSession: RestOperation = {
  method: 'POST',
  url: '/rest/V1/loginascustomer/sessions',
  access: `api-admin:${ALLOW_RESOURCE}`,
  // Only authentication before the handler: the permission and every other check are the service's, which logs refusals.
  resourceCheckedByService: true,
  actionName: 'rest_loginascustomer_start',
  summary: 'Request an assisted-session handoff (the same checks and log entries as the admin button)',
  body: StartSessionBody,
  invalidBodyMessage: '"customer_id" is required, and "view_only" must be true or false when given.',
  success: {
    status: 201,
    description: 'POST the token (form field "token") to redeem_url from a browser that sends the binding cookie, within expires_in seconds; it works once.',
    schema: StartSessionAnswer,
  },
  responses: {
    400: 'Refused: the message says why (disabled, no consent, store view …)',
    401: 'No or invalid token, or a token older than "Require re-authentication after (minutes)" (request a new one)',
    403: 'The role lacks "Allow Login as Customer"',
    404: 'No customer has this id',
  },
  async handle(rc: RequestContext, body: z.output<typeof StartSessionBody>) {
    const result = await rc.app.services.loginAsCustomer.start(rc, {
      customerId: body.customer_id,
      storeViewId: body.store_id === undefined ? undefined : Number(body.store_id),
      reason: body.reason,
      viewOnly: body.view_only,
    });
    if (!result.ok) return { status: statusOf(result.kind), body: { message: result.messages[0] } };
    const v = result.value;
    return {
      status: 201,
      body: {
        lac_session_id: v.sessionId,
        redeem_url: `${rc.app.env.publicUrl}${v.view.prefix}/loginascustomer/login/redeem`,
        token: v.token,
        binding_cookie: { name: BINDING_COOKIE, value: v.binding },
        expires_in: v.tokenSeconds,
        view_only: v.viewOnly,
      },
    };
  },
};

export const lacRestOperations: RestOperation[] = [startSession];

/**
 * GraphQL generateCustomerTokenAsAdmin: every check (feature, permission, customer, consent, store view) and its
 * log entry is the service's; an unknown email is passed as "no such customer" so the refusal is logged like any
 * other. Refusals carry the kind whose category Magento answers with.
 */
async function generateCustomerTokenAsAdmin(
  args: { input: { customer_email: string; view_only?: boolean | null } },
  rc: RequestContext,
): Promise<Result<{ customer_token: string }>> {
  const email = (args.input.customer_email ?? '').trim();
  if (!email) return refused('Specify the "customer email" value.', 'validation');
  const customers = rc.app.services.customers;
  const customer = await customers.byEmail(rc, email, (await customers.sharedGlobally(rc)) ? undefined : rc.store.website.id);
  const result = await rc.app.services.loginAsCustomer.startWithCustomerToken(rc, {
    customerId: customer?.id ?? 0,
    storeViewId: rc.store.view.id,
    viewOnly: args.input.view_only ?? undefined,
  });
  if (!result.ok) {
    if (result.code === 'no_customer') return refused(rc.t('Customer with email "{email}" does not exist', { email }), 'not_found');
    if (result.code === 'forbidden') return refused("The current user isn't authorized.", 'forbidden');
    // A token older than "Require re-authentication after (minutes)": a new token (a fresh sign-in) is the answer.
    if (result.code === 'step_up_required') return refused(result.messages[0]!, 'unauthenticated', { code: result.code });
    return refused(result.messages[0]!, result.code === 'disabled' ? 'forbidden' : 'validation');
  }
  return ok({ customer_token: result.value.customerToken });
}

export const lacGraphqlResolvers = { Mutation: { generateCustomerTokenAsAdmin: generateCustomerTokenAsAdmin as GraphqlResolver } };

/** A customer token of an assisted session gets the storefront's per-request check (manifest onCustomerTokenRequest). */
export async function onAssistedToken(rc: RequestContext): Promise<boolean> {
  if (typeof rc.locals.sessionData?.lacSessionId !== 'number') return true;
  const info = await rc.app.services.loginAsCustomer.check(rc);
  if (!info) return false;
  rc.locals.assisted = info;
  rc.locals.assistedAdminId = info.adminId;
  return true;
}

/** Audits a change sent with an assisted session's customer token (field names only, never values). */
export const onAssistedTokenChange = (rc: RequestContext, change: { method: string; operation: string; fields: string[] }) =>
  rc.app.services.loginAsCustomer.recordAssistedAction(rc, change.method, change.operation, 200, change.fields);
