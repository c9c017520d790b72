import type { RequestContext } from '../../kernel/request-context.ts';
import { claimApproval, linkApproval, type ApprovalCode } from './approvals.ts';
import { alertOnThreshold, refuseOverLimits, type LimitCode } from './limits.ts';
import type { Customer } from './model.ts';
import type { LacApprovalRow } from './repo.ts';

type Me = { admin_id: number; admin_username: string; admin_name: string };

/** What the start gates decided: a refusal for `start` to log and return, or what the session's transaction records. */
export type GateResult =
  | { refusal: { message: string; code: LimitCode | ApprovalCode; extra: Record<string, unknown> } }
  | { refusal?: undefined; approval?: LacApprovalRow };

/**
 * Run by `start` after its own checks and before its transaction: the per-agent limits (limits.ts), then the
 * four-eyes approval of a protected customer (approvals.ts), which is used up here when it passes.
 */
export async function checkStartGates(rc: RequestContext, me: Me, customer: Customer): Promise<GateResult> {
  const limited = await refuseOverLimits(rc, me, customer.id);
  if (limited) return { refusal: limited };
  const gate = await claimApproval(rc, me, customer);
  if (gate.refusal) return { refusal: { message: gate.refusal.message, code: gate.refusal.code, extra: { approval_id: gate.refusal.approvalId ?? null } } };
  return { approval: gate.approval };
}

/** In `start`'s transaction, once the session row exists: link the approval it used and raise a limit alert when due. */
export async function afterStartGates(trx: RequestContext, me: Me, gate: GateResult, sessionId: number) {
  if (!gate.refusal && gate.approval) await linkApproval(trx, gate.approval, sessionId);
  await alertOnThreshold(trx, me);
}
