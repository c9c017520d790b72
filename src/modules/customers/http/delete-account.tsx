import { attempt, bodyOf, checked, redirectWith, str } from '../../../http/form.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { CheckboxField, FormErrors, FormKey, TextField } from '../../../ui/components.tsx';
import type { RouteRegistrar } from '../../types.ts';
import { endStorefrontSession } from '../session.ts';
import { requireCustomer } from '../../../http/require-customer.ts';
import { accountPage } from './storefront.tsx';

/** My Account > Account Information > Delete Account: asks for the password and an explicit confirmation. */
function deleteAccountPage(rc: RequestContext, errors: { message?: string; fields?: Record<string, string> } = {}) {
  const t = rc.t;
  const fe = errors.fields ?? {};
  return accountPage(
    rc,
    t('Delete Account'),
    '/customer/account/edit',
    <form class="form delete-account" method="post" action={rc.url('/customer/account/deletePost')}>
      <FormKey rc={rc} />
      <FormErrors messages={errors.message ? [t(errors.message)] : []} />
      <p safe>{t('Deleting your account signs you out everywhere and removes your addresses, wish list and saved cart. Your orders stay on record for the store, without a link to an account. This cannot be undone.')}</p>
      <TextField name="current_password" type="password" label={t('Current Password')} error={fe.current_password && t(fe.current_password)} autocomplete="current-password" required />
      <CheckboxField name="confirm" label={t('I understand that my account will be deleted permanently.')} checked={false} />
      <div class="actions-toolbar">
        <button type="submit" class="action delete danger" safe>
          {t('Delete Account')}
        </button>{' '}
        <a class="action back" href={rc.url('/customer/account/edit')} safe>
          {t('Cancel')}
        </a>
      </div>
    </form>,
  );
}

export function deleteAccountRoutes(r: RouteRegistrar) {
  r.storefrontGet('/customer/account/delete', async (_req, reply, rc) => {
    if (!requireCustomer(rc, reply)) return reply;
    return deleteAccountPage(rc);
  }, { access: 'customer' });
  r.storefrontPost('/customer/account/deletePost', async (req, reply, rc) => {
    const id = requireCustomer(rc, reply);
    if (!id) return reply;
    const b = bodyOf(req);
    const result = await attempt(() => rc.app.services.customers.deleteOwnAccount(rc, id, { currentPassword: str(b.current_password), confirmed: checked(b.confirm) }));
    if (!result.ok) {
      reply.code(result.status);
      return deleteAccountPage(rc, { message: result.message, fields: result.fields });
    }
    await endStorefrontSession(rc);
    return redirectWith(reply, rc, rc.url('/'), { type: 'success', text: rc.t('Your account has been deleted.') });
  }, { access: 'customer' });
}
