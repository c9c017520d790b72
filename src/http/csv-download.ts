import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FastifyReply } from 'fastify';
import type { RequestContext } from '../kernel/request-context.ts';
// The action log's exports guard formula cells the same way: one rule for every spreadsheet the store writes.
import { formulaGuarded } from '../modules/action-log/index.ts';

/**
 * Sends a CSV download as a stream: the header, then every row as the client takes them (RFC 4180, CRLF, a BOM so
 * spreadsheets read UTF-8, formula cells guarded). A failed read breaks the response off (and is logged) rather than
 * ending it as if the file were complete.
 */
export function sendCsv(reply: FastifyReply, rc: RequestContext, file: { name: string; header: string[]; rows: AsyncIterable<string[]> }) {
  const csv = stringify({ bom: true, record_delimiter: 'windows', header: true, columns: file.header, cast: { string: formulaGuarded } });
  pipeline(Readable.from(file.rows), csv, (err) => void (err && rc.app.logger.error({ err, file: file.name }, 'CSV export failed')));
  reply.header('content-disposition', `attachment; filename="${file.name}"`);
  reply.type('text/csv; charset=utf-8');
  return reply.send(csv);
}
