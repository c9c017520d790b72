import type { ActionGroup, ModuleManifest } from '../types.ts';
import { loggingSettingPath } from './service.ts';
import { reportRoutes } from './http/report.tsx';
import sv_SE from './i18n/sv_SE.json' with { type: 'json' };

/** System > Action Logs > Report, and which groups are recorded (Advanced > Admin > Admin Actions Logging). */
export function actionLogModule(allGroups: ActionGroup[]): ModuleManifest {
  return {
    name: 'action-log',
    catalogs: { sv_SE },
    resources: [
      { id: 'system.action_logs', label: 'Action Logs', parent: 'system', sortOrder: 20 },
      { id: 'system.action_logs.report', label: 'Report', parent: 'system.action_logs', sortOrder: 10 },
    ],
    menu: [
      { id: 'system.action_logs', label: 'Action Logs', parent: 'system', resource: 'system.action_logs', sortOrder: 20 },
      {
        id: 'system.action_logs.report',
        label: 'Report',
        parent: 'system.action_logs',
        path: '/admin/system/action-logs',
        resource: 'system.action_logs.report',
        sortOrder: 10,
      },
    ],
    routes: reportRoutes,
    settings: [
      {
        id: 'admin',
        label: 'Admin',
        tab: 'ADVANCED',
        resource: 'stores.settings.config.admin',
        sortOrder: 90,
        groups: [
          {
            id: 'admin_actions_logging',
            label: 'Admin Actions Logging',
            sortOrder: 20,
            fields: allGroups.map((g, i) => ({
              path: loggingSettingPath(g.id),
              label: g.label,
              type: 'yesno' as const,
              default: '1',
              scopes: ['default' as const],
              options: [
                { value: '1', label: 'Yes' },
                { value: '0', label: 'No' },
              ],
              sortOrder: i,
            })),
          },
        ],
      },
    ],
  };
}
