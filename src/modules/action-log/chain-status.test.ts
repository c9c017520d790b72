import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { systemContext } from '../../kernel/request-context.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD } from '../../testing/fixtures.ts';
import { createPeerApp, createTestApp, type TestApp } from '../../testing/test-app.ts';

// Two processes on one database: A and B. A verification asked for on one is what the other's report shows.
let a: TestApp;
let b: App;
beforeAll(async () => {
  a = await createTestApp();
  b = await createPeerApp(a);
});
afterAll(async () => {
  await b?.close();
  await a?.dispose();
});

const signedIn = async (app: App) => {
  const admin = await createAdmin(app, ['system', 'system.action_logs', 'system.action_logs.report']);
  const agent = new Agent(app);
  await agent.signInAdmin(admin.username, TEST_PASSWORD);
  return agent;
};

describe('the log chain status across processes', () => {
  it("a break found by Verify now on A shows on B's report at once, and so does the chain found whole again", async () => {
    const onA = await signedIn(a);
    const onB = await signedIn(b);
    const rc = await systemContext(a.ctx, { actor: { type: 'system', name: 'test' } });
    for (let i = 0; i < 3; i++) await a.ctx.services.actionLog.record(rc, { group: 'stores', action: 'Save', details: `entry ${i}`, fullDetails: { i } });
    // B has checked the chain itself and found it whole: from now on it only extends that check.
    expect((await onB.get('/admin/system/action-logs')).body).toMatch(/Log chain intact: \d+ entries verified\./);

    const victim = await a.ctx.db.selectFrom('action_log').selectAll().orderBy('id').limit(1).executeTakeFirstOrThrow();
    await a.ctx.db.updateTable('action_log').set({ details: 'rewritten' }).where('id', '=', victim.id).execute();
    // B's own cheap extension cannot see an edit behind its checked point…
    expect((await onB.get('/admin/system/action-logs')).body).not.toContain('Log chain broken');
    // …but A's full verification is recorded for every process.
    expect((await onA.get('/admin/system/action-logs/verify')).body).toContain(`Log chain broken at entry #${victim.id}`);
    expect((await onB.get('/admin/system/action-logs')).body).toContain(`Log chain broken at entry #${victim.id}`);

    await a.ctx.db.updateTable('action_log').set({ details: victim.details }).where('id', '=', victim.id).execute();
    expect((await onB.get('/admin/system/action-logs')).body).toContain('Log chain broken');
    expect((await onA.get('/admin/system/action-logs/verify')).body).not.toContain('Log chain broken');
    expect((await onB.get('/admin/system/action-logs')).body).toMatch(/Log chain intact: \d+ entries verified\./);
  });
});
