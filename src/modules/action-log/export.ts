import { pipeline, Readable, Transform } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Translate } from '../../kernel/i18n.ts';
import type { ActionLogRow } from './repo.ts';
import { formulaGuarded, xmlEscape } from './public.ts';

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

/**
 * CSV of header + rows: csv-stringify with the CSV cells' rules (quotes only around cells with a quote, comma or
 * line break; formula cells guarded; CRLF lines; a BOM so spreadsheets read UTF-8).
 */
function csvStream(): Transform {
  return stringify({
    bom: true,
    record_delimiter: 'windows',
    quoted_match: /[",\r\n]/,
    cast: { string: (value: string) => formulaGuarded(value) },
  });
}

/** Excel 2003 XML of header + rows, a row at a time: the head first, the tail once the rows end. */
function xmlStream(): Transform {
  let started = false;
  return new Transform({
    writableObjectMode: true,
    transform(cells: string[], _encoding, done) {
      const row = xmlRow(cells);
      const chunk = started ? row : XML_HEAD + row;
      started = true;
      done(null, chunk);
    },
    flush(done) {
      done(null, started ? XML_TAIL : XML_HEAD + XML_TAIL);
    },
  });
}

/**
 * The export as a byte stream: the header, then every row `rows` yields, pulled only as fast as the reader
 * takes them (nothing is held beyond one batch). An error while reading ends the stream with that error.
 */
export function exportStream(rows: AsyncIterable<ActionLogRow>, groupLabel: (id: string) => string, format: 'csv' | 'xml', t: Translate = (s) => s): Readable {
  async function* records() {
    yield EXPORT_COLUMNS.map((c) => t(c.header));
    for await (const r of rows) yield EXPORT_COLUMNS.map((c) => c.value(r, groupLabel));
  }
  const writer = format === 'csv' ? csvStream() : xmlStream();
  // The writer is what is read; pipeline passes a read error on to it (and so to whoever reads it).
  pipeline(Readable.from(records()), writer, () => {});
  return writer;
}
