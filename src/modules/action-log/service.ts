import { isoUtc } from '../../kernel/clock.ts';
import { inTransaction, type RequestContext } from '../../kernel/request-context.ts';
import type { Services } from '../../kernel/services.ts';
import type { Readable } from 'node:stream';
import { COUNT_CAP, type KeysetCursor } from '../../db/keyset.ts';
import { actionLogRepo, type ActionLogFilter, type ActionLogRow } from './repo.ts';
import { exportStream } from './export.ts';
import { verifyChain, type ChainReport } from './chain.ts';
import type { Db } from '../../db/database.ts';
import { loggingSettingPath, type ActionLogEntry } from './public.ts';
import type { SigningKey } from '../../kernel/signing-key.ts';
import { createCheckpoints } from './checkpoints.ts';

export { loggingSettingPath, type ActionLogEntry } from './public.ts';
export type { ActionLogFilter, ActionLogRow } from './repo.ts';

/** Rows per query while exporting: the export follows the keyset cursor to the very end, a batch at a time. */
export const EXPORT_BATCH = 1000;

/** A finished export, ready to send: a stream of bytes, never the whole file in memory. */
export interface ActionLogExport {
  filename: string;
  contentType: string;
  body: Readable;
}

/** Every row matching `filter`, newest first, read in keyset batches following each page's own "next" cursor. */
async function* allRows(db: Db, filter: ActionLogFilter, batch: number): AsyncGenerator<ActionLogRow> {
  // A cursor past the end would start over at the first page: stop when the pager has no "next".
  let cursor: KeysetCursor = {};
  for (;;) {
    const { rows, nextAfter } = await actionLogRepo.page(db, filter, { cursor, limit: batch });
    yield* rows;
    if (nextAfter === undefined) return;
    cursor = { after: nextAfter };
  }
}

