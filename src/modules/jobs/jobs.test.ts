import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { transaction } from '../../db/database.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD } from '../../testing/fixtures.ts';
import { createCustomer } from '../../testing/store-fixtures.ts';
import { createPeerApp, createTestApp, type TestApp } from '../../testing/test-app.ts';
import { readMailbox } from '../mail/mailer.ts';
import { BASE_RETRY_DELAY_MS, JOBS_RESOURCE, LEASE_MS } from './public.ts';
import { jobsRepo } from './repo.ts';
import { LEASE_EXPIRED } from './service.ts';

// The queue's own tests drive the worker by hand (drainOnce) with the manual clock.
const lines: string[] = [];
const logger = pino(
  { level: 'debug' },
  new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  }),
);

let app: TestApp;
let peer: App;
const ran: number[] = [];
let failing = true;
const SECRET = 'tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0';

function registerTestKinds(target: App, worker: string) {
  target.ctx.services.jobs.register<{ n: number }>('test.record', async (p, run) => {
    ran.push(p.n);
    seenBy.set(run.id, [...(seenBy.get(run.id) ?? []), worker]);
    await new Promise((r) => setTimeout(r, 1));
  });
  target.ctx.services.jobs.register('test.flaky', async () => {
    if (failing) throw new Error(`SMTP refused http://shop.example/reset?token=${SECRET} for ${SECRET}`);
  });
}
const seenBy = new Map<number, string[]>();

beforeAll(async () => {
  app = await createTestApp({}, { logger, runJobsOnCommit: false });
  peer = await createPeerApp(app, { runJobsOnCommit: false });
  registerTestKinds(app, 'a');
  registerTestKinds(peer, 'b');
});
afterAll(async () => {
  await peer?.close();
  await app?.dispose();
});

const jobs = () => app.ctx.services.jobs;
const job = async (id: number) => (await jobsRepo.byId(app.ctx.db, id))!;
const enqueue = (kind: string, payload: unknown, maxAttempts?: number) => jobs().enqueue({ db: app.ctx.db }, kind, payload, { maxAttempts });

describe('enqueue in the caller transaction', () => {
  it('a job queued in a transaction that rolls back never runs; a committed one runs once', async () => {
    ran.length = 0;
    await expect(
      transaction(app.ctx.db, async (trx) => {
        await jobs().enqueue({ db: trx }, 'test.record', { n: 1 });
        throw new Error('order refused');
      }),
    ).rejects.toThrow('order refused');
    const none = await jobs().drainOnce();
    expect(none.ran).toBe(0);
    await transaction(app.ctx.db, (trx) => jobs().enqueue({ db: trx }, 'test.record', { n: 2 }));
    expect((await jobs().drainOnce()).done).toBe(1);
    expect((await jobs().drainOnce()).ran).toBe(0);
    expect(ran).toEqual([2]);
  });

  it('a password reset is emailed only once the worker runs it, and its link reaches no log line nor outlives sending', async () => {
    const c = await createCustomer(app);
    const res = await new Agent(app).post('/customer/account/forgotpasswordpost', { email: c.email });
    expect(res.statusCode).toBe(303);
    const mine = async () => (await readMailbox(app.ctx.env.VAR_DIR)).filter((m) => m.to.includes(c.email));
    expect(await mine()).toHaveLength(0);
    const queued = await app.ctx.db.selectFrom('jobs').selectAll().where('kind', '=', 'mail.send').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(queued.status).toBe('queued');
    expect((await jobs().drainOnce()).done).toBeGreaterThanOrEqual(1);
    const mail = (await mine()).at(-1)!;
    const token = decodeURIComponent(/createPassword\?token=(\S+)/.exec(mail.text)![1]!);
    expect(token.length).toBeGreaterThan(20);
    expect(lines.some((l) => l.includes(token))).toBe(false);
    const sent = await job(queued.id);
    expect(sent.status).toBe('done');
    expect(sent.payload).not.toContain(token);
  });
});

