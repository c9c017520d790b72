import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../kernel/request-context.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD, unique } from '../../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { csvCell, xmlEscape } from './export.ts';
import { actionLogRepo } from './repo.ts';

let app: TestApp;
let agent: Agent;
const tag = unique('rep');

beforeAll(async () => {
  app = await createTestApp();
  const admin = await createAdmin(app, ['system', 'system.action_logs', 'system.action_logs.report']);
  agent = new Agent(app);
  await agent.signInAdmin(admin.username, TEST_PASSWORD);
  const rc = await systemContext(app.ctx, { actor: { type: 'system', name: tag }, ip: '10.1.2.3', fullActionName: 'test_report' });
  // 45 entries, alternating groups and results, one per minute.
  for (let i = 0; i < 45; i++) {
    app.clock.set(new Date(Date.UTC(2026, 0, 10 + Math.floor(i / 15), 8, i)));
    await app.ctx.services.actionLog.record(rc, {
      group: i % 3 === 0 ? 'login_as_customer' : 'system_config',
      action: i % 2 === 0 ? 'Save' : 'Delete',
      result: i % 5 === 0 ? 'Failure' : 'Success',
      details: i === 7 ? '<script>alert(1)</script>' : `entry ${i} ${tag}`,
      fullDetails: { i, html: '<img src=x onerror=alert(1)>' },
    });
  }
});
afterAll(async () => app?.dispose());

const ids = (body: string) => [...body.matchAll(/href="\/admin\/system\/action-logs\/(\d+)"/g)].map((m) => Number(m[1]));

describe('Action Logs report', () => {
  it('refuses visitors without a session or without the permission', async () => {
    expect((await new Agent(app).get('/admin/system/action-logs')).statusCode).toBe(302);
    const other = await createAdmin(app, ['dashboard']);
    const a = new Agent(app);
    await a.signInAdmin(other.username, TEST_PASSWORD);
    expect((await a.get('/admin/system/action-logs')).statusCode).toBe(403);
    expect((await a.get('/admin/system/action-logs/export/csv')).statusCode).toBe(403);
  });

  it('shows the newest first and pages by keyset in both directions', async () => {
    const first = await agent.get(`/admin/system/action-logs?username=${tag}`);
    expect(first.statusCode).toBe(200);
    const page1 = ids(first.body);
    expect(page1).toHaveLength(20);
    expect([...page1].sort((a, b) => b - a)).toEqual(page1);
    const next = first.body.match(/class="pager-next" rel="next" href="([^"]+)"/)![1]!.replace(/&amp;/g, '&');
    const second = await agent.get(next);
    const page2 = ids(second.body);
    expect(page2).toHaveLength(20);
    expect(Math.max(...page2)).toBeLessThan(Math.min(...page1));
    const third = await agent.get(second.body.match(/class="pager-next" rel="next" href="([^"]+)"/)![1]!.replace(/&amp;/g, '&'));
    expect(ids(third.body)).toHaveLength(5);
    expect(third.body).not.toContain('pager-next');
    const back = await agent.get(third.body.match(/class="pager-prev" rel="prev" href="([^"]+)"/)![1]!.replace(/&amp;/g, '&'));
    expect(ids(back.body)).toEqual(page2);
  });

  it('ends a walk by "next" cursors exactly at the last row, even when the rows fill whole pages (how exports batch)', async () => {
    const seen: number[] = [];
    let cursor: { after?: number } = {};
    for (let batches = 0; batches < 10; batches++) {
      const { rows, nextAfter } = await actionLogRepo.page(app.ctx.db, { username: tag }, { limit: 15, cursor });
      seen.push(...rows.map((r) => r.id));
      if (nextAfter === undefined) break;
      cursor = { after: nextAfter };
    }
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });

  it('filters by group, result, date range and text', async () => {
    const byGroup = ids((await agent.get(`/admin/system/action-logs?username=${tag}&group=login_as_customer&limit=200`)).body);
    expect(byGroup).toHaveLength(15);
    const failures = ids((await agent.get(`/admin/system/action-logs?username=${tag}&result=Failure&limit=200`)).body);
    expect(failures).toHaveLength(9);
    const oneDay = ids((await agent.get(`/admin/system/action-logs?username=${tag}&from=2026-01-11&to=2026-01-11&limit=200`)).body);
    expect(oneDay).toHaveLength(15);
    const text = ids((await agent.get(`/admin/system/action-logs?details=entry%2012%20${tag}`)).body);
    expect(text).toHaveLength(1);
    const ip = ids((await agent.get(`/admin/system/action-logs?username=${tag}&ip=10.1.2&limit=200`)).body);
    expect(ip).toHaveLength(45);
  });

  it('explains a bad date and ignores it instead of failing', async () => {
    const res = await agent.get(`/admin/system/action-logs?username=${tag}&from=2026-02-31`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('is not a valid date; use YYYY-MM-DD.');
    expect(ids(res.body)).toHaveLength(20);
    const junk = await agent.get('/admin/system/action-logs?limit=99999&before=abc&group=nope');
    expect(junk.statusCode).toBe(200);
  });

  it('escapes details in the grid and the view page', async () => {
    const res = await agent.get(`/admin/system/action-logs?details=script`);
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).toContain('&lt;script>alert(1)&lt;/script>');
    const id = ids(res.body)[0]!;
    const view = await agent.get(`/admin/system/action-logs/${id}`);
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain('Full Details');
    expect(view.body).not.toContain('<img src=x');
    expect(view.body).toContain('&lt;img src=x onerror=alert(1)>');
    expect((await agent.get('/admin/system/action-logs/99999999')).statusCode).toBe(404);
  });

  it('exports every matching row as CSV and Excel XML', async () => {
    const csv = await agent.get(`/admin/system/action-logs/export/csv?username=${tag}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="action-log-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('Full Details');
    expect(lines).toHaveLength(46);
    const xml = await agent.get(`/admin/system/action-logs/export/xml?username=${tag}&group=login_as_customer`);
    expect(xml.body).toContain('<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"');
    expect(xml.body.match(/<Row>/g)).toHaveLength(16);
    expect(xml.body).not.toContain('<img');
  });

  it('guards CSV cells against formula injection and quotes what needs quoting', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@sum')).toBe("'@sum");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('plain')).toBe('plain');
    expect(xmlEscape('<a & "b">\u0001')).toBe('&lt;a &amp; &quot;b&quot;&gt;');
  });
});
