import type {
  verifyRegistrationResponse,
  AuthenticationResponseJSON,
  AuthenticatorTransportFuture,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Db } from '../../db/database.ts';
import { fromJson, toJson } from '../../db/helpers.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { verifyPassword } from '../../kernel/passwords.ts';
import type { RequestContext } from '../../kernel/request-context.ts';
import { ok, refused, type Result } from '../../kernel/result.ts';
import type { Services } from '../../kernel/services.ts';
import type { SessionStore } from '../../http/sessions.ts';
import { ADMIN_LOCKOUT_FAILURES, ADMIN_LOCKOUT_MINUTES, type AdminAccessChange, type RelyingParty, type StepUpProof } from './public.ts';
import { adminUsersRepo, type AdminUserRow } from './repo.ts';

/** The WebAuthn library (about 5 MB of heap with its ASN.1 parsers), loaded by the first passkey ceremony. */
let webauthn: Promise<typeof import('@simplewebauthn/server')> | undefined;
const webauthnOnce = () =>
  (webauthn ??= import('@simplewebauthn/server').catch((err) => {
    webauthn = undefined; // not kept: the next ceremony tries again
    throw err;
  }));

/** How long a WebAuthn challenge may be answered (seconds); each is taken once, answered or not. */
export const CHALLENGE_SECONDS = 300;
const MAX_PASSKEYS = 10;
const GROUP = 'admin_sign_in';

export const STEP_UP_FAILED = 'The password or passkey was not accepted. Please try again.';
export const STEP_UP_LOCKED = 'Too many failed attempts. Your account is locked and you have been signed out.';

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const transportsOf = (json: string) => fromJson<AuthenticatorTransportFuture[]>(json, []);

/**
 * Counts a wrong password (or a refused passkey) for an admin in the one conditional update the sign-in form uses;
 * whether this attempt locked the account.
 */
export async function countFailedLogin(rc: RequestContext, config: Services['config'], user: AdminUserRow): Promise<boolean> {
  const now = rc.app.clock.now();
  const max = await config.getInt(ADMIN_LOCKOUT_FAILURES, {}, rc.db);
  const lockUntil = isoUtc(new Date(now.getTime() + (await config.getInt(ADMIN_LOCKOUT_MINUTES, {}, rc.db)) * 60_000));
  const counted = await adminUsersRepo.recordSignInFailure(rc.db, user.id, { now: isoUtc(now), max, lockUntil });
  return !!counted?.locked_until && counted.locked_until > isoUtc(now);
}

/**
 * Step-up for an admin already signed in: the admin's passkeys (Account Setting > Passkeys, WebAuthn through
 * @simplewebauthn/server, challenges kept server-side per admin-panel session and purpose, taken once) and
 * `reauthenticate`, which confirms the password or a passkey again with the sign-in form's lockout and records
 * the time on the admin-panel session row. Part of the admin-users service.
 */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a service part whose body is its methods; each is short
