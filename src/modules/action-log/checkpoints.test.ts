import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { systemContext } from '../../kernel/request-context.ts';
import { SIGNING_KEY_FILE } from '../../kernel/signing-key.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD } from '../../testing/fixtures.ts';
import { createPeerApp, createTestApp, type TestApp } from '../../testing/test-app.ts';
import { chainHash, verifyChain } from './chain.ts';
import { verifyExport, type CheckpointExport } from './checkpoints.ts';
import { CHECKPOINT_INTERVAL_PATH } from './public.ts';

let app: TestApp;
let peer: App;
beforeAll(async () => {
  app = await createTestApp();
  peer = await createPeerApp(app);
});
afterAll(async () => {
  await peer?.close();
  await app?.dispose();
});

const rcOf = (a: App, name = 'test') => systemContext(a.ctx, { actor: { type: 'system', name }, fullActionName: 'test_checkpoint' });
const write = async (n: number, a: App = app) => {
  const rc = await rcOf(a);
  for (let i = 0; i < n; i++) await a.ctx.services.actionLog.record(rc, { group: 'stores', action: 'Save', details: `entry ${i}`, fullDetails: { i } });
};
const sign = async (a: App = app) => a.ctx.services.actionLog.signCheckpoint(await rcOf(a), 'cli');
const exported = () => app.ctx.services.actionLog.exportCheckpoints(app.ctx.db, app.clock.now());
const checkpointCount = async () =>
  Number(
    (
      await app.ctx.db
        .selectFrom('log_checkpoints')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Rebuilds every hash after editing one entry, as someone with write access to the database could. */
async function rewriteChain(editId: number) {
  await app.ctx.db.updateTable('action_log').set({ details: 'history, improved' }).where('id', '=', editId).execute();
  const rows = await app.ctx.db.selectFrom('action_log').selectAll().orderBy('id').execute();
  let prev = '';
  for (const r of rows) {
    const hash = chainHash(prev, r);
    await app.ctx.db.updateTable('action_log').set({ prev_hash: prev, hash }).where('id', '=', r.id).execute();
    prev = hash;
  }
  await app.ctx.db
    .updateTable('log_chain')
    .set({ last_id: rows.at(-1)!.id, last_hash: prev })
    .where('name', '=', 'action_log')
    .execute();
}

describe('signed checkpoints of the action log', () => {
  it('signs the head with a key generated once into the var folder (0600, never in the database), logs it and verifies', async () => {
    await write(3);
    const first = await sign();
    expect(first.created).toBe(true);
    const file = join(app.ctx.env.VAR_DIR, SIGNING_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const pem = readFileSync(file, 'utf8');
    expect(pem).toContain('BEGIN PRIVATE KEY');
    // The signed head is the entry recording the signing.
    const entry = await app.ctx.db.selectFrom('action_log').selectAll().where('id', '=', first.checkpoint.entry_id).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action_group: 'action_log', action: 'Checkpoint', hash: first.checkpoint.head_hash });
    expect(entry.details).toContain(first.checkpoint.key_id);
    const keys = await app.ctx.db.selectFrom('log_signing_keys').selectAll().execute();
    const stored = JSON.stringify([keys, await app.ctx.db.selectFrom('log_checkpoints').selectAll().execute(), entry]);
    const body = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s/g, '');
    expect(stored).not.toContain(body);
    expect(stored).not.toContain(body.slice(-40));

    // Nothing new since: no second checkpoint, from this process or the other.
    expect((await sign()).created).toBe(false);
    expect((await sign(peer)).created).toBe(false);
    expect(await app.ctx.services.actionLog.lastCheckpoint(app.ctx.db)).toMatchObject({ signatureValid: true, inChain: true, currentKey: true });
    const check = await verifyExport(app.ctx.db, await exported());
    expect(check).toMatchObject({ ok: true, checkpoints: 1, keyIds: [first.checkpoint.key_id] });
  });

  it('catches a chain rewritten in the database, which log:verify alone passes, naming the first broken checkpoint', async () => {
    await write(2);
    const before = (await sign()).checkpoint;
    await write(2);
    const second = (await sign()).checkpoint;
    const file = await exported();
    const victim = await app.ctx.db.selectFrom('action_log').select('id').where('id', '>', before.entry_id).orderBy('id').executeTakeFirstOrThrow();
    await rewriteChain(victim.id);
    expect((await verifyChain(app.ctx.db)).intact).toBe(true);
    const check = await verifyExport(app.ctx.db, file);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.checkpointId).toBe(second.id);
    expect(check.problems).toEqual([
      `Checkpoint #${second.id} (entry #${second.entry_id}, ${second.created_at}) fails: the log holds a different hash at its entry (the chain was rewritten).`,
    ]);
    expect(await app.ctx.services.actionLog.lastCheckpoint(app.ctx.db)).toMatchObject({ signatureValid: true, inChain: false });
    // Rewriting from the very first entry breaks the first checkpoint.
    const oldest = await app.ctx.db.selectFrom('action_log').select('id').orderBy('id').executeTakeFirstOrThrow();
    await rewriteChain(oldest.id);
    const all = await verifyExport(app.ctx.db, file);
    expect(all.ok === false && all.checkpointId).toBe(file.checkpoints[0]!.id);
  });

  it('catches a tampered signature, an entry id moved to another signature, and a key whose fingerprint is not its id', async () => {
    const fresh = await createTestApp();
    try {
      const rc = await rcOf(fresh);
      await fresh.ctx.services.actionLog.record(rc, { group: 'stores', action: 'Save', details: 'x' });
      const { checkpoint } = await fresh.ctx.services.actionLog.signCheckpoint(rc, 'cli');
      const file = await fresh.ctx.services.actionLog.exportCheckpoints(fresh.ctx.db, fresh.clock.now());
      const variant = (f: (c: CheckpointExport) => void) => {
        const copy = structuredClone(file);
        f(copy);
        return verifyExport(fresh.ctx.db, copy);
      };
      const flipped = Buffer.from(checkpoint.signature, 'base64');
      flipped[0]! ^= 1;
      const tampered = await variant((c) => (c.checkpoints[0]!.signature = flipped.toString('base64')));
      expect(tampered.ok === false && tampered.problems[0]).toContain('its signature is not valid (the checkpoint was altered)');
      const moved = await variant((c) => (c.checkpoints[0]!.created_at = '2020-01-01T00:00:00.000Z'));
      expect(moved.ok).toBe(false);
      const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
      const swapped = await variant((c) => (c.keys[0]!.public_key = other));
      expect(swapped.ok === false && swapped.problems[0]).toContain('is not in the file, or its fingerprint does not match');
      expect((await verifyExport(fresh.ctx.db, file)).ok).toBe(true);

      // The same tampering in the database shows on the report's indicator.
      await fresh.ctx.db
        .updateTable('log_checkpoints')
        .set({ signature: flipped.toString('base64') })
        .where('id', '=', checkpoint.id)
        .execute();
      expect(await fresh.ctx.services.actionLog.lastCheckpoint(fresh.ctx.db)).toMatchObject({ signatureValid: false, inChain: true });
    } finally {
      await fresh.dispose();
    }
  });

  it('stores one checkpoint per head when two app instances sign together, by hand or on the interval', async () => {
    for (let round = 0; round < 4; round++) {
      await write(2, round % 2 ? peer : app);
      const results = await Promise.all([sign(app), sign(peer), sign(app), sign(peer)]);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.checkpoint.id)).size).toBe(1);
    }
    const rows = await app.ctx.db.selectFrom('log_checkpoints').select('entry_id').execute();
    expect(new Set(rows.map((r) => r.entry_id)).size).toBe(rows.length);

    const due = async (a: App) => a.ctx.services.actionLog.signCheckpointIfDue(await rcOf(a));
    const save = async (value: string) => app.ctx.services.config.save(await rcOf(app), 'default', 0, [{ path: CHECKPOINT_INTERVAL_PATH, value }]);
    expect((await save('often')).ok).toBe(false);
    expect((await save('10081')).ok).toBe(false);
    expect((await save('0')).ok).toBe(true);
    peer.ctx.services.config.invalidate();
    await write(1);
    app.clock.advance(120 * 60_000);
    expect(await Promise.all([due(app), due(peer)])).toEqual([false, false]);
    expect((await save('30')).ok).toBe(true);
    peer.ctx.services.config.invalidate();
    const count = await checkpointCount();
    expect((await Promise.all([due(app), due(peer), due(app), due(peer)])).filter(Boolean)).toHaveLength(1);
    expect(await checkpointCount()).toBe(count + 1);
    // Within the interval nothing is signed, even after new entries; after it, once more.
    await write(1);
    app.clock.advance(29 * 60_000);
    expect(await Promise.all([due(app), due(peer)])).toEqual([false, false]);
    app.clock.advance(60_000);
    expect((await Promise.all([due(peer), due(app)])).filter(Boolean)).toHaveLength(1);
    // After it, with no new entry, nothing either.
    app.clock.advance(60 * 60_000);
    expect(await Promise.all([due(app), due(peer)])).toEqual([false, false]);
  });

  it('signs with LOG_SIGNING_KEY when set, writing no key file', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const fresh = await createTestApp({ LOG_SIGNING_KEY: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64') });
    try {
      const rc = await rcOf(fresh);
      await fresh.ctx.services.actionLog.record(rc, { group: 'stores', action: 'Save', details: 'x' });
      const { checkpoint } = await fresh.ctx.services.actionLog.signCheckpoint(rc, 'cli');
      const file = await fresh.ctx.services.actionLog.exportCheckpoints(fresh.ctx.db, fresh.clock.now());
      expect(file.keys[0]!.public_key).toBe(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64'));
      expect(file.keys[0]!.key_id).toBe(checkpoint.key_id);
      expect(existsSync(join(fresh.ctx.env.VAR_DIR, SIGNING_KEY_FILE))).toBe(false);
      expect((await verifyExport(fresh.ctx.db, file)).ok).toBe(true);
    } finally {
      await fresh.dispose();
    }
  });
});

