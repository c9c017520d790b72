import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, systemContext } from '../../kernel/request-context.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD, unique } from '../../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { actionLogRepo } from './repo.ts';
import { EXPORT_BATCH } from './service.ts';

let app: TestApp;
let agent: Agent;
const tag = unique('exp');
/** More rows than one export batch holds, so the export must follow the cursor past the first page. */
const COUNT = EXPORT_BATCH + 7;
const ids: number[] = [];
const tricky = { csv: 'a,"b"\r\nc', formula: '=HYPERLINK("http://x")', xml: '<b>&\u0001</b>' };

beforeAll(async () => {
  app = await createTestApp();
  const admin = await createAdmin(app, ['system', 'system.action_logs', 'system.action_logs.report']);
  agent = new Agent(app);
  await agent.signInAdmin(admin.username, TEST_PASSWORD);
  const rc = await systemContext(app.ctx, { actor: { type: 'system', name: tag }, ip: '10.9.8.7', fullActionName: 'test_export' });
  const details = [tricky.csv, tricky.formula, tricky.xml];
  await inTransaction(rc, async (trx) => {
    for (let i = 0; i < COUNT; i++) {
      const row = {
        created_at: new Date(Date.UTC(2026, 1, 1, 0, 0, i)).toISOString(),
        action_group: 'system_config',
        action: 'Save',
        ip: '10.9.8.7',
        admin_id: null,
        username: tag,
        result: 'Success',
        full_action_name: 'test_export',
        details: details[i] ?? `row ${i}`,
        full_details: JSON.stringify({ i }),
      };
      ids.push(await actionLogRepo.append(trx.db, row));
    }
  });
}, 120_000);
afterAll(async () => app?.dispose());

const newestFirst = () => [...ids].sort((a, b) => b - a);

describe('Action log exports', () => {
  it('streams every row as CSV past the first batch, with the headers and escaping', async () => {
    const res = await agent.get(`/admin/system/action-logs/export/csv?username=${tag}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="action-log-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(
      res.body.startsWith('\uFEFFID,Time,Action Group,Action,IP Address,Username,Admin ID,Result,Full Action Name,Details,Full Details,Previous Hash,Hash\r\n'),
    ).toBe(true);
    expect(res.body).toContain(`,"a,""b""\r\nc",`);
    expect(res.body).toContain(`,"'=HYPERLINK(""http://x"")",`);
    // Every record starts on a line with its id; the quoted line break above is inside one record.
    const rowIds = [...res.body.matchAll(/\r\n(\d+),/g)].map((m) => Number(m[1]));
    expect(rowIds).toEqual(newestFirst());
    expect(res.body.endsWith('\r\n')).toBe(true);
  });

  it('streams every row as Excel XML past the first batch, escaped, with one header row', async () => {
    const res = await agent.get(`/admin/system/action-logs/export/xml?username=${tag}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.ms-excel; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="action-log-\d{4}-\d{2}-\d{2}\.xml"/);
    expect(res.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(res.body.endsWith('</Table></Worksheet></Workbook>\n')).toBe(true);
    expect(res.body.match(/<Row>/g)).toHaveLength(COUNT + 1);
    expect(res.body).toContain('<Row><Cell><Data ss:Type="String">ID</Data></Cell><Cell><Data ss:Type="String">Time</Data></Cell>');
    expect(res.body).toContain('&lt;b&gt;&amp;&lt;/b&gt;');
    expect(res.body).not.toContain('<b>');
    const rowIds = [...res.body.matchAll(/<Row><Cell><Data ss:Type="String">(\d+)<\/Data>/g)].map((m) => Number(m[1]));
    expect(rowIds).toEqual(newestFirst());
  });

  it('drops U+0000 from the filters, as from every form field (PostgreSQL text cannot hold it)', async () => {
    for (const format of ['csv', 'xml']) {
      const res = await agent.get(`/admin/system/action-logs/export/${format}?username=${tag}&action=Sa%00ve`);
      expect(res.statusCode, format).toBe(200);
      expect(res.body.match(format === 'csv' ? /\r\n\d+,/g : /<Row><Cell><Data ss:Type="String">\d+<\/Data>/g), format).toHaveLength(COUNT);
    }
    expect((await agent.get(`/admin/system/action-logs?username=${tag}&action=a%00b`)).statusCode).toBe(200);
  });

  it('follows the cursor to the very end with any batch size', async () => {
    // Another name: the export records itself, and that entry must not match the filter.
    const rc = await systemContext(app.ctx, { actor: { type: 'system', name: 'exporter' }, ip: '127.0.0.1', fullActionName: 'test_export' });
    const file = await app.ctx.services.actionLog.exportReport(rc, { username: tag }, 'csv', 7);
    let text = '';
    for await (const chunk of file.body) text += String(chunk);
    expect([...text.matchAll(/\r\n(\d+),/g)].map((m) => Number(m[1]))).toEqual(newestFirst());
  });
});