/** What the log chain's verification found: this process's own checks and the newest any process recorded. */
function createChainStatus() {
  /** The last point this process found the chain good up to, and when the whole chain was last checked. */
  let verified: { id: number; hash: string; entries: number; fullAt: string } | undefined;
  let lastBreak: { report: ChainReport; at: string } | undefined;
  /** Set when the log was too large to verify on a page view; re-counted after a while. */
  let tooLargeUntil = 0;

  /** Walks the whole chain and remembers the result in this process. */
  async function walk(db: Db): Promise<ChainReport> {
    const report = await verifyChain(db);
    const at = new Date().toISOString();
    if (report.intact) {
      verified = { id: report.lastId, hash: report.lastHash, entries: report.entries, fullAt: at };
      lastBreak = undefined;
    } else {
      verified = undefined;
      lastBreak = { report, at };
    }
    return report;
  }

  /** A full verification asked for (Verify now, log:verify): its result is recorded for every process. */
  async function verify(db: Db): Promise<ChainReport> {
    const report = await walk(db);
    const checkedAt = verified?.fullAt ?? lastBreak?.at ?? new Date().toISOString();
    await actionLogRepo.saveChainCheck(
      db,
      report.intact
        ? { checked_at: checkedAt, intact: 1, entries: report.entries, last_id: report.lastId, last_hash: report.lastHash, broken_id: null, why: '' }
        : { checked_at: checkedAt, intact: 0, entries: report.entries, last_id: 0, last_hash: '', broken_id: report.brokenId, why: report.why },
    );
    return report;
  }

  /** Takes another process's newer full verification as this process's own starting point. */
  async function adoptShared(db: Db) {
    const shared = await actionLogRepo.chainCheck(db);
    const mine = verified?.fullAt ?? lastBreak?.at ?? '';
    if (!shared || shared.checked_at <= mine) return;
    if (shared.intact) {
      verified = { id: shared.last_id, hash: shared.last_hash, entries: shared.entries, fullAt: shared.checked_at };
      lastBreak = undefined;
    } else {
      verified = undefined;
      lastBreak = { report: { intact: false, entries: shared.entries, brokenId: shared.broken_id ?? 0, why: shared.why }, at: shared.checked_at };
    }
  }

  return {
    /** Walks the whole chain (CLI log:verify, the report's "Verify now"). */
    verify,

    /**
     * For the report's indicator: starts from the newest full check any process recorded (or this process's own),
     * extends it with the entries written since (cheap). With none yet, walks the chain when the log is small
     * enough to do it on a page view (remembered in this process only: a page view writes nothing).
     */
    async status(db: Db): Promise<{ report: ChainReport; fullAt?: string } | undefined> {
      await adoptShared(db);
      if (lastBreak) return { report: lastBreak.report };
      if (!verified) {
        if (Date.now() < tooLargeUntil) return undefined;
        const count = Number(
          (
            await db
              .selectFrom('action_log')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
        if (count > 200_000) {
          tooLargeUntil = Date.now() + 10 * 60_000;
          return undefined;
        }
        const report = await walk(db);
        return { report, fullAt: report.intact ? new Date().toISOString() : undefined };
      }
      const more = await verifyChain(db, { id: verified.id, hash: verified.hash });
      if (!more.intact) {
        lastBreak = { report: more, at: new Date().toISOString() };
        return { report: more };
      }
      verified = { ...verified, id: more.lastId, hash: more.lastHash, entries: verified.entries + more.entries };
      return { report: { intact: true, entries: verified.entries, lastId: verified.id, lastHash: verified.hash }, fullAt: verified.fullAt };
    },
  };
}

/**
 * The one way to record an admin action. Runs on rc.db, so a caller inside a transaction gets the entry
 * committed or rolled back with its change. Groups switched off in Admin Actions Logging are not recorded.
 */
// Long by design: a service factory whose body is the service object; each method is its own short function.
export function createActionLogService(deps: { config: () => Services['config']; signingKey: () => SigningKey }) {
  /** The Action filter's choices (a scan of the whole log), kept for a minute. */
  let actionsCache: { at: number; rows: { action: string }[] } | undefined;

  const chain = createChainStatus();

  return {
    ...createCheckpoints(deps),

    /** One page of the report, newest first (keyset on id). */
    page: (rc: RequestContext, filter: ActionLogFilter, o: { limit: number; cursor: KeysetCursor }) => actionLogRepo.page(rc.db, filter, o),

    /** How many entries match, exact up to COUNT_CAP (above it: COUNT_CAP + 1, "more than"). */
    count: (rc: RequestContext, filter: ActionLogFilter) => actionLogRepo.count(rc.db, filter, COUNT_CAP),

    /** One entry, or undefined. */
    entry: (rc: RequestContext, id: number) => actionLogRepo.byId(rc.db, id),

    /** Every action name in the log, for the report's filter; a new name shows up at most a minute late. */
    async knownActions(rc: RequestContext): Promise<{ action: string }[]> {
      if (!actionsCache || Date.now() - actionsCache.at > 60_000) actionsCache = { at: Date.now(), rows: await actionLogRepo.distinctActions(rc.db) };
      return actionsCache.rows;
    },

    /** Records the export, then streams every matching row as CSV or Excel XML (no row cap). */
    async exportReport(rc: RequestContext, filter: ActionLogFilter, format: 'csv' | 'xml', batch = EXPORT_BATCH): Promise<ActionLogExport> {
      const details = rc.t('Exported the action log ({format})', { format: format.toUpperCase() });
      await rc.app.services.actionLog.record(rc, { group: 'admin_permissions', action: 'Export', details, fullDetails: { filter } });
      const stamp = rc.app.clock.now().toISOString().slice(0, 10);
      const label = (id: string) => rc.app.registry.actionGroupLabel(id);
      return {
        filename: `action-log-${stamp}.${format}`,
        contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.ms-excel; charset=utf-8',
        body: exportStream(allRows(rc.app.db, filter, batch), label, format, rc.t),
      };
    },

    /** Walks the whole chain (CLI log:verify, "Verify now"); the report's indicator. */
    verify: chain.verify,
    status: chain.status,

    async record(rc: RequestContext, entry: ActionLogEntry): Promise<number | null> {
      const path = loggingSettingPath(entry.group);
      if (rc.app.registry.fields.has(path) && !(await deps.config().getBool(path, {}, rc.db))) return null;
      const actor = rc.actor;
      const fields = {
        created_at: isoUtc(rc.app.clock.now()),
        action_group: entry.group,
        action: entry.action,
        ip: rc.ip,
        admin_id: actor.type === 'admin' ? actor.id : null,
        username: actor.type === 'admin' ? actor.username : actor.type === 'system' ? actor.name : '',
        result: entry.result ?? 'Success',
        full_action_name: rc.fullActionName,
        details: entry.details,
        full_details: JSON.stringify(entry.fullDetails ?? {}),
      };
      return inTransaction(rc, (trx) => actionLogRepo.append(trx.db, fields));
    },
  };
}

export type ActionLogService = ReturnType<typeof createActionLogService>;

declare module '../../kernel/services.ts' {
  interface Services {
    actionLog: ActionLogService;
  }
}