describe('"Sign checkpoint now" on the Action Logs report', () => {
  it('refuses visitors without a session, a role without the report, and a request without the form key', async () => {
    const count = await checkpointCount();
    const anonymous = await new Agent(app).post('/admin/system/action-logs/checkpoint');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/admin\/login/);
    const other = await createAdmin(app, ['dashboard']);
    const outsider = new Agent(app);
    await outsider.signInAdmin(other.username, TEST_PASSWORD);
    expect((await outsider.post('/admin/system/action-logs/checkpoint')).statusCode).toBe(403);
    const admin = await createAdmin(app, ['system', 'system.action_logs', 'system.action_logs.report']);
    const agent = new Agent(app);
    await agent.signInAdmin(admin.username, TEST_PASSWORD);
    const forged = await agent.post('/admin/system/action-logs/checkpoint', {}, { formKey: false });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('Invalid Form Key');
    expect(await checkpointCount()).toBe(count);
  });

  it('signs for an admin with the report, shows the last checkpoint beside the chain indicator, and says when nothing is new', async () => {
    const admin = await createAdmin(app, ['system', 'system.action_logs', 'system.action_logs.report']);
    const agent = new Agent(app);
    await agent.signInAdmin(admin.username, TEST_PASSWORD);
    const page = await agent.get('/admin/system/action-logs');
    expect(page.body).toContain('action="/admin/system/action-logs/checkpoint"');
    const res = await agent.post('/admin/system/action-logs/checkpoint');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/system/action-logs');
    const last = await app.ctx.db.selectFrom('log_checkpoints').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    const entry = await app.ctx.db.selectFrom('action_log').selectAll().where('id', '=', last.entry_id).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action_group: 'action_log', username: admin.username, full_action_name: 'adminhtml_logging_checkpoint' });
    const after = await agent.get('/admin/system/action-logs');
    expect(after.body).toContain('You signed a checkpoint of the log chain at entry #');
    expect(after.body).toContain(`entry #${last.entry_id}, key ${last.key_id}.`);
    expect(after.body).toMatch(/Last checkpoint: \d\d\/\d\d\/\d{4}, \d\d:\d\d:\d\d [AP]M UTC, entry #\d+, key [0-9a-f]{32}\. Signature verified: (Yes|No)\./);
    expect((await agent.post('/admin/system/action-logs/checkpoint')).statusCode).toBe(303);
    expect((await agent.get('/admin/system/action-logs')).body).toContain(`already covers the newest entry (#${last.entry_id})`);
  });
});
