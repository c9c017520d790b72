import { bodyOf, idOf, redirectWith, str } from '../../../http/form.ts';
import { can, type RequestContext } from '../../../kernel/request-context.ts';
import type { RouteRegistrar } from '../../types.ts';
import { HELP_CODE_RESOURCE } from '../public.ts';
import { HELP_CODE_DIGITS } from '../settings.ts';
import { findByHelpCodePage, HELP_CODE_ACTION, HelpCodeForm } from '../views/admin-help.tsx';

/**
 * The resource the help-code POST declares: any admin with customer access reaches the service, which checks
 * "Allow Login as Customer" and "Use help codes" and logs a refusal (as the "Login as Customer" POST does).
 */
const CUSTOMER_ACCESS = 'customers';

/** The help-code field beside "Login as Customer", for admins who may use help codes while they are enabled. */
export async function helpCodeField(rc: RequestContext, customerId: number): Promise<JSX.Element> {
  const lac = rc.app.services.loginAsCustomer;
  const e = await lac.eligibility(rc);
  if (!e.mayStart || !can(rc, HELP_CODE_RESOURCE)) return '';
  if (!(await lac.helpCodesEnabled(rc))) return '';
  return HelpCodeForm({ rc, customerId });
}

export function helpCodeAdminRoutes(r: RouteRegistrar) {
  r.adminGet(
    HELP_CODE_ACTION.slice('/admin'.length),
    { resource: HELP_CODE_RESOURCE, actionName: 'loginascustomer_helpcode_index' },
    async (_req, reply, rc) => {
      if (!(await rc.app.services.loginAsCustomer.helpCodesEnabled(rc))) return reply.callNotFound();
      return findByHelpCodePage(rc);
    },
  );

  r.adminPost(HELP_CODE_ACTION.slice('/admin'.length), { resource: CUSTOMER_ACCESS, actionName: 'loginascustomer_helpcode_redeem' }, async (req, reply, rc) => {
    const b = bodyOf(req);
    const customerId = idOf(b.customer_id);
    // Nothing to try (as the Login as Customer POST without a customer): the form again, nothing counted.
    if (!str(b.code).trim()) {
      const text = rc.t('Enter the {digits}-digit help code.', { digits: HELP_CODE_DIGITS });
      if (customerId) return redirectWith(reply, rc, `/admin/customers/${customerId}/edit`, { type: 'error', text });
      reply.code(400);
      return findByHelpCodePage(rc, text);
    }
    const result = await rc.app.services.loginAsCustomer.redeemHelpCode(rc, { code: str(b.code), customerId });
    if (!result.ok) {
      const error = { type: 'error' as const, text: result.messages[0]! };
      if (customerId) return redirectWith(reply, rc, `/admin/customers/${customerId}/edit`, error);
      reply.code(result.kind === 'rate_limited' ? 429 : result.kind === 'forbidden' ? 403 : 400);
      return findByHelpCodePage(rc, error.text);
    }
    const id = result.value.customerId;
    const customer = await rc.app.services.customers.byId(rc, id);
    const name = customer ? `${customer.firstname} ${customer.lastname}` : String(id);
    // The usual confirmation (store view, reason, access), now allowed once for this admin.
    return redirectWith(reply, rc, `/admin/loginascustomer/confirm/${id}?back=${encodeURIComponent(`/admin/customers/${id}/edit`)}`, {
      type: 'success',
      text: rc.t('Help code accepted: you may now log in as {name} once.', { name }),
    });
  });
}
