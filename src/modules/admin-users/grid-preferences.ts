import { fromJson } from '../../db/helpers.ts';
import { isoUtc } from '../../kernel/clock.ts';
import type { RequestContext } from '../../kernel/request-context.ts';
import { ok, refused, type Result } from '../../kernel/result.ts';
import { adminUsersRepo as repo } from './repo.ts';

/** A grid id or column key: short and plain, as the grids' own code names them. */
const KEY = /^[A-Za-z0-9_-]{1,60}$/;
const MAX_COLUMNS = 60;

/** The column chooser's memory: which columns each admin user hides in each admin grid. */
export function createGridPreferencesService() {
  return {
    /** Hidden column keys per grid id for the signed-in admin ({} for anyone else). */
    async hiddenColumns(rc: RequestContext): Promise<Record<string, string[]>> {
      if (rc.actor.type !== 'admin') return {};
      const rows = await repo.gridPreferences(rc.db, rc.actor.id);
      return Object.fromEntries(rows.map((r) => [r.grid_id, fromJson<string[]>(r.hidden_columns, []).filter((k) => typeof k === 'string')]));
    },

    /**
     * Saves the chooser's form: `columns` are every column the grid offered, `visible` the ones left ticked. At
     * least one column stays visible; malformed keys are refused and nothing changes.
     */
    async saveColumns(rc: RequestContext, gridId: string, columns: string[], visible: string[]): Promise<Result<void>> {
      if (rc.actor.type !== 'admin') return refused('Please sign in again.', 'unauthenticated');
      if (!KEY.test(gridId) || !columns.length || columns.length > MAX_COLUMNS || !columns.every((k) => KEY.test(k)))
        return refused('The list of columns is not valid.');
      if (!visible.every((k) => columns.includes(k))) return refused('The list of columns is not valid.');
      if (!visible.length) return refused('Keep at least one column visible.');
      const hidden = [...new Set(columns.filter((k) => !visible.includes(k)))];
      await repo.saveGridPreference(rc.db, rc.actor.id, gridId, hidden, isoUtc(rc.app.clock.now()));
      return ok(undefined);
    },
  };
}

export type GridPreferencesService = ReturnType<typeof createGridPreferencesService>;

declare module '../../kernel/services.ts' {
  interface Services {
    gridPreferences: GridPreferencesService;
  }
}
