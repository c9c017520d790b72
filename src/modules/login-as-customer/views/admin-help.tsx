import type { RequestContext } from '../../../kernel/request-context.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { FormKey } from '../../../ui/components.tsx';
import { HELP_CODE_DIGITS } from '../settings.ts';

/** Admin views of help codes: the field beside "Login as Customer" and the "Find Customer by Help Code" page. */

export const HELP_CODE_ACTION = '/admin/loginascustomer/help-code';

/** "Help code" and "Use Help Code" on the customer page (the code is posted, never put in a URL). */
export function HelpCodeForm({ rc, customerId }: { rc: RequestContext; customerId: number }) {
  const t = rc.t;
  const id = `lac-help-code-${customerId}`;
  return (
    <form method="post" action={HELP_CODE_ACTION} class="inline-form lac-help-code" data-role="lac-help-code">
      <FormKey rc={rc} />
      <input type="hidden" name="customer_id" value={String(customerId)} />
      <label for={id} safe>
        {t('Help code')}
      </label>{' '}
      <input id={id} name="code" inputmode="numeric" autocomplete="off" maxlength="12" size="8" pattern={`[0-9 -]{${HELP_CODE_DIGITS},12}`} required />{' '}
      <button type="submit" class="action-secondary" safe>
        {t('Use Help Code')}
      </button>
    </form>
  );
}

/** Customers > Find Customer by Help Code: the code the customer reads out finds them and allows one session. */
export function findByHelpCodePage(rc: RequestContext, error?: string) {
  const t = rc.t;
  return adminPage(rc, {
    title: t('Find Customer by Help Code'),
    active: 'customers',
    content: (
      <div class="lac-find-help-code">
        {error ? (
          <div class="messages" role="alert">
            <div class="message message-error" safe>
              {error}
            </div>
          </div>
        ) : (
          ''
        )}
        <p safe>
          {t(
            'Ask the customer to choose "Get help" in My Account (or in the store footer) and read you the code. It finds their account and lets you log in as them once, even if remote shopping assistance is off.',
          )}
        </p>
        <form method="post" action={HELP_CODE_ACTION} class="lac-help-code-find">
          <FormKey rc={rc} />
          <div class="field required">
            <label for="lac-help-code" safe>
              {t('Help code')}
            </label>
            <input id="lac-help-code" name="code" inputmode="numeric" autocomplete="off" maxlength="12" required />
          </div>
          <button type="submit" class="action-primary" safe>
            {t('Find Customer')}
          </button>
        </form>
      </div>
    ),
  });
}
