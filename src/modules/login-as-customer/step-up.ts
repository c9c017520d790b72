import type { RequestContext } from '../../kernel/request-context.ts';
import type { RelyingParty, StepUpProof } from '../admin-users/index.ts';
import { LAC_REAUTH_MINUTES } from './settings.ts';

/**
 * Step-up before an assisted session starts: when the admin-panel session last proved who it is (sign-in, or a
 * confirmed password or passkey, kept on the session row) longer ago than "Require re-authentication after
 * (minutes)" — always, with 0 — starting a session asks for the password (or a passkey) again. The admin-users
 * service confirms it with the sign-in form's lockout; this file only decides when it is needed.
 */

export type StepUpCode = 'step_up_required' | 'step_up_failed' | 'locked';

/** What a refused step-up says (each is also a translation key): by code, and the API's wording. */
export const STEP_UP_MSG: Record<StepUpCode | 'api', string> = {
  step_up_required: 'Please confirm your identity to log in as this customer.',
  step_up_failed: 'The password or passkey was not accepted. Please try again.',
  locked: 'Too many failed attempts. Your account is locked and you have been signed out.',
  api: 'Login as Customer needs a recent sign-in: request a new admin token and try again.',
};

/** Whether starting a session needs a confirmation now, and whether the admin can give it with a passkey. */
export async function stepUpState(rc: RequestContext): Promise<{ required: boolean; passkey: boolean }> {
  if (rc.actor.type !== 'admin' || !rc.adminSessionHash) return { required: false, passkey: false };
  const required = !(await recentlyAuthenticated(rc, rc.adminSessionHash));
  return { required, passkey: required && (await rc.app.services.adminUsers.hasPasskeys(rc, rc.actor.id)) };
}

async function recentlyAuthenticated(rc: RequestContext, sessionHash: string): Promise<boolean> {
  const minutes = await rc.app.services.config.getInt(LAC_REAUTH_MINUTES, {}, rc.db);
  if (minutes <= 0) return false;
  const at = await rc.app.services.sessions.authenticatedAt(rc.db, sessionHash);
  return !!at && rc.app.clock.now().getTime() - Date.parse(at) < minutes * 60_000;
}

/**
 * The check `start` runs last, just before the session is created: nothing when the sign-in is recent enough or
 * the proof given confirms the admin (the session row gets the new time); otherwise why not, as a message of
 * STEP_UP_MSG and a code. Without a proof the answer is step_up_required (API doors never carry one).
 */
export async function checkStepUp(
  rc: RequestContext,
  proof: StepUpProof | undefined,
  rp: RelyingParty | undefined,
): Promise<{ message: string; code: StepUpCode } | undefined> {
  if (!rc.adminSessionHash || (await recentlyAuthenticated(rc, rc.adminSessionHash))) return undefined;
  if (!proof) return { message: STEP_UP_MSG[rc.surface === 'api' ? 'api' : 'step_up_required'], code: 'step_up_required' };
  const confirmed = await rc.app.services.adminUsers.reauthenticate(rc, proof, rp);
  if (confirmed.ok) return undefined;
  const code = confirmed.code === 'locked' ? 'locked' : 'step_up_failed';
  return { message: STEP_UP_MSG[code], code };
}
