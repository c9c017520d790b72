import { formatDate } from '../../../kernel/dates.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { ColumnHeads, FormErrors, FormKey } from '../../../ui/components.tsx';

/** Account Setting: the signed-in admin's own page; its Passkeys section adds (with a name), lists and removes passkeys. */

export const ACCOUNT_BASE = '/admin/system/account';

export interface PasskeyListed {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

function PasskeyList({ rc, passkeys }: { rc: RequestContext; passkeys: PasskeyListed[] }) {
  const t = rc.t;
  if (!passkeys.length)
    return (
      <p class="passkeys-empty" safe>
        {t('You have no passkey registered.')}
      </p>
    );
  return (
    <div class="data-grid-wrap" tabindex="0">
      <table class="data-grid passkeys">
        <ColumnHeads labels={[t('Name'), t('Added'), t('Last Used'), t('Action')]} />
        <tbody>
          {passkeys.map((k) => (
            <tr>
              <td safe>{k.name}</td>
              <td safe>{formatDate(k.createdAt, rc)}</td>
              <td safe>{k.lastUsedAt ? formatDate(k.lastUsedAt, rc) : t('Never')}</td>
              <td>
                <form method="post" action={`${ACCOUNT_BASE}/passkeys/${k.id}/delete`} class="inline-form">
                  <FormKey rc={rc} />
                  <button type="submit" class="action-link" aria-label={t('Remove passkey "{name}"', { name: k.name })} safe>
                    {t('Remove')}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The add form: public/app.js asks the server for options, runs navigator.credentials.create and sends the answer. */
function AddPasskeyForm({ rc, name }: { rc: RequestContext; name: string }) {
  const t = rc.t;
  return (
    <form method="post" action={`${ACCOUNT_BASE}/passkeys`} class="passkey-add" data-passkey-register={`${ACCOUNT_BASE}/passkeys/options`}>
      <FormKey rc={rc} />
      <input type="hidden" name="response" value="" />
      <h3 safe>{t('Add a passkey')}</h3>
      <div class="field required">
        <label for="passkey-name" safe>
          {t('Passkey name')}
        </label>
        <input id="passkey-name" name="name" type="text" maxlength="60" required value={name} placeholder={t('e.g. Work laptop')} />
      </div>
      <div class="field required">
        <label for="passkey-password" safe>
          {t('Your Password')}
        </label>
        <input id="passkey-password" name="current_password" type="password" autocomplete="current-password" required />
      </div>
      <p class="passkey-error" role="alert" hidden safe>
        {t('The passkey could not be registered. Please try again.')}
      </p>
      <noscript>
        <p safe>{t('Adding a passkey needs JavaScript in your browser.')}</p>
      </noscript>
      <button type="submit" class="action-primary" safe>
        {t('Add passkey')}
      </button>
    </form>
  );
}

export function accountPage(rc: RequestContext, o: { passkeys: PasskeyListed[]; errors?: string[]; name?: string }) {
  const t = rc.t;
  return adminPage(rc, {
    title: t('Account Setting'),
    active: 'system',
    content: (
      <section class="account-passkeys" aria-labelledby="passkeys-title">
        <h2 id="passkeys-title" safe>
          {t('Passkeys')}
        </h2>
        <p safe>
          {t(
            'A passkey lets you confirm who you are with your device (fingerprint, face or screen lock) or a security key instead of your password, for example before you log in as a customer.',
          )}
        </p>
        <FormErrors messages={o.errors ?? []} />
        <PasskeyList rc={rc} passkeys={o.passkeys} />
        <AddPasskeyForm rc={rc} name={o.name ?? ''} />
      </section>
    ),
  });
}