describe('retries', () => {
  it('retries a failing handler with growing delays, then marks it failed with a scrubbed error', async () => {
    failing = true;
    const id = await enqueue('test.flaky', {}, 4);
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      const report = await jobs().drainOnce();
      expect(report.ran, `attempt ${attempt}`).toBe(1);
      const row = await job(id);
      expect(row.attempts).toBe(attempt);
      if (attempt < 4) {
        expect(row.status).toBe('queued');
        const delay = Date.parse(row.run_at) - app.clock.now().getTime();
        const full = BASE_RETRY_DELAY_MS * 2 ** (attempt - 1);
        expect(delay).toBeGreaterThanOrEqual(full / 2);
        expect(delay).toBeLessThanOrEqual(full);
        delays.push(delay);
        // Not due yet: nothing runs until the clock reaches the next attempt.
        expect((await jobs().drainOnce()).ran).toBe(0);
        app.clock.advance(delay);
      } else {
        expect(row.status).toBe('failed');
        expect(report.failed).toBe(1);
      }
      expect(row.last_error).toContain('SMTP refused');
      expect(row.last_error).not.toContain(SECRET);
    }
    expect(delays[1]!).toBeGreaterThanOrEqual(delays[0]!);
    expect(delays[2]!).toBeGreaterThanOrEqual(delays[1]!);
    expect((await jobs().drainOnce()).ran).toBe(0);
    expect(lines.filter((l) => l.includes(`"jobId":${id}`)).length).toBeGreaterThanOrEqual(4);
    expect(lines.some((l) => l.includes(SECRET))).toBe(false);
  });

  it('a job without a registered handler fails its attempts like any other failure', async () => {
    const id = await enqueue('test.unknown', {}, 1);
    await jobs().drainOnce();
    expect((await job(id)).status).toBe('failed');
    expect((await job(id)).last_error).toContain('No handler');
  });
});

describe('workers', () => {
  it('two app instances draining the same database at once run each job exactly once', async () => {
    ran.length = 0;
    seenBy.clear();
    const ids: number[] = [];
    for (let n = 0; n < 40; n++) ids.push(await enqueue('test.record', { n }));
    const [a, b] = await Promise.all([jobs().drainOnce({ worker: 'a' }), peer.ctx.services.jobs.drainOnce({ worker: 'b' })]);
    expect(a.ran + b.ran).toBe(40);
    // Both took part: the claims really raced.
    expect(a.ran).toBeGreaterThan(0);
    expect(b.ran).toBeGreaterThan(0);
    expect([...ran].sort((x, y) => x - y)).toEqual([...Array(40).keys()]);
    for (const id of ids) {
      expect(seenBy.get(id), `job ${id}`).toHaveLength(1);
      expect((await job(id)).status).toBe('done');
    }
  });

  it('re-runs a job whose worker died once its lease runs out; the dead worker can no longer finish it', async () => {
    ran.length = 0;
    const id = await enqueue('test.record', { n: 7 }, 2);
    const now = app.clock.now();
    const claimed = await jobsRepo.claimById(app.ctx.db, id, { worker: 'dead', now: isoUtc(now), leaseUntil: isoUtc(new Date(now.getTime() + LEASE_MS)) });
    expect(claimed?.status).toBe('running');
    expect((await jobs().drainOnce()).ran).toBe(0);
    app.clock.advance(LEASE_MS + 1);
    expect((await peer.ctx.services.jobs.drainOnce({ worker: 'b' })).done).toBe(1);
    expect(ran).toEqual([7]);
    const row = await job(id);
    expect(row).toMatchObject({ status: 'done', attempts: 2, locked_by: null });
    expect(await jobsRepo.finish(app.ctx.db, id, 'dead', { status: 'failed', last_error: 'late', now: isoUtc(app.clock.now()) })).toBe(false);
    expect((await job(id)).status).toBe('done');
  });

  it('fails a job whose lease ran out on its last attempt', async () => {
    const id = await enqueue('test.record', { n: 8 }, 1);
    const now = app.clock.now();
    await jobsRepo.claimById(app.ctx.db, id, { worker: 'dead', now: isoUtc(now), leaseUntil: isoUtc(new Date(now.getTime() + LEASE_MS)) });
    app.clock.advance(LEASE_MS + 1);
    await jobs().drainOnce();
    expect(await job(id)).toMatchObject({ status: 'failed', last_error: LEASE_EXPIRED });
  });

  it('the worker loop runs a job as soon as its transaction commits and, stopped, finishes the job it is running', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let finished = false;
    jobs().register('test.slow', async () => {
      await gate;
      finished = true;
    });
    const worker = jobs().worker({ name: 'loop', pollMs: 60_000 });
    worker.start();
    const id = await enqueue('test.slow', {});
    await expect.poll(async () => (await job(id)).status, { timeout: 4000 }).toBe('running');
    const stopping = worker.stop();
    setTimeout(release, 50);
    await stopping;
    expect(finished).toBe(true);
    expect((await job(id)).status).toBe('done');
  });
});

