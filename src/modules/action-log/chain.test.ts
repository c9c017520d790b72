import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../kernel/request-context.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD } from '../../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { frozenCanonical } from '../../db/migrations/0004-transparency.ts';
import { canonical, verifyChain } from './chain.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

const write = async (n: number) => {
  const rc = await systemContext(app.ctx, { actor: { type: 'system', name: 'test' } });
  for (let i = 0; i < n; i++) await app.ctx.services.actionLog.record(rc, { group: 'stores', action: 'Save', details: `entry ${i}`, fullDetails: { i } });
};

describe('tamper-evident action log', () => {
  it('chains every entry and verifies intact', async () => {
    await write(5);
    const rows = await app.ctx.db.selectFrom('action_log').selectAll().orderBy('id').execute();
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    const report = await verifyChain(app.ctx.db);
    expect(report.intact).toBe(true);
  });

  it('names the first broken entry when a row is edited, deleted, or the newest removed', async () => {
    await write(4);
    const rows = await app.ctx.db.selectFrom('action_log').selectAll().orderBy('id').execute();
    const victim = rows[rows.length - 3]!;
    await app.ctx.db.updateTable('action_log').set({ details: 'nothing to see here' }).where('id', '=', victim.id).execute();
    const edited = await verifyChain(app.ctx.db);
    expect(edited).toMatchObject({ intact: false, brokenId: victim.id });
    await app.ctx.db.updateTable('action_log').set({ details: victim.details }).where('id', '=', victim.id).execute();
    expect((await verifyChain(app.ctx.db)).intact).toBe(true);

    await app.ctx.db.deleteFrom('action_log').where('id', '=', victim.id).execute();
    expect(await verifyChain(app.ctx.db)).toMatchObject({ intact: false, brokenId: rows[rows.length - 2]!.id });
  });

  it('shows the result above the Action Logs report and on Verify now', async () => {
    const fresh = await createTestApp();
    try {
      const admin = await createAdmin(fresh, ['system', 'system.action_logs', 'system.action_logs.report']);
      const agent = new Agent(fresh);
      await agent.signInAdmin(admin.username, TEST_PASSWORD);
      expect((await agent.get('/admin/system/action-logs')).body).toMatch(/Log chain intact: \d+ entries verified\./);
      const last = await fresh.ctx.db.selectFrom('action_log').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
      await fresh.ctx.db.updateTable('action_log').set({ username: 'someone-else' }).where('id', '=', last.id).execute();
      const verify = await agent.get('/admin/system/action-logs/verify');
      expect(verify.body).toContain(`Log chain broken at entry #${last.id}`);
      expect((await agent.get('/admin/system/action-logs')).body).toContain(`Log chain broken at entry #${last.id}`);
      const csv = await agent.get('/admin/system/action-logs/export/csv');
      expect(csv.body.split('\r\n')[0]).toContain('Previous Hash,Hash');
    } finally {
      await fresh.dispose();
    }
  });

  it("keeps the migration's frozen copy of the canonical form equal to the live one", () => {
    const row = {
      created_at: '2026-01-01T00:00:00.000Z',
      action_group: 'g',
      action: 'a',
      ip: '::1',
      admin_id: 7,
      username: 'u',
      result: 'Success',
      full_action_name: 'f',
      details: 'd "quoted"',
      full_details: '{"x":1}',
    };
    expect(frozenCanonical(row)).toBe(canonical(row));
    expect(frozenCanonical({ ...row, admin_id: null })).toBe(canonical({ ...row, admin_id: null }));
  });
});
