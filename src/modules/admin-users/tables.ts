import type { Generated } from 'kysely';

export interface AdminUsersTables {
  admin_roles: { id: Generated<number>; name: string; all_resources: number; created_at: string; updated_at: string };
  admin_role_resources: { role_id: number; resource_id: string };
  admin_users: {
    id: Generated<number>;
    username: string;
    email: string;
    first_name: string;
    last_name: string;
    password_hash: string;
    role_id: number | null;
    is_active: number;
    interface_locale: string;
    failed_logins: number;
    locked_until: string | null;
    last_login_at: string | null;
    created_at: string;
    updated_at: string;
  };
  /** Columns an admin user hides per admin grid (JSON array of column keys). */
  admin_grid_preferences: { admin_id: number; grid_id: string; hidden_columns: string; updated_at: string };
  /** An admin's passkeys (WebAuthn): credential id and COSE public key as base64url, transports as a JSON array. */
  admin_passkeys: {
    id: Generated<number>;
    admin_id: number;
    credential_id: string;
    public_key: string;
    counter: number;
    transports: string;
    name: string;
    created_at: string;
    last_used_at: string | null;
  };
  /** One-time WebAuthn challenges of an admin-panel session, one per purpose ('register', 'authenticate'). */
  admin_webauthn_challenges: { session_hash: string; purpose: string; challenge: string; expires_at: string };
}
