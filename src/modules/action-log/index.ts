/** The action-log module's public surface: what other modules may use. */
import type { Services } from '../../kernel/services.ts';

export { ACTION_LOG_REPORT_RESOURCE, csvCell, csvLine, formulaGuarded, loggingSettingPath, xmlEscape, type ActionLogEntry } from './public.ts';

export type ActionLogService = Services['actionLog'];
