import type { Generated } from 'kysely';

export interface LoginAsCustomerTables {
  lac_sessions: {
    id: Generated<number>;
    admin_id: number;
    admin_username: string;
    admin_name: string;
    customer_id: number;
    customer_email: string;
    store_view_id: number;
    reason: Generated<string>;
    status: 'pending' | 'active' | 'ended';
    admin_session_hash: string;
    storefront_session_hash: string | null;
    requested_at: string;
    logged_in_at: string | null;
    last_seen_at: string | null;
    expires_at: string | null;
    ended_at: string | null;
    end_reason: string | null;
    /** 1: the storefront refuses every change in this session (migration 0017). */
    view_only: Generated<number>;
    /** The help code whose grant started this session; such a session does not need standing consent (migration 0020). */
    help_code_id: number | null;
  };
  lac_events: {
    id: Generated<number>;
    lac_session_id: number;
    customer_id: number;
    created_at: string;
    /** The English line of events written before they had a kind (migration 0011); null since. */
    description: string | null;
    kind: string | null;
    /** JSON object: the values of the kind's message. */
    params: string | null;
  };
  /** Requests to log in as a protected customer, and a second admin's decision (migration 0021). */
  lac_approvals: {
    id: Generated<number>;
    customer_id: number;
    customer_email: string;
    requester_admin_id: number;
    requester_username: string;
    requester_name: string;
    request_comment: string;
    /** Expiry is read from expires_at: a pending request or an unused approval past it has expired. */
    status: 'pending' | 'approved' | 'denied' | 'used';
    requested_at: string;
    /** Until then the request may be decided (pending) or the approval used (approved). */
    expires_at: string;
    decided_by_admin_id: number | null;
    decided_by_name: string | null;
    decision_comment: string | null;
    decided_at: string | null;
    used_at: string | null;
    lac_session_id: number | null;
  };
  /** One-time help codes (migration 0020): the code only as an HMAC; one active per customer. */
  lac_help_codes: {
    id: Generated<number>;
    customer_id: number;
    code_hash: string;
    /** active → redeemed (a grant for one admin) → used (a session started); or cancelled / replaced. */
    status: 'active' | 'redeemed' | 'used' | 'cancelled' | 'replaced';
    created_at: string;
    expires_at: string;
    redeemed_by_admin_id: number | null;
    redeemed_by_admin_name: string | null;
    redeemed_at: string | null;
    grant_expires_at: string | null;
    used_at: string | null;
    lac_session_id: number | null;
    ended_at: string | null;
  };
  /** Wrong help codes per key (`admin:<id>`, `customer:<id>`) in the current window. */
  lac_help_attempts: { key: string; failures: number; window_start: string };
  lac_tokens: { token_hash: string; lac_session_id: number; binding_hash: string; expires_at: string; used_at: string | null };
}
