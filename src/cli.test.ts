import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './db/database.ts';
import { testDbKind } from './testing/test-app.ts';

// The CLI runs as operators run it: a separate process on its own SQLite database.
const dir = mkdtempSync(join(tmpdir(), 'concierge-cli-'));
const env = { ...process.env, SQLITE_FILE: join(dir, 'cli.sqlite'), VAR_DIR: dir, LOG_LEVEL: 'silent', DATABASE_URL: '' };
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env, encoding: 'utf8', timeout: 60_000 });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(testDbKind() === 'sqlite')('operator CLI', () => {
  it('migrates, creates an administrator with Magento flag names, refuses bad input, unlocks and sets config', async () => {
    expect(cli('migrate').status).toBe(0);
    const missing = cli('admin:user:create', '--admin-user', 'ops');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--admin-password');
    const weak = cli('admin:user:create', '--admin-user', 'ops', '--admin-password', 'short', '--admin-email', 'ops@example.com', '--admin-firstname', 'Op', '--admin-lastname', 'Erator');
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain('at least 7 characters');
    const created = cli('admin:user:create', '--admin-user', 'ops', '--admin-password', 'Good-pass-123', '--admin-email', 'ops@example.com', '--admin-firstname', 'Op', '--admin-lastname', 'Erator');
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

  it('prints help and refuses unknown commands', () => {
    expect(cli('--help').stdout).toContain('admin:user:create');
    expect(cli('frobnicate').status).toBe(2);
  });
});
