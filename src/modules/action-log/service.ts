import { isoUtc } from '../../kernel/clock.ts';
import type { RequestContext } from '../../http/request-context.ts';
import type { ConfigService } from '../config/service.ts';
import { actionLogRepo } from './repo.ts';

export interface ActionLogEntry {
  /** Action group id (declared in a module manifest), e.g. login_as_customer. */
  group: string;
  /** Short verb shown in the Action column: Save, Delete, Login, Logout, View, … */
  action: string;
  result?: 'Success' | 'Failure';
  /** One line for the grid's Details column. */
  details: string;
  /** What changed, old → new, and anything an auditor needs; stored as JSON. */
  fullDetails?: Record<string, unknown>;
}

export const loggingSettingPath = (group: string) => `admin/admin_actions_logging/${group}`;

/**
 * The one way to record an admin action. Runs on rc.db, so a caller inside a transaction gets the entry
 * committed or rolled back with its change. Groups switched off in Admin Actions Logging are not recorded.
 */
export function createActionLogService(deps: { config: () => ConfigService }) {
  return {
    async record(rc: RequestContext, entry: ActionLogEntry): Promise<number | null> {
      const path = loggingSettingPath(entry.group);
      if (rc.app.registry.fields.has(path) && !(await deps.config().getBool(path, {}, rc.db))) return null;
      const actor = rc.actor;
      return actionLogRepo.insert(rc.db, {
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
      });
    },
  };
}

export type ActionLogService = ReturnType<typeof createActionLogService>;
