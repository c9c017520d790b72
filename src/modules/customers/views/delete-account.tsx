import type { RequestContext } from '../../../kernel/request-context.ts';
import { CheckboxField, FormErrors, FormKey, TextField } from '../../../ui/components.tsx';
import type { FormProblems } from '../public.ts';
import { accountPage } from '../../../ui/account-layout.tsx';

/** My Account > Account Information > Delete Account: asks for the password and an explicit confirmation. */
export function deleteAccountPage(rc: RequestContext, errors: FormProblems = {}) {
  const t = rc.t;
  const fe = errors.fields ?? {};
  return accountPage(
    rc,
    t('Delete Account'),
    '/customer/account/edit',
    <form class="form delete-account" method="post" action={rc.url('/customer/account/deletePost')}>
      <FormKey rc={rc} />
      <FormErrors messages={(errors.messages ?? []).map((m) => t(m))} />
      <p safe>
        {t(
          'Deleting your account signs you out everywhere and removes your addresses, wish list and saved cart. Your orders stay on record for the store, without a link to an account. This cannot be undone.',
        )}
      </p>
      <TextField
        name="current_password"
        type="password"
        label={t('Current Password')}
        error={fe.current_password && t(fe.current_password)}
        autocomplete="current-password"
        required
      />
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
