import { isoUtc } from '../../kernel/clock.ts';
import type { RequestContext } from '../../kernel/request-context.ts';
import type { HistoryEvent } from './history.ts';
import { adminActor } from './model.ts';
import { GROUP } from './public.ts';
import { lacRepo, type LacLogFilters, type LacSessionRow } from './repo.ts';
import { LAC_BLOCKED_ACTIONS, type BlockableAction } from './settings.ts';

/** What happens during assisted sessions, written down: the action log, blocked actions, the access history, the log's reads. */

/** Writes an entry in the "Login As Customer" group as the given admin (also from the storefront). */
export async function audit(
  rc: RequestContext,
  admin: Pick<LacSessionRow, 'admin_id' | 'admin_username' | 'admin_name'> | null,
  entry: { action: string; result?: 'Success' | 'Failure'; details: string; fullDetails?: Record<string, unknown> },
) {
  const as: RequestContext = admin ? { ...rc, actor: adminActor(admin) } : rc;
  await rc.app.services.actionLog.record(as, { group: GROUP, ...entry });
}

/**
 * Whether an account action is blocked during this assisted session (setting "Blocked actions"); when it is,
 * the refusal is recorded as a Failure entry. Must run before the caller opens its transaction, so that the
 * entry survives the refusal it records (inside a rolled-back transaction it would vanish).
 */
export async function refuseIfBlocked(rc: RequestContext, action: BlockableAction): Promise<boolean> {
  const a = rc.locals.assisted;
  if (!a) return false;
  if (rc.db.isTransaction) throw new Error(`Blocked action "${action}" was checked inside a transaction; decide it before the transaction opens.`);
  if (!(await rc.app.services.config.getList(LAC_BLOCKED_ACTIONS, {}, rc.db)).includes(action)) return false;
  await audit(
    rc,
    { admin_id: a.adminId, admin_username: a.adminUsername, admin_name: a.adminName },
    {
      action: 'Blocked Action',
      result: 'Failure',
      details: `Refused "${action}" for customer ${a.customerName} during assisted session #${a.lacSessionId}`,
      fullDetails: { lac_session_id: a.lacSessionId, action },
    },
  );
  return true;
}

/**
 * Whether this storefront POST is refused because the assisted session is view only; the refusal is recorded
 * as a Failure entry with the path. Runs before any handler, so nothing has changed.
 */
export async function refuseIfViewOnly(rc: RequestContext, path: string): Promise<boolean> {
  const a = rc.locals.assisted;
  if (!a?.viewOnly) return false;
  await audit(
    rc,
    { admin_id: a.adminId, admin_username: a.adminUsername, admin_name: a.adminName },
    {
      action: 'View-only Refusal',
      result: 'Failure',
      details: `Refused POST ${path} for customer ${a.customerName} during view-only session #${a.lacSessionId}`,
      fullDetails: { lac_session_id: a.lacSessionId, path },
    },
  );
  return true;
}

/**
 * Adds a line to the customer's "Account access history" for the assisted session of this request, as a kind
 * and its values (e.g. `{ kind: 'cart.add', params: { qty: 2, product: 'Blue Mug' } }`, shown in the reader's
 * language); does nothing outside assisted sessions. Runs on `rc.db`: inside the change's transaction, if any.
 */
export async function note(rc: RequestContext, event: HistoryEvent) {
  const a = rc.locals.assisted;
  if (!a || !rc.locals.customer) return;
  await lacRepo.insertEvent(rc.db, {
    lac_session_id: a.lacSessionId,
    customer_id: rc.locals.customer.id,
    created_at: isoUtc(rc.app.clock.now()),
    kind: event.kind,
    params: event.params,
  });
}

/** Records a storefront change made during an assisted session (every POST the admin sends as the customer). */
export async function recordAssistedAction(rc: RequestContext, method: string, path: string, status: number, fields: string[]) {
  const a = rc.locals.assisted;
  if (!a) return;
  await audit(
    rc,
    { admin_id: a.adminId, admin_username: a.adminUsername, admin_name: a.adminName },
    {
      action: 'Storefront Action',
      result: status < 400 ? 'Success' : 'Failure',
      details: `${method} ${path} as customer ${a.customerName} (assisted session #${a.lacSessionId})`,
      fullDetails: { lac_session_id: a.lacSessionId, status, fields },
    },
  );
}

/** One page of the Login as Customer Log (sessions that reached the storefront), newest first. */
export const logPage = (rc: RequestContext, filters: LacLogFilters, page: Parameters<typeof lacRepo.logPage>[2]) => lacRepo.logPage(rc.db, filters, page);
/** Every row of the log that matches, newest first, read page by page along the keyset cursor (no cap). */
export async function* logRows(rc: RequestContext, filters: LacLogFilters, pageSize = 500) {
  let after: number | undefined;
  let last: { at: string; id: number } | undefined;
  do {
    const page = await lacRepo.logBatch(rc.db, filters, { limit: pageSize, cursor: after === undefined ? {} : { after } });
    const first = page.rows[0];
    // A cursor row that vanished meanwhile makes keysetPage start again from the top: stop rather than repeat.
    if (last && first && (first.logged_in_at! > last.at || (first.logged_in_at === last.at && first.id >= last.id))) return;
    yield* page.rows;
    const end = page.rows[page.rows.length - 1];
    if (end) last = { at: end.logged_in_at!, id: end.id };
    after = page.nextAfter;
  } while (after !== undefined);
}
/** A customer's assisted sessions with their events ("Account access history"). */
export const accessHistory = (rc: RequestContext, customerId: number) => lacRepo.accessHistory(rc.db, customerId);
