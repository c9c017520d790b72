/** The admin-users module's public surface: what other modules may use. */
import type { Services } from '../../kernel/services.ts';

export {
  ACCOUNT_RESOURCE,
  ADMIN_LOCKOUT_FAILURES,
  ADMIN_LOCKOUT_MINUTES,
  ADMIN_ROLES_RESOURCE,
  ADMIN_SESSION_LIFETIME,
  ADMIN_USERS_RESOURCE,
  SIGN_IN_FAILED,
  type AdminAccessChange,
  type AdminAccessListener,
  type NewAdminUser,
  type RelyingParty,
  type StepUpProof,
} from './public.ts';

export type AdminUsersService = Services['adminUsers'];
