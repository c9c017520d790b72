import type { ActionLogRow } from './repo.ts';
import { xmlEscape } from './public.ts';

/** Columns of both exports, in order. Full details and ids are kept so an auditor can re-check the log. */
export const EXPORT_COLUMNS: { header: string; value: (r: ActionLogRow, groupLabel: (id: string) => string) => string }[] = [
  { header: 'ID', value: (r) => String(r.id) },
  { header: 'Time', value: (r) => r.created_at },
  { header: 'Action Group', value: (r, label) => label(r.action_group) },
  { header: 'Action', value: (r) => r.action },
  { header: 'IP Address', value: (r) => r.ip },
  { header: 'Username', value: (r) => r.username },
  { header: 'Admin ID', value: (r) => (r.admin_id === null ? '' : String(r.admin_id)) },
  { header: 'Result', value: (r) => r.result },
  { header: 'Full Action Name', value: (r) => r.full_action_name },
  { header: 'Details', value: (r) => r.details },
  { header: 'Full Details', value: (r) => r.full_details },
  // The chain fields, so an auditor can re-verify an export outside the store (see docs/admin-guide.md).
  { header: 'Previous Hash', value: (r) => r.prev_hash },
  { header: 'Hash', value: (r) => r.hash },
];

export { csvCell, csvLine, xmlEscape } from './public.ts';

export const xmlRow = (cells: string[]) => `<Row>${cells.map((c) => `<Cell><Data ss:Type="String">${xmlEscape(c)}</Data></Cell>`).join('')}</Row>\n`;

export const XML_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n' +
  '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n' +
  '<Worksheet ss:Name="Action Log"><Table>\n';
export const XML_TAIL = '</Table></Worksheet></Workbook>\n';
