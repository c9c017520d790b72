import type { RequestContext } from '../../kernel/request-context.ts';

/** ACL resources of System > Permissions. */
export const ADMIN_USERS_RESOURCE = 'system.permissions.users';
export const ADMIN_ROLES_RESOURCE = 'system.permissions.roles';
/** The admin's own Account Setting page (passkeys). */
export const ACCOUNT_RESOURCE = 'account';

export const ADMIN_SESSION_LIFETIME = 'admin/security/session_lifetime';
export const ADMIN_LOCKOUT_FAILURES = 'admin/security/lockout_failures';
export const ADMIN_LOCKOUT_MINUTES = 'admin/security/lockout_threshold';

export const SIGN_IN_FAILED = 'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.';

/** Fired after an admin's access changed (logout, deactivation, role change) so features can end what depends on it. */
/**
 * Why an admin's access changed. The first group are ends of admin-panel sessions (all of the admin's, or the one
 * named by `sessionHash`); permission_removed means the sessions go on but a permission may be gone.
 */
export type AdminAccessChange =
  | 'admin_logout'
  | 'admin_signed_in_again'
  | 'admin_disabled'
  | 'admin_deleted'
  | 'admin_password_changed'
  | 'admin_role_changed'
  | 'admin_locked'
  | 'permission_removed';
export type AdminAccessListener = (rc: RequestContext, adminId: number, reason: AdminAccessChange, sessionHash?: string) => Promise<void>;

/** A new admin user, as the user form and the CLI give it. */
export interface NewAdminUser {
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  password: string;
  roleId: number | null;
  isActive?: boolean;
  interfaceLocale?: string;
}

/** The WebAuthn relying party of this request: RP ID (a host name), the expected origin, and the name shown. */
export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

/** What re-confirms a signed-in admin: the password, or the browser's answer to a passkey challenge (JSON). */
export type StepUpProof = { password: string } | { passkey: unknown };
