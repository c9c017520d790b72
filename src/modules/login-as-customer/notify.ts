import { formatDate } from '../../kernel/dates.ts';
import type { RequestContext } from '../../kernel/request-context.ts';
import type { Customer } from './model.ts';

/**
 * Queues the email telling the customer that store staff signed in to their account (setting "Notify customer by
 * email"), in the transaction that starts the session: no session, no email.
 */
export async function notifyCustomer(rc: RequestContext, customer: Customer, session: { admin_name: string; reason: string }, nowIso: string) {
  const t = rc.t;
  await rc.app.services.mail.queue(rc, {
    to: customer.email,
    subject: t('Store staff signed in to your {store} account', { store: rc.store.website.name }),
    text: [
      t('Hello {name},', { name: `${customer.firstname} ${customer.lastname}` }),
      '',
      t('{admin} from {store} signed in to your account at {time} to help you, as you allowed with "Allow remote shopping assistance".', {
        admin: session.admin_name,
        store: rc.store.website.name,
        time: formatDate(nowIso, rc),
      }),
      session.reason ? t('Reason given: {reason}', { reason: session.reason }) : '',
      '',
      t('You can turn remote shopping assistance off at any time in My Account > Account Information.'),
    ].join('\n'),
  });
}
