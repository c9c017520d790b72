import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './db/database.ts';
import { chainHash } from './modules/action-log/chain.ts';
import { testDbKind } from './testing/test-app.ts';

// The CLI runs as operators run it: a separate process on its own SQLite database.
const dir = mkdtempSync(join(tmpdir(), 'concierge-cli-'));
const env = { ...process.env, SQLITE_FILE: join(dir, 'cli.sqlite'), VAR_DIR: dir, LOG_LEVEL: 'silent', DATABASE_URL: '' };
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env, encoding: 'utf8', timeout: 60_000 });

/** The CLI on a database file that does not exist yet, to see whether a command touched it. */
const freshDb = () => join(mkdtempSync(join(dir, 'fresh-')), 'untouched.sqlite');
const cliOn = (o: { sqliteFile: string; env?: Record<string, string>; timeout?: number }, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    env: { ...env, SQLITE_FILE: o.sqliteFile, ...o.env },
    encoding: 'utf8',
    timeout: o.timeout ?? 60_000,
  });

/** Whether a Redis server answers PING on 127.0.0.1:6379. */
const redisAnswers = await new Promise<boolean>((resolve) => {
  const socket = connect({ host: '127.0.0.1', port: 6379 });
  const done = (up: boolean) => {
    socket.destroy();
    resolve(up);
  };
  socket.setTimeout(1000, () => done(false));
  socket.on('error', () => done(false));
  socket.on('connect', () => socket.write('PING\r\n'));
  socket.on('data', (d) => done(d.toString().startsWith('+PONG')));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Tests that start the application in several processes one after another: each takes seconds on a busy machine.
// Each case starts real CLI processes (seconds each, far more on a busy machine).
const SPAWNING = { timeout: 300_000 };

describe.runIf(testDbKind() === 'sqlite')('operator CLI', () => {
  it('migrates, creates an administrator with Magento flag names, refuses bad input, unlocks and sets config', SPAWNING, async () => {
    expect(cli('migrate').status).toBe(0);
    const missing = cli('admin:user:create', '--admin-user', 'ops');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--admin-password');
    const weak = cli(
      'admin:user:create',
      '--admin-user',
      'ops',
      '--admin-password',
      'short',
      '--admin-email',
      'ops@example.com',
      '--admin-firstname',
      'Op',
      '--admin-lastname',
      'Erator',
    );
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain('at least 7 characters');
    const created = cli(
      'admin:user:create',
      '--admin-user',
      'ops',
      '--admin-password',
      'Good-pass-123',
      '--admin-email',
      'ops@example.com',
      '--admin-firstname',
      'Op',
      '--admin-lastname',
      'Erator',
    );
    expect(created.status, created.stderr).toBe(0);
    expect(cli('admin:user:unlock', 'ops').stdout).toContain('has been unlocked');
    expect(cli('admin:user:unlock', 'ghost').status).toBe(1);
    expect(cli('config:set', 'login_as_customer/general/enabled', '1').status).toBe(0);
    const badValue = cli('config:set', 'login_as_customer/general/enabled', 'perhaps');
    expect(badValue.status).toBe(1);
    const badScope = cli('config:set', 'general/locale/code', 'en_US', '--scope', 'websites', '--scope-code', 'nope');
    expect(badScope.stderr).toContain('No website with code "nope"');

    const { db, close } = await openDatabase({ sqliteFile: env.SQLITE_FILE });
    const user = await db.selectFrom('admin_users').selectAll().where('username', '=', 'ops').executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    const value = await db.selectFrom('config_values').select('value').where('path', '=', 'login_as_customer/general/enabled').executeTakeFirst();
    expect(value?.value).toBe('1');
    const log = await db.selectFrom('action_log').select(['full_action_name', 'username']).orderBy('id').execute();
    expect(log.map((r) => r.full_action_name)).toEqual(expect.arrayContaining(['cli_admin_user_create', 'cli_config_set']));

    // The log's chain: intact, then an entry edited in the database directly is found.
    const intact = cli('log:verify');
    expect(intact.status, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/Log chain intact: \d+ entries verified\./);
    const first = await db.selectFrom('action_log').select('id').orderBy('id').executeTakeFirstOrThrow();
    await db.updateTable('action_log').set({ details: 'rewritten history' }).where('id', '=', first.id).execute();
    const broken = cli('log:verify');
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain(`Log chain broken at entry #${first.id}`);
    await close();
  });

  it('checks and rebuilds the price index', SPAWNING, async () => {
    expect(cli('migrate').status).toBe(0);
    const { db, close } = await openDatabase({ sqliteFile: env.SQLITE_FILE });
    const { catalogRepo } = await import('./modules/catalog/repo.ts');
    const now = new Date().toISOString();
    const id = await catalogRepo.insertProduct(db, { sku: 'CLI-IDX', name: 'Indexed', url_key: 'cli-idx', price: 1200, created_at: now, updated_at: now });
    await catalogRepo.replaceWebsites(db, id, [1]);
    await catalogRepo.replacePrices(db, id, [{ websiteId: 0, groupId: 0, price: 900 }]);
    const current = cli('index:prices', '--check');
    expect(current.status, current.stderr).toBe(0);
    expect(current.stdout).toMatch(/^Price index up to date: \d+ rows\.$/m);
    await db.updateTable('catalog_price_index').set({ price: 1 }).where('product_id', '=', id).where('customer_group_id', '=', 0).execute();
    const stale = cli('index:prices', '--check');
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain(`${id}|1|0: 1 ≠ 900`);
    const rebuilt = cli('index:prices');
    expect(rebuilt.status, rebuilt.stderr).toBe(0);
    expect(rebuilt.stdout).toMatch(/^Price index rebuilt: \d+ rows\.$/m);
    expect(cli('index:prices', '--check').status).toBe(0);
    expect(cli('index:prices', '--help').stdout).toContain('--check');
    await catalogRepo.deleteProduct(db, id);
    await close();
  });

  it('prints help and refuses unknown commands', () => {
    expect(cli('--help').stdout).toContain('admin:user:create');
    expect(cli('frobnicate').status).toBe(2);
  });

  it('describes every command in --help without starting the application', () => {
    const file = freshDb();
    const help = cliOn({ sqliteFile: file }, '--help');
    expect(help.status, help.stderr).toBe(0);
    for (const command of [
      'migrate',
      'seed',
      'admin:user:create',
      'admin:user:unlock',
      'customer:unlock',
      'config:set',
      'log:verify',
      'log:checkpoint',
      'worker',
      'index:prices',
      'bench:seed',
    ])
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b.*\\w`, 'm'));
    expect(existsSync(file)).toBe(false);
  });

  it("prints a command's own --help with its options, without touching the database", () => {
    const file = freshDb();
    const help = cliOn({ sqliteFile: file }, 'admin:user:create', '--help');
    expect(help.status, help.stderr).toBe(0);
    for (const flag of ['--admin-user', '--admin-password', '--admin-email', '--admin-firstname', '--admin-lastname']) expect(help.stdout).toContain(flag);
    const unlock = cliOn({ sqliteFile: file }, 'help', 'customer:unlock');
    expect(unlock.status).toBe(0);
    expect(unlock.stdout).toContain('--website <code>');
    expect(existsSync(file)).toBe(false);
  });

  it('answers an unknown command, an unknown option or a missing argument with a clear error and status 2', () => {
    const file = freshDb();
    const unknown = cliOn({ sqliteFile: file }, 'frobnicate');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const option = cliOn({ sqliteFile: file }, 'migrate', '--bogus');
    expect(option.status).toBe(2);
    expect(option.stderr).toContain("unknown option '--bogus'");
    const argument = cliOn({ sqliteFile: file }, 'customer:unlock');
    expect(argument.status).toBe(2);
    expect(argument.stderr).toContain("missing required argument 'email'");
    const scope = cliOn({ sqliteFile: file }, 'config:set', 'a/b/c', '1', '--scope', 'planet');
    expect(scope.status).toBe(2);
    expect(scope.stderr).toContain('Allowed choices are default, websites, stores.');
    expect(existsSync(file)).toBe(false);
  });

  it('fails with status 1 and one line when the command cannot run', () => {
    const failed = cliOn({ sqliteFile: freshDb(), env: { PORT: 'not-a-port' } }, 'migrate');
    expect(failed.status).toBe(1);
    expect(failed.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Error: Invalid environment: PORT/)]);
  });

  it('signs and exports checkpoints, and log:verify --checkpoints catches a chain rebuilt in the database or a forged signature', {
    timeout: 240_000,
  }, async () => {
    // Its own database: the test above left a broken chain behind.
    const sqliteFile = join(mkdtempSync(join(dir, 'checkpoints-')), 'cp.sqlite');
    const run = (...args: string[]) => cliOn({ sqliteFile }, ...args);
    const file = join(dir, 'checkpoints.json');
    const signed = run('log:checkpoint', '--export', file);
    expect(signed.status, signed.stderr).toBe(0);
    expect(signed.stdout).toMatch(/Signed checkpoint #\d+ of entry #\d+ with key [0-9a-f]{32}\./);
    expect(signed.stdout).toMatch(/Wrote \d+ checkpoints and 1 public key\(s\) to /);
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { checkpoints: { id: number; signature: string }[]; keys: unknown[] };
    expect(JSON.stringify(exported)).not.toContain('PRIVATE');
    const ok = run('log:verify', '--checkpoints', file);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/\d+ signed checkpoints verified with key\(s\) [0-9a-f]{32}; the log still holds every signed head\./);

    const forged = join(dir, 'forged.json');
    const copy = structuredClone(exported);
    copy.checkpoints[0]!.signature = Buffer.alloc(64, 1).toString('base64');
    writeFileSync(forged, JSON.stringify(copy));
    const bad = run('log:verify', '--checkpoints', forged);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`Checkpoint #${copy.checkpoints[0]!.id} (entry #`);
    expect(bad.stderr).toContain('its signature is not valid');

    // Someone with the database edits the first entry and rebuilds every hash: the chain alone looks intact.
    const { db, close } = await openDatabase({ sqliteFile });
    const first = await db.selectFrom('action_log').select('id').orderBy('id').executeTakeFirstOrThrow();
    await db.updateTable('action_log').set({ details: 'a kinder history' }).where('id', '=', first.id).execute();
    let prev = '';
    let lastId = 0;
    for (const r of await db.selectFrom('action_log').selectAll().orderBy('id').execute()) {
      const hash = chainHash(prev, r);
      await db.updateTable('action_log').set({ prev_hash: prev, hash }).where('id', '=', r.id).execute();
      prev = hash;
      lastId = r.id;
    }
    await db.updateTable('log_chain').set({ last_id: lastId, last_hash: prev }).where('name', '=', 'action_log').execute();
    await close();
    expect(run('log:verify').status).toBe(0);
    const caught = run('log:verify', '--checkpoints', file);
    expect(caught.status).toBe(1);
    expect(caught.stderr).toContain(`Checkpoint #${exported.checkpoints[0]!.id} (entry #`);
    expect(caught.stderr).toContain('the log holds a different hash at its entry (the chain was rewritten)');
  });

  it('explains an unreadable or foreign checkpoint file without starting the application', () => {
    const db = freshDb();
    const missing = cliOn({ sqliteFile: db }, 'log:verify', '--checkpoints', join(dir, 'nope.json'));
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe(`Cannot read ${join(dir, 'nope.json')}: no such file.`);
    const foreign = join(dir, 'foreign.json');
    writeFileSync(foreign, '{"hello":"world"}');
    const wrong = cliOn({ sqliteFile: db }, 'log:verify', '--checkpoints', foreign);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('cannot be used: it is not a checkpoint export (format:');
    writeFileSync(foreign, 'not json');
    expect(cliOn({ sqliteFile: db }, 'log:verify', '--checkpoints', foreign).stderr).toContain('it is not JSON');
    for (const command of ['log:checkpoint', 'log:verify']) {
      const help = cliOn({ sqliteFile: db }, command, '--help');
      expect(help.status, help.stderr).toBe(0);
      expect(help.stdout).toContain(command === 'log:checkpoint' ? '--export <file>' : '--checkpoints <file>');
    }
    expect(cliOn({ sqliteFile: db }, 'log:verify', '--checkpoints').status).toBe(2);
    expect(existsSync(db)).toBe(false);
  });

  it('runs queued jobs with `worker` until SIGTERM, then finishes and exits 0; --help touches nothing', SPAWNING, async () => {
    const file = freshDb();
    const help = cliOn({ sqliteFile: file }, 'worker', '--help');
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('--poll-ms');
    expect(existsSync(file)).toBe(false);
    expect(cliOn({ sqliteFile: file }, 'worker', '--poll-ms', 'soon').status).toBe(2);

    expect(cliOn({ sqliteFile: file }, 'migrate').status).toBe(0);
    const { db, close } = await openDatabase({ sqliteFile: file });
    const now = new Date().toISOString();
    const message = { to: 'queued@example.com', subject: 'Sent by the worker', text: 'Hello' };
    const { id } = await db
      .insertInto('jobs')
      .values({
        kind: 'mail.send',
        payload: JSON.stringify(message),
        status: 'queued',
        attempts: 0,
        max_attempts: 5,
        run_at: now,
        locked_by: null,
        locked_until: null,
        last_error: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const varDir = mkdtempSync(join(dir, 'worker-var-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'worker', '--poll-ms', '100'], {
      env: { ...env, SQLITE_FILE: file, VAR_DIR: varDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const status = async () => (await db.selectFrom('jobs').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    await expect.poll(status, { timeout: 60_000, interval: 200 }).toBe('done');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('Worker stopped.');
    const { readMailbox } = await import('./modules/mail/mailer.ts');
    expect((await readMailbox(varDir)).map((m) => m.subject)).toEqual(['Sent by the worker']);
    await close();
  });

  it('unlocks a customer account by email, per website when the email has several', SPAWNING, async () => {
    expect(cli('migrate').status).toBe(0);
    const { db, close } = await openDatabase({ sqliteFile: env.SQLITE_FILE });
    const now = new Date().toISOString();
    const until = new Date(Date.now() + 3600_000).toISOString();
    const second = await db
      .insertInto('websites')
      .values({ code: 'second', name: 'Second Website', sort_order: 10, is_default: 0, default_store_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const account = (websiteId: number, email: string) =>
      db
        .insertInto('customers')
        .values({
          website_id: websiteId,
          store_view_id: 1,
          group_id: 1,
          email,
          firstname: 'Lo',
          lastname: 'Cked',
          password_hash: null,
          is_active: 1,
          assistance_allowed: 0,
          default_billing_id: null,
          default_shipping_id: null,
          created_at: now,
          updated_at: now,
          updated_by_admin_id: null,
          failures_num: 10,
          lock_expires: until,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const only = await account(1, 'only@example.com');
    const onMain = await account(1, 'twice@example.com');
    const onSecond = await account(second.id, 'twice@example.com');
    const state = async (id: number) => db.selectFrom('customers').select(['failures_num', 'lock_expires']).where('id', '=', id).executeTakeFirstOrThrow();

    const done = cli('customer:unlock', 'Only@Example.com');
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toContain('The customer account "Only@Example.com" has been unlocked.');
    expect(await state(only.id)).toEqual({ failures_num: 0, lock_expires: null });
    const entry = await db
      .selectFrom('action_log')
      .selectAll()
      .where('action', '=', 'Unlock')
      .where('details', 'like', `%(ID ${only.id})%`)
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action_group: 'customers', full_action_name: 'cli_customer_unlock', username: 'cli', result: 'Success' });

    const ambiguous = cli('customer:unlock', 'twice@example.com');
    expect(ambiguous.status).toBe(1);
    expect(ambiguous.stderr).toContain('has accounts on several websites (base, second); choose one with --website CODE.');
    expect(cli('customer:unlock', 'twice@example.com', '--website', 'nope').stderr).toContain('No website with code "nope".');
    expect(cli('customer:unlock', 'twice@example.com', '--website', 'second').status).toBe(0);
    expect(await state(onSecond.id)).toEqual({ failures_num: 0, lock_expires: null });
    expect((await state(onMain.id)).lock_expires).toBe(until);
    const ghost = cli('customer:unlock', 'ghost@example.com');
    expect(ghost.status).toBe(1);
    expect(ghost.stderr).toContain('Couldn\'t find a customer account with the email "ghost@example.com".');
    await close();
  });

  it('ends by itself with status 0 after admin:user:create when REDIS_URL is set', (ctx) => {
    if (!redisAnswers) ctx.skip('no Redis server answers on 127.0.0.1:6379');
    const file = freshDb();
    const started = Date.now();
    const created = cliOn(
      { sqliteFile: file, env: { REDIS_URL: 'redis://127.0.0.1:6379' }, timeout: 15_000 },
      'admin:user:create',
      '--admin-user',
      'redis-ops',
      '--admin-password',
      'Good-pass-123',
      '--admin-email',
      'redis-ops@example.com',
      '--admin-firstname',
      'Re',
      '--admin-lastname',
      'Dis',
    );
    expect(created.signal, 'the process had to be killed: something kept it running').toBeNull();
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toContain('Created administrator "redis-ops".');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(existsSync(file)).toBe(true);
  });
});
