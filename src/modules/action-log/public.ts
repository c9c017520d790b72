/** ACL resource of System > Action Logs > Report. */
export const ACTION_LOG_REPORT_RESOURCE = 'system.action_logs.report';

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
 * One CSV cell (RFC 4180). Cells a spreadsheet would run as a formula (= + - @, tab, carriage return) get a
 * leading apostrophe, so an exported log cannot attack the auditor who opens it.
 */
export function csvCell(value: string): string {
  const guarded = formulaGuarded(value);
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** A cell a spreadsheet would run as a formula (starting = + - @, tab or carriage return) gets a leading apostrophe. */
export const formulaGuarded = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

export const csvLine = (cells: string[]) => `${cells.map(csvCell).join(',')}\r\n`;

export function xmlEscape(value: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the rest are escaped.
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Minutes between signed checkpoints of the chain head; 0 signs only on demand. */
export const CHECKPOINT_INTERVAL_PATH = 'admin/log_checkpoints/interval_minutes';