export function createStepUp(deps: {
  sessions: SessionStore;
  config: () => Services['config'];
  actionLog: () => Services['actionLog'];
  notifyAccessChanged: (rc: RequestContext, adminId: number, reason: AdminAccessChange, sessionHash?: string) => Promise<void>;
}) {
  const me = (rc: RequestContext) => (rc.actor.type === 'admin' && rc.adminSessionHash ? { id: rc.actor.id, sessionHash: rc.adminSessionHash } : undefined);
  const log = (rc: RequestContext, e: { action: string; details: string; result?: 'Success' | 'Failure'; fullDetails?: Record<string, unknown> }) =>
    deps.actionLog().record(rc, { group: GROUP, action: e.action, result: e.result ?? 'Success', details: e.details, fullDetails: e.fullDetails ?? {} });
  const nowIso = (rc: RequestContext) => isoUtc(rc.app.clock.now());
  const expiry = (rc: RequestContext) => isoUtc(new Date(rc.app.clock.now().getTime() + CHALLENGE_SECONDS * 1000));

  /** Whether the answer to this session's authentication challenge proves one of the admin's passkeys. */
  async function passkeyProves(rc: RequestContext, user: AdminUserRow, sessionHash: string, rp: RelyingParty, answer: unknown) {
    const challenge = await adminUsersRepo.takeChallenge(rc.db, sessionHash, 'authenticate', nowIso(rc));
    const response = answer as AuthenticationResponseJSON;
    if (!challenge || !response || typeof response !== 'object' || typeof response.id !== 'string') return undefined;
    const key = await adminUsersRepo.passkeyByCredential(rc.db, response.id.slice(0, 1400));
    if (!key || key.admin_id !== user.id) return undefined;
    try {
      const checked = await (await webauthnOnce()).verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        credential: {
          id: key.credential_id,
          publicKey: Buffer.from(key.public_key, 'base64url'),
          counter: key.counter,
          transports: transportsOf(key.transports),
        },
        requireUserVerification: true,
      });
      if (!checked.verified) return undefined;
      await adminUsersRepo.usePasskey(rc.db, key.id, checked.authenticationInfo.newCounter, nowIso(rc));
      return key;
    } catch {
      return undefined;
    }
  }

  /** A refused confirmation: counted like a failed sign-in; the attempt that locks the account ends its sessions. */
  async function refuseConfirmation(rc: RequestContext, user: AdminUserRow, how: 'password' | 'passkey') {
    const lockedNow = await countFailedLogin(rc, deps.config(), user);
    const what = how === 'password' ? 'Wrong password' : 'Passkey not accepted';
    await log(rc, { action: 'Confirm Identity', details: lockedNow ? `${what}; account locked` : what, result: 'Failure', fullDetails: { method: how } });
    if (!lockedNow) return refused(rc.t(STEP_UP_FAILED), 'unauthenticated', { code: 'step_up_failed' });
    await deps.sessions.destroyAllFor(rc.db, 'admin', user.id);
    await deps.notifyAccessChanged(rc, user.id, 'admin_locked');
    return refused(rc.t(STEP_UP_LOCKED), 'unauthenticated', { code: 'locked' });
  }

  return {
    /** The acting admin's passkeys, newest last (never the public key). */
    async passkeys(rc: RequestContext) {
      const who = me(rc);
      if (!who) return [];
      return (await adminUsersRepo.passkeysOf(rc.db, who.id)).map((k) => ({ id: k.id, name: k.name, createdAt: k.created_at, lastUsedAt: k.last_used_at }));
    },

    /** Whether an admin has a passkey registered (the step-up offers "Use passkey"). */
    hasPasskeys: async (rc: RequestContext, adminId: number, db: Db = rc.db) => (await adminUsersRepo.countPasskeys(db, adminId)) > 0,

    /** Options for navigator.credentials.create(); the challenge is kept for this admin-panel session. */
    async passkeyRegistrationOptions(rc: RequestContext, rp: RelyingParty): Promise<Result<PublicKeyCredentialCreationOptionsJSON>> {
      const who = me(rc);
      const user = who ? await adminUsersRepo.byId(rc.db, who.id) : undefined;
      if (!who || !user) return refused(rc.t('Sorry, you need permissions to view this content.'), 'forbidden');
      const existing = await adminUsersRepo.passkeysOf(rc.db, user.id);
      const options = await (await webauthnOnce()).generateRegistrationOptions({
        rpName: rp.name,
        rpID: rp.id,
        userName: user.username,
        userDisplayName: `${user.first_name} ${user.last_name}`,
        userID: new TextEncoder().encode(`admin-${user.id}`),
        attestationType: 'none',
        excludeCredentials: existing.map((k) => ({ id: k.credential_id, transports: transportsOf(k.transports) })),
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
        timeout: CHALLENGE_SECONDS * 1000,
      });
      await adminUsersRepo.putChallenge(
        rc.db,
        { session_hash: who.sessionHash, purpose: 'register', challenge: options.challenge, expires_at: expiry(rc) },
        nowIso(rc),
      );
      return ok(options);
    },

    /** Verifies the browser's answer to the registration challenge and stores the passkey under a name. */
    async addPasskey(rc: RequestContext, rp: RelyingParty, input: { name: string; response: unknown }): Promise<Result<{ id: number; name: string }>> {
      const who = me(rc);
      if (!who) return refused(rc.t('Sorry, you need permissions to view this content.'), 'forbidden');
      const name = input.name.trim();
      // The challenge is taken before anything else, so a refused answer can never be replayed.
      const challenge = await adminUsersRepo.takeChallenge(rc.db, who.sessionHash, 'register', nowIso(rc));
      if (!name || name.length > 60) return refused(rc.t('Enter a name for the passkey (up to 60 characters).'), 'validation', { fields: { name: 'name' } });
      if ((await adminUsersRepo.countPasskeys(rc.db, who.id)) >= MAX_PASSKEYS)
        return refused(rc.t('You can register at most {max} passkeys.', { max: MAX_PASSKEYS }), 'conflict');
      const fail = async (why: string) => {
        await log(rc, { action: 'Add Passkey', details: `Passkey "${name}" not added: ${why}`, result: 'Failure', fullDetails: { name } });
        return refused(rc.t('The passkey could not be registered. Please try again.'), 'validation', { code: 'passkey_invalid' });
      };
      if (!challenge) return fail('no valid challenge');
      let info: Awaited<ReturnType<typeof verifyRegistrationResponse>>['registrationInfo'];
      try {
        const checked = await (await webauthnOnce()).verifyRegistrationResponse({
          response: input.response as RegistrationResponseJSON,
          expectedChallenge: challenge,
          expectedOrigin: rp.origin,
          expectedRPID: rp.id,
          requireUserVerification: true,
        });
        info = checked.verified ? checked.registrationInfo : undefined;
      } catch {
        info = undefined;
      }
      if (!info) return fail('the browser answer did not verify');
      if (await adminUsersRepo.passkeyByCredential(rc.db, info.credential.id)) return fail('already registered');
      const id = await adminUsersRepo.insertPasskey(rc.db, {
        admin_id: who.id,
        credential_id: info.credential.id,
        public_key: b64url(info.credential.publicKey),
        counter: info.credential.counter,
        transports: toJson(info.credential.transports ?? []),
        name,
        created_at: nowIso(rc),
        last_used_at: null,
      });
      await log(rc, { action: 'Add Passkey', details: `Passkey "${name}" added`, fullDetails: { passkey_id: id, name } });
      return ok({ id, name });
    },

    /** Removes one of the acting admin's own passkeys. */
    async removePasskey(rc: RequestContext, id: number): Promise<Result<{ name: string }>> {
      const who = me(rc);
      const gone = who ? await adminUsersRepo.deletePasskey(rc.db, who.id, id) : undefined;
      if (!gone) return refused(rc.t('This passkey no longer exists.'), 'not_found');
      await log(rc, { action: 'Remove Passkey', details: `Passkey "${gone.name}" removed`, fullDetails: { passkey_id: gone.id, name: gone.name } });
      return ok({ name: gone.name });
    },

    /** Options for navigator.credentials.get() with the acting admin's passkeys; the challenge is kept for this session. */
    async passkeyAuthenticationOptions(rc: RequestContext, rp: RelyingParty): Promise<Result<PublicKeyCredentialRequestOptionsJSON>> {
      const who = me(rc);
      const keys = who ? await adminUsersRepo.passkeysOf(rc.db, who.id) : [];
      if (!who || !keys.length) return refused(rc.t('You have no passkey registered.'), 'not_found');
      const options = await (await webauthnOnce()).generateAuthenticationOptions({
        rpID: rp.id,
        allowCredentials: keys.map((k) => ({ id: k.credential_id, transports: transportsOf(k.transports) })),
        userVerification: 'required',
        timeout: CHALLENGE_SECONDS * 1000,
      });
      await adminUsersRepo.putChallenge(
        rc.db,
        { session_hash: who.sessionHash, purpose: 'authenticate', challenge: options.challenge, expires_at: expiry(rc) },
        nowIso(rc),
      );
      return ok(options);
    },

    /**
     * Confirms the signed-in admin again with the password or a passkey. Success clears the failure count and
     * records the time on this admin-panel session; a failure counts toward the lockout exactly like a failed
     * sign-in, and the failure that locks the account ends its admin-panel sessions. Both are logged.
     */
    async reauthenticate(rc: RequestContext, proof: StepUpProof, rp?: RelyingParty): Promise<Result<{ method: 'password' | 'passkey' }>> {
      const who = me(rc);
      const user = who ? await adminUsersRepo.byId(rc.db, who.id) : undefined;
      if (!who || !user || user.is_active !== 1) return refused(rc.t('Sorry, you need permissions to view this content.'), 'forbidden');
      const how = 'password' in proof ? 'password' : 'passkey';
      if (user.locked_until && user.locked_until > nowIso(rc)) {
        await log(rc, { action: 'Confirm Identity', details: 'Account is locked', result: 'Failure', fullDetails: { method: how } });
        await deps.sessions.destroyAllFor(rc.db, 'admin', user.id);
        await deps.notifyAccessChanged(rc, user.id, 'admin_locked');
        return refused(rc.t(STEP_UP_LOCKED), 'unauthenticated', { code: 'locked' });
      }
      const key = 'password' in proof ? undefined : rp ? await passkeyProves(rc, user, who.sessionHash, rp, proof.passkey) : undefined;
      const valid = 'password' in proof ? await verifyPassword(user.password_hash, proof.password) : !!key;
      if (!valid) return refuseConfirmation(rc, user, how);
      await adminUsersRepo.updateUser(rc.db, user.id, { failed_logins: 0, locked_until: null });
      await deps.sessions.markAuthenticated(rc.db, who.sessionHash, nowIso(rc));
      await log(rc, {
        action: 'Confirm Identity',
        details: key ? `Confirmed with passkey "${key.name}"` : 'Confirmed with password',
        fullDetails: { method: how, ...(key ? { passkey_id: key.id } : {}) },
      });
      return ok({ method: how });
    },
  };
}
