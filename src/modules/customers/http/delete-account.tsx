import { bodyOf, redirectWith } from '../../../http/form.ts';
import { statusOf } from '../../../http/failures.ts';
import type { RouteRegistrar } from '../../types.ts';
import { requireCustomer } from '../../../http/require-customer.ts';
import { deleteAccountPage } from '../views/delete-account.tsx';
import { deleteAccountForm } from './schemas.ts';

export function deleteAccountRoutes(r: RouteRegistrar) {
  r.storefrontGet(
    '/customer/account/delete',
    async (_req, reply, rc) => {
      if (!requireCustomer(rc, reply)) return reply;
      return deleteAccountPage(rc);
    },
    { access: 'customer' },
  );
  r.storefrontPost(
    '/customer/account/deletePost',
    async (req, reply, rc) => {
      const id = requireCustomer(rc, reply);
      if (!id) return reply;
      const result = await rc.app.services.customers.deleteOwnAccount(rc, id, deleteAccountForm.parse(bodyOf(req)));
      if (!result.ok) {
        reply.code(statusOf(result.kind));
        return deleteAccountPage(rc, result);
      }
      await rc.app.services.customers.endSession(rc);
      return redirectWith(reply, rc, rc.url('/'), { type: 'success', text: rc.t('Your account has been deleted.') });
    },
    { access: 'customer' },
  );
}
