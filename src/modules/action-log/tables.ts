import type { Generated } from 'kysely';

export interface ActionLogTables {
  action_log: {
    id: Generated<number>;
    created_at: string;
    action_group: string;
    action: string;
    ip: string;
    admin_id: number | null;
    username: string;
    result: string;
    full_action_name: string;
    details: string;
    full_details: string;
    /** Hash chain (migration 0004): the previous entry's hash and this entry's. */
    prev_hash: string;
    hash: string;
  };
  log_chain: { name: string; last_id: number; last_hash: string };
  /** The last full verification, shared by every process (migration 0012): intact up to last_id, or broken_id. */
  log_chain_checks: {
    name: string;
    checked_at: string;
    intact: number;
    entries: number;
    last_id: number;
    last_hash: string;
    broken_id: number | null;
    why: string;
  };
  /** Signed chain heads (migration 0010): one per entry id. */
  log_checkpoints: { id: Generated<number>; entry_id: number; head_hash: string; signature: string; key_id: string; created_at: string };
  /** Public keys (base64 SPKI DER) of the keys that signed checkpoints; never a private key. */
  log_signing_keys: { key_id: string; public_key: string; created_at: string };
}
