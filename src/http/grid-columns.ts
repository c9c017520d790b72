import type { RouteRegistrar } from '../modules/types.ts';
import { bodyOf, redirectWith, str, strs } from './form.ts';
import { safeLocalPath } from './redirect.ts';

/**
 * The column chooser's POST for one admin grid, at `<path>/columns` and guarded by the grid's own resource (who
 * may see the grid may choose its columns). It saves the signed-in admin's choice and goes back to the grid.
 */
export function gridColumnsRoute(r: RouteRegistrar, o: { path: string; resource: string; grid: string; actionName?: string }) {
  r.adminPost(`${o.path}/columns`, { resource: o.resource, actionName: o.actionName }, async (req, reply, rc) => {
    const body = bodyOf(req);
    const grid = `/admin${o.path}`;
    const back = safeLocalPath(str(body.return), grid);
    // Only back to this grid (with its filters), never elsewhere.
    const to = back === grid || back.startsWith(`${grid}?`) ? back : grid;
    const result = await rc.app.services.gridPreferences.saveColumns(rc, o.grid, strs(body.columns), strs(body.visible));
    if (!result.ok) return redirectWith(reply, rc, to, { type: 'error', text: rc.t(result.messages[0]!) });
    return redirectWith(reply, rc, to, { type: 'success', text: rc.t('The grid shows the columns you chose.') });
  });
}
