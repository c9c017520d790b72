import { bodyOf, paramId, str } from '../../../http/form.ts';
import { flashNext } from '../../../http/flash.ts';
import { relyingParty } from '../../../http/relying-party.ts';
import type { RouteRegistrar } from '../../types.ts';
import { ACCOUNT_RESOURCE } from '../public.ts';
import { ACCOUNT_BASE, accountPage } from '../views/account.tsx';

/** The browser's answer to navigator.credentials.create, as public/app.js sends it (JSON), or undefined. */
function registrationAnswer(v: string): unknown {
  if (!v) return undefined;
  try {
    return JSON.parse(v.slice(0, 20_000)) as unknown;
  } catch {
    return null;
  }
}

/** Account Setting (the signed-in admin's own page): Passkeys — add with a name, list, remove. Every change is a POST with the form key. */
export function accountRoutes(r: RouteRegistrar) {
  const opts = (action: string, rateLimited?: true) => ({ resource: ACCOUNT_RESOURCE, actionName: `adminhtml_system_account_${action}`, rateLimited });

  r.adminGet('/system/account', opts('index'), async (_req, _reply, rc) => accountPage(rc, { passkeys: await rc.app.services.adminUsers.passkeys(rc) }));

  // Options for navigator.credentials.create (JSON); the challenge is kept server-side for this admin-panel session.
  r.adminPost('/system/account/passkeys/options', opts('passkey_options', true), async (req, reply, rc) => {
    const options = await rc.app.services.adminUsers.passkeyRegistrationOptions(rc, relyingParty(req, rc.app.env));
    reply.header('cache-control', 'no-store');
    if (!options.ok) return reply.code(403).send({ message: options.messages[0] });
    return reply.send(options.value);
  });

  r.adminPost('/system/account/passkeys', opts('passkey_add', true), async (req, reply, rc) => {
    const b = bodyOf(req);
    const name = str(b.name).trim();
    const answer = registrationAnswer(str(b.response));
    const again = async (errors: string[]) => {
      reply.code(400);
      return accountPage(rc, { passkeys: await rc.app.services.adminUsers.passkeys(rc), errors, name });
    };
    if (answer === undefined) return again([rc.t('Adding a passkey needs JavaScript in your browser.')]);
    // Only the account's owner may add a way to confirm it: the password first (counted toward the lockout).
    const confirmed = await rc.app.services.adminUsers.reauthenticate(rc, { password: str(b.current_password) });
    if (!confirmed.ok) {
      if (confirmed.code !== 'locked') return again(confirmed.messages);
      flashNext(reply, rc.app.env.cookieSecure, { type: 'error', text: confirmed.messages[0]! });
      return reply.redirect('/admin/login', 303);
    }
    const added = await rc.app.services.adminUsers.addPasskey(rc, relyingParty(req, rc.app.env), { name, response: answer });
    if (!added.ok) return again(added.messages);
    flashNext(reply, rc.app.env.cookieSecure, { type: 'success', text: rc.t('You added the passkey "{name}".', { name: added.value.name }) });
    return reply.redirect(ACCOUNT_BASE, 303);
  });

  r.adminPost('/system/account/passkeys/:id/delete', opts('passkey_delete'), async (req, reply, rc) => {
    const removed = await rc.app.services.adminUsers.removePasskey(rc, paramId(req) ?? 0);
    const text = removed.ok ? rc.t('You removed the passkey "{name}".', { name: removed.value.name }) : removed.messages[0]!;
    flashNext(reply, rc.app.env.cookieSecure, { type: removed.ok ? 'success' : 'error', text });
    return reply.redirect(ACCOUNT_BASE, 303);
  });
}
