import type { ActionGroup, ModuleManifest } from '../types.ts';
import { loggingSettingPath } from './service.ts';
import { CHECKPOINT_INTERVAL_PATH } from './public.ts';
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
    // The log's own events (signed checkpoints); no switch in Admin Actions Logging, so they are always recorded.
    actionGroups: [{ id: 'action_log', label: 'Action Log' }],
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
          {
            id: 'log_checkpoints',
            label: 'Action Log Checkpoints',
            sortOrder: 30,
            fields: [
              {
                path: CHECKPOINT_INTERVAL_PATH,
                label: 'Sign a Log Checkpoint Every (minutes)',
                type: 'int',
                default: '60',
                scopes: ['default'],
                comment: 'Signs the head of the log chain with the store key. Use 0 to sign only on demand.',
                validate: (v) => (/^\d+$/.test(v) && Number(v) <= 10080 ? null : 'Enter a whole number from 0 to 10080.'),
              },
            ],
          },
        ],
      },
    ],
  };
}
