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
  lac_tokens: { token_hash: string; lac_session_id: number; binding_hash: string; expires_at: string; used_at: string | null };
}