describe('System > Background Jobs', () => {
  let admin: Agent;
  beforeAll(async () => {
    const a = await createAdmin(app, ['system', JOBS_RESOURCE]);
    admin = new Agent(app);
    await admin.signInAdmin(a.username, TEST_PASSWORD);
    // The jobs failed on purpose above would fail again: the page's tests start without failed jobs.
    await app.ctx.db.deleteFrom('jobs').where('status', '=', 'failed').execute();
  });

  it('is refused without a session and to a role without the resource', async () => {
    const anonymous = new Agent(app);
    const page = await anonymous.get('/admin/system/jobs');
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toMatch(/^\/admin\/login/);
    expect((await anonymous.post('/admin/system/jobs/retry-failed')).statusCode).toBe(303);
    const other = await createAdmin(app, ['dashboard']);
    const stranger = new Agent(app);
    await stranger.signInAdmin(other.username, TEST_PASSWORD);
    expect((await stranger.get('/admin/system/jobs')).statusCode).toBe(403);
    const failedBefore = (await jobsRepo.counts(app.ctx.db)).failed;
    expect((await stranger.post('/admin/system/jobs/retry-failed')).statusCode).toBe(403);
    expect((await jobsRepo.counts(app.ctx.db)).failed).toBe(failedBefore);
    expect((await stranger.get('/admin/dashboard')).body).not.toContain('/admin/system/jobs');
  });

  it('lists failed jobs with attempts and error; Retry runs one again, Retry all failed the rest, both logged', async () => {
    failing = true;
    const first = await enqueue('test.flaky', {}, 1);
    const second = await enqueue('test.flaky', {}, 1);
    await jobs().drainOnce();
    const page = await admin.get('/admin/system/jobs');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Background Jobs');
    expect(page.body).toContain(`/admin/system/jobs/${first}/retry`);
    expect(page.body).toContain('1 of 1');
    expect(page.body).toContain('SMTP refused');
    expect(page.body).not.toContain(SECRET);
    expect(page.body).toContain('Retry all failed');
    expect(page.body).toContain('<a href="/admin/system/jobs">Background Jobs</a>');

    // A retry without the form key changes nothing.
    expect((await admin.post(`/admin/system/jobs/${first}/retry`, { form_key: 'forged' })).statusCode).not.toBe(303);
    expect((await job(first)).status).toBe('failed');

    failing = false;
    const retried = await admin.post(`/admin/system/jobs/${first}/retry`);
    expect(retried.statusCode).toBe(303);
    expect(await job(first)).toMatchObject({ status: 'queued', attempts: 0 });
    expect((await jobs().drainOnce()).done).toBe(1);
    expect((await job(first)).status).toBe('done');
    // Only a failed job can be retried.
    expect((await admin.post(`/admin/system/jobs/${first}/retry`)).statusCode).toBe(303);
    expect((await job(first)).status).toBe('done');

    expect((await admin.post('/admin/system/jobs/retry-failed')).statusCode).toBe(303);
    expect((await job(second)).status).toBe('queued');
    await jobs().drainOnce();
    expect((await job(second)).status).toBe('done');

    const log = await app.ctx.db.selectFrom('action_log').select(['action', 'details']).where('action_group', '=', 'background_jobs').orderBy('id').execute();
    expect(log.map((l) => l.action)).toEqual(['Retry', 'Retry all']);
    expect(log[0]!.details).toContain(`#${first}`);
  });

  it('shows the empty state and the other statuses, and pages by keyset', async () => {
    const empty = await admin.get('/admin/system/jobs?status=failed');
    expect(empty.body).toContain('No failed jobs');
    expect(empty.body).not.toContain('Retry all failed');
    expect((await admin.get('/admin/system/jobs?status=running')).body).toContain('No job is running right now.');
    const done = await admin.get('/admin/system/jobs?status=done');
    expect(done.body).toContain('test.record');
    const next = /href="([^"]*after=\d+[^"]*)"/.exec(done.body)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toBeDefined();
    const second = await admin.get(next!);
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('rel="prev"');
    // Bad input is ignored: an unknown status shows the failed jobs, a cursor out of range the first page.
    expect((await admin.get('/admin/system/jobs?status=bogus&after=99999999999')).statusCode).toBe(200);
  });
});
