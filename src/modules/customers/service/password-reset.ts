import { inTransaction, type RequestContext } from '../../../kernel/request-context.ts';
import { isoUtc } from '../../../kernel/clock.ts';
import { invalid, ok, refused, type Result } from '../../../kernel/result.ts';
import { hashPassword } from '../../../kernel/passwords.ts';
import { randomToken, sha256 } from '../../../kernel/tokens.ts';
import { customerPasswordProblem, PASSWORD_RESET_MINUTES, validateEmail } from '../public.ts';
import { customersRepo, type CustomerRow } from '../repo.ts';
import { sharedGlobally } from './core.ts';

/** Forgot Your Password?: the emailed single-use link, and setting the new password with it. */
export function passwordResetPart() {
  return {
    async forgotPassword(rc: RequestContext, email: string): Promise<Result<void>> {
      const errors: Record<string, string> = {};
      validateEmail(email, errors);
      if (errors.email) return invalid(errors.email, errors);
      const customer = await customersRepo.byEmail(rc.db, email.trim(), (await sharedGlobally(rc)) ? undefined : rc.store.website.id);
      if (!customer || customer.is_active !== 1) return ok(undefined);
      const token = randomToken();
      const now = rc.app.clock.now();
      const expiresAt = isoUtc(new Date(now.getTime() + PASSWORD_RESET_MINUTES * 60_000));
      const link = `${rc.app.env.publicUrl}${rc.url('/customer/account/createPassword')}?token=${encodeURIComponent(token)}`;
      const t = rc.t;
      // The token and its email commit together. The queued message holds the live link: the jobs table is
      // server-side only, never listed with payloads nor logged, and a sent message's payload is cleared.
      await inTransaction(rc, async (trx) => {
        await customersRepo.insertResetToken(trx.db, { token_hash: sha256(token), customer_id: customer.id, expires_at: expiresAt, used_at: null });
        await rc.app.services.mail.queue(trx, {
          to: customer.email,
          subject: t('Reset your {store} password', { store: rc.store.website.name }),
          text: [
            t('Hello {name},', { name: `${customer.firstname} ${customer.lastname}` }),
            '',
            t('There was recently a request to change the password for your account. If you requested this change, set a new password here:'),
            link,
            '',
            t('The link works once and expires in {minutes} minutes. If you did not make this request, you can ignore this email.', {
              minutes: PASSWORD_RESET_MINUTES,
            }),
          ].join('\n'),
        });
      });
      return ok(undefined);
    },

    async resetTokenValid(rc: RequestContext, token: string): Promise<boolean> {
      const row = await customersRepo.resetToken(rc.db, sha256(token));
      return !!row && !row.used_at && row.expires_at > isoUtc(rc.app.clock.now());
    },

    /** Sets a new password from a reset link: single use, expiring; ends the customer's other sessions. */
    async resetPassword(rc: RequestContext, token: string, password: string, confirmation: string): Promise<Result<CustomerRow>> {
      const pw = customerPasswordProblem(password);
      if (pw) return invalid(pw, { password: pw });
      if (password !== confirmation) return invalid('Please enter the same value again.', { password_confirmation: 'Please enter the same value again.' });
      const hash = await hashPassword(password);
      return inTransaction(rc, async (trx) => {
        const tokenHash = sha256(token);
        const row = await customersRepo.resetToken(trx.db, tokenHash);
        const now = isoUtc(rc.app.clock.now());
        if (!row || row.used_at || row.expires_at <= now || !(await customersRepo.useResetToken(trx.db, tokenHash, now)))
          return refused('Your password reset link has expired.', 'validation', { code: 'expired' });
        await customersRepo.update(trx.db, row.customer_id, { password_hash: hash, updated_at: now });
        await rc.app.services.sessions.destroyAllFor(trx.db, 'customer', row.customer_id);
        return ok((await customersRepo.byId(trx.db, row.customer_id))!);
      });
    },
  };
}
