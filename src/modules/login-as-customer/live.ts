import { isoUtc } from '../../kernel/clock.ts';
import type { RequestContext } from '../../kernel/request-context.ts';
import type { Services } from '../../kernel/services.ts';
import { ALLOW_RESOURCE, type EndReason } from './public.ts';
import { lacRepo } from './repo.ts';

/** What the per-request check needs of a live session: the session, its admin and its customer (see `readLive`). */
export interface LiveRow extends NonNullable<Awaited<ReturnType<typeof lacRepo.liveCheck>>> {
  admin_username: string;
  admin_first_name: string;
  admin_last_name: string;
  admin_active: number;
  admin_may_assist: boolean;
  customer_active: number;
  assistance_allowed: number;
  assistance_expires_at: string | null;
  customer_firstname: string;
  customer_lastname: string;
}

/** Reads a live session with what its admin and customer look like now, through their modules' services. */
export async function readLive(rc: RequestContext, storefrontSessionHash: string): Promise<LiveRow | undefined> {
  const s = await lacRepo.liveCheck(rc.db, storefrontSessionHash);
  if (!s) return undefined;
  const admin = await rc.app.services.adminUsers.byId(rc, s.admin_id);
  const customer = admin ? await rc.app.services.customers.byId(rc, s.customer_id) : undefined;
  if (!admin || !customer) return undefined;
  return {
    ...s,
    admin_username: admin.username,
    admin_first_name: admin.first_name,
    admin_last_name: admin.last_name,
    admin_active: admin.is_active,
    admin_may_assist: await grantsAssist(rc, admin),
    customer_active: customer.is_active,
    assistance_allowed: customer.assistance_allowed,
    assistance_expires_at: customer.assistance_expires_at ?? null,
    customer_firstname: customer.firstname,
    customer_lastname: customer.lastname,
  };
}

type AdminRow = NonNullable<Awaited<ReturnType<Services['adminUsers']['byId']>>>;
/** The one rule for "this admin's role allows Login as Customer" (activity is checked by the callers). */
export async function grantsAssist(rc: RequestContext, admin: AdminRow) {
  const perms = await rc.app.services.adminUsers.permissionsOf(rc.db, admin);
  return perms.all || perms.resources.has(ALLOW_RESOURCE);
}

/**
 * Why a live session no longer holds, or null when it does (spec §6), in the order the reasons are reported.
 * `r` may be this process's copy; the admin-panel session is always read afresh.
 */
export async function liveVerdict(
  rc: RequestContext,
  r: LiveRow | undefined,
  o: { id: number; enabled: boolean; idleMinutes: number; now: Date },
): Promise<EndReason | 'ended' | null> {
  const nowIso = isoUtc(o.now);
  if (!r || r.id !== o.id) return 'ended';
  if (!o.enabled) return 'feature_disabled';
  if (r.admin_active !== 1) return 'admin_disabled';
  if (!r.admin_may_assist) return 'permission_removed';
  // The admin-panel session is read afresh on every request, never from the copy: however it ended
  // (sign-out, expiry, password or role change, another sign-in, in any process), this request sees it.
  const adminSessionExpiresAt = await rc.app.services.sessions.expiresAt(rc.db, r.admin_session_hash, 'admin');
  if (!adminSessionExpiresAt) return 'admin_session_ended';
  if (adminSessionExpiresAt <= nowIso) return 'admin_session_expired';
  if (r.customer_active !== 1) return 'customer_inactive';
  // A session started on the customer's help code does not rest on standing consent.
  if (r.help_code_id === null && r.assistance_allowed !== 1) return 'consent_revoked';
  if (r.help_code_id === null && r.assistance_expires_at && r.assistance_expires_at <= nowIso) return 'consent_expired';
  if (!r.expires_at || r.expires_at <= nowIso) return 'lifetime';
  if (r.last_seen_at && Date.parse(r.last_seen_at) + o.idleMinutes * 60_000 <= o.now.getTime()) return 'idle_timeout';
  return null;
}
