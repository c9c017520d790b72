import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { App } from './app.ts';
import type { ConfigScope } from './modules/types.ts';

/**
 * Operator commands. Each one goes through the same services as the admin panel, so it is validated and logged.
 * Exit status: 0 done, 1 the command failed (one line on stderr), 2 the command line was wrong.
 * The application (database, Redis) is only started by a command that runs, never for --help.
 */

/** A command line that parses but cannot be carried out as given (exit 2). */
class UsageError extends Error {}

/** Starts the application for one command and always closes it, so the process ends by itself with the status. */
async function withApp(work: (app: App) => Promise<number>): Promise<number> {
  const [{ createApp }, { loadEnv }, { default: pino }] = await Promise.all([import('./app.ts'), import('./env.ts'), import('pino')]);
  const app = await createApp(loadEnv(), { logger: pino({ level: 'warn' }) });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

async function cliContext(app: App, fullActionName: string) {
  const { systemContext } = await import('./kernel/request-context.ts');
  return systemContext(app.ctx, { fullActionName });
}

function wholeNumber(value: string) {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('Enter a whole number, 0 or more.');
  return n;
}

/** A checkpoint export read and checked before the application starts, or the one line saying why it cannot be used. */
async function readCheckpointFile(path: string) {
  const [{ readFileSync }, { parseCheckpointExport }] = await Promise.all([import('node:fs'), import('./modules/action-log/checkpoints.ts')]);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return `Cannot read ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}.`;
  }
  const parsed = parseCheckpointExport(text);
  return typeof parsed === 'string' ? `${path} cannot be used: ${parsed}.` : parsed;
}

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: one declaration per command, read top to bottom as the CLI's table of contents
function buildProgram(report: (status: number) => void): Command {
  const program = new Command('concierge')
    .description('Operator commands for the Concierge store. Each goes through the same services as the admin panel, so it is validated and logged.')
    // Inherited by every command declared below: errors come back to main() instead of exiting at once.
    .exitOverride()
    .showHelpAfterError('(run "concierge --help" to list the commands, "concierge <command> --help" for one)');
  const action =
    <A extends unknown[]>(work: (...args: A) => Promise<number>) =>
    async (...args: A) =>
      report(await work(...args));

  program
    .command('migrate')
    .description('Apply pending database migrations')
    .action(
      action(() =>
        withApp(async () => {
          console.log('Database is up to date.');
          return 0;
        }),
      ),
    );

  program
    .command('seed')
    .description('Create demo data (stores, catalog, customers, orders) in an empty database')
    .action(
      action(() =>
        withApp(async (app) => {
          const { rememberInitialAdmin, seedDemo } = await import('./db/seed/index.ts');
          const result = await seedDemo(app.ctx);
          if (!result.seeded) {
            console.log('The database already has admin users; nothing was seeded.');
            return 0;
          }
          rememberInitialAdmin(app.ctx.env.VAR_DIR, result.admin!);
          console.log(`Demo data created. Admin user "${result.admin!.username}", password "${result.admin!.password}".`);
          return 0;
        }),
      ),
    );

  const adminOptions = ['admin-user', 'admin-password', 'admin-email', 'admin-firstname', 'admin-lastname'] as const;
  program
    .command('admin:user:create')
    .description('Create an administrator (role "Administrators", Resource Access: All)')
    .option('--admin-user <name>', 'user name')
    .option('--admin-password <password>', 'password (at least 7 characters, letters and digits)')
    .option('--admin-email <email>', 'email address')
    .option('--admin-firstname <first>', 'first name')
    .option('--admin-lastname <last>', 'last name')
    .action(
      action(async (opts: Record<string, string | undefined>) => {
        const key = (o: string) => o.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
        const missing = adminOptions.filter((o) => !opts[key(o)]);
        if (missing.length) throw new UsageError(`Missing option(s): ${missing.map((m) => `--${m}`).join(', ')}`);
        return withApp(async (app) => {
          const { adminUsersRepo } = await import('./modules/admin-users/repo.ts');
          const rc = await cliContext(app, 'cli_admin_user_create');
          let role = await adminUsersRepo.roleByName(app.ctx.db, 'Administrators');
          if (!role) {
            const created = await app.ctx.services.adminUsers.createRole(rc, { name: 'Administrators', all: true, resources: [] });
            if (!created.ok) throw new Error(created.messages.join('; '));
            role = await adminUsersRepo.roleById(app.ctx.db, created.value.id);
          }
          const result = await app.ctx.services.adminUsers.createUser(rc, {
            username: opts.adminUser!,
            password: opts.adminPassword!,
            email: opts.adminEmail!,
            firstName: opts.adminFirstname!,
            lastName: opts.adminLastname!,
            roleId: role!.id,
          });
          if (!result.ok) {
            console.error(result.messages.join(' '));
            return 1;
          }
          console.log(`Created administrator "${opts.adminUser}".`);
          return 0;
        });
      }),
    );

  program
    .command('admin:user:unlock')
    .description("Clear an admin user's sign-in lockout")
    .argument('<username>', 'the admin user name')
    .action(
      action((username: string) =>
        withApp(async (app) => {
          const result = await app.ctx.services.adminUsers.unlock(await cliContext(app, 'cli_admin_user_unlock'), username);
          if (!result.ok) {
            console.error(result.messages.join(' '));
            return 1;
          }
          console.log(`The user account "${username}" has been unlocked.`);
          return 0;
        }),
      ),
    );

  program
    .command('customer:unlock')
    .description("Lift a customer account's sign-in lockout")
    .argument('<email>', "the customer's email address")
    .option('--website <code>', 'website code of the account, when the email has accounts on several websites')
    .action(
      action((email: string, opts: { website?: string }) =>
        withApp(async (app) => {
          const { customersRepo } = await import('./modules/customers/repo.ts');
          const tree = await app.ctx.services.stores.tree();
          const website = opts.website === undefined ? undefined : tree.websites.find((w) => w.code === opts.website);
          if (opts.website !== undefined && !website) {
            console.error(`No website with code "${opts.website}".`);
            return 1;
          }
          const accounts = (await customersRepo.allByEmail(app.ctx.db, email)).filter((c) => !website || c.website_id === website.id);
          if (!accounts.length) {
            console.error(`Couldn't find a customer account with the email "${email}"${website ? ` on website "${website.code}"` : ''}.`);
            return 1;
          }
          if (accounts.length > 1) {
            const codes = accounts.map((c) => tree.websites.find((w) => w.id === c.website_id)?.code ?? String(c.website_id)).join(', ');
            console.error(`"${email}" has accounts on several websites (${codes}); choose one with --website CODE.`);
            return 1;
          }
          const lifted = await app.ctx.services.customers.unlock(await cliContext(app, 'cli_customer_unlock'), [accounts[0]!.id]);
          console.log(lifted.length ? `The customer account "${email}" has been unlocked.` : `The customer account "${email}" was not locked.`);
          return 0;
        }),
      ),
    );

  program
    .command('config:set')
    .description('Save a setting (validated like Stores > Configuration)')
    .argument('<path>', 'setting path, e.g. login_as_customer/general/enabled')
    .argument('<value>', 'the value')
    .addOption(new Option('--scope <scope>', 'scope of the value').choices(['default', 'websites', 'stores']).default('default'))
    .option('--scope-code <code>', 'website or store view code (for --scope websites|stores)')
    .action(
      action((path: string, value: string, opts: { scope: ConfigScope; scopeCode?: string }) =>
        withApp(async (app) => {
          let scopeId = 0;
          if (opts.scope !== 'default') {
            const tree = await app.ctx.services.stores.tree();
            const found = opts.scope === 'websites' ? tree.websites.find((w) => w.code === opts.scopeCode) : tree.views.find((v) => v.code === opts.scopeCode);
            if (!found) {
              console.error(`No ${opts.scope === 'websites' ? 'website' : 'store view'} with code "${opts.scopeCode ?? ''}".`);
              return 1;
            }
            scopeId = found.id;
          }
          const result = await app.ctx.services.config.save(await cliContext(app, 'cli_config_set'), opts.scope, scopeId, [{ path, value }]);
          if (!result.ok) {
            console.error(result.messages.join(' '));
            return 1;
          }
          console.log(result.value.changed.length ? `Saved ${path} = ${value}.` : `${path} already had that value.`);
          return 0;
        }),
      ),
    );

  program
    .command('index:prices')
    .description('Rebuild the price index (final price per product, website and customer group) from the catalog')
    .option('--check', 'only compare the index with the catalog (exit 1 when they differ)')
    .action(
      action((opts: { check?: boolean }) =>
        withApp(async (app) => {
          const { inTransaction } = await import('./kernel/request-context.ts');
          const rc = await cliContext(app, 'cli_index_prices');
          const catalog = app.ctx.services.catalog;
          if (!opts.check) {
            const rows = await inTransaction(rc, (trx) => catalog.refreshPriceIndex(trx));
            await app.ctx.services.pageCache.flush(app.ctx.db);
            console.log(`Price index rebuilt: ${rows} rows.`);
            return 0;
          }
          const report = await catalog.checkPriceIndex(rc);
          if (report.ok) {
            console.log(`Price index up to date: ${report.rows} rows.`);
            return 0;
          }
          console.error(`Price index differs from the catalog:\n${report.differ.join('\n')}\nRun "concierge index:prices" to rebuild it.`);
          return 1;
        }),
      ),
    );

  program
    .command('log:verify')
    .description("Check the action log's hash chain, and with --checkpoints an exported file of signed checkpoints (exit 1 when broken)")
    .option('--checkpoints <file>', 'a file written by "log:checkpoint --export": each signature must hold and the log must still contain each signed head')
    .action(
      action(async (opts: { checkpoints?: string }) => {
        const file = opts.checkpoints === undefined ? undefined : await readCheckpointFile(opts.checkpoints);
        if (typeof file === 'string') {
          console.error(file);
          return 1;
        }
        return withApp(async (app) => {
          if (!file) {
            const report = await app.ctx.services.actionLog.verify(app.ctx.db);
            if (report.intact) {
              console.log(`Log chain intact: ${report.entries} entries verified.`);
              return 0;
            }
            console.error(`Log chain broken at entry #${report.brokenId}: ${report.why}.`);
            return 1;
          }
          const check = await app.ctx.services.actionLog.verifyExport(app.ctx.db, file);
          if (!check.ok) {
            for (const problem of check.problems) console.error(problem);
            return 1;
          }
          console.log(`Log chain intact: ${check.entries} entries verified.`);
          console.log(
            `${check.checkpoints} signed checkpoints verified with key(s) ${check.keyIds.join(', ') || '(none)'}; the log still holds every signed head.`,
          );
          return 0;
        });
      }),
    );

  program
    .command('log:checkpoint')
    .description("Sign a checkpoint of the action log's chain head now (unless one covers it), and with --export write all checkpoints")
    .option('--export <file>', 'write every checkpoint and the public key(s) as JSON, for keeping outside the database')
    .action(
      action((opts: { export?: string }) =>
        withApp(async (app) => {
          const rc = await cliContext(app, 'cli_log_checkpoint');
          const { created, checkpoint } = await app.ctx.services.actionLog.signCheckpoint(rc, 'cli');
          console.log(
            created
              ? `Signed checkpoint #${checkpoint.id} of entry #${checkpoint.entry_id} with key ${checkpoint.key_id}.`
              : `Checkpoint #${checkpoint.id} already covers the newest entry (#${checkpoint.entry_id}).`,
          );
          if (opts.export === undefined) return 0;
          const { writeFileSync } = await import('node:fs');
          const data = await app.ctx.services.actionLog.exportCheckpoints(app.ctx.db, app.ctx.clock.now());
          writeFileSync(opts.export, `${JSON.stringify(data, null, 2)}\n`);
          console.log(`Wrote ${data.checkpoints.length} checkpoints and ${data.keys.length} public key(s) to ${opts.export}.`);
          return 0;
        }),
      ),
    );

  program
    .command('worker')
    .description('Run background jobs (emails) until stopped; SIGTERM or SIGINT lets the current job finish')
    .option('--poll-ms <ms>', 'how long an idle worker waits before looking for due jobs again', wholeNumber, 1000)
    .action(
      action((opts: { pollMs: number }) =>
        withApp(async (app) => {
          const { workerName } = await import('./modules/jobs/service.ts');
          const worker = app.ctx.services.jobs.worker({
            name: workerName('cli'),
            pollMs: Math.max(50, opts.pollMs),
            onError: (err) => app.ctx.logger.warn({ err }, 'background job round failed'),
          });
          const stopped = new Promise<void>((resolve) => {
            for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
          });
          worker.start();
          console.log('Worker running; stop it with SIGTERM or Ctrl+C.');
          await stopped;
          await worker.stop();
          console.log('Worker stopped.');
          return 0;
        }),
      ),
    );

  program
    .command('bench:seed')
    .description('Add data for measuring at scale (with a progress bar)')
    .option('--log-rows <n>', 'action-log entries to add', wholeNumber, 1_000_000)
    .option('--customers <n>', 'customers to add', wholeNumber, 100_000)
    .action(
      action((opts: { logRows: number; customers: number }) =>
        withApp(async (app) => {
          const { seedScale } = await import('./db/seed/scale.ts');
          const result = await seedScale(app.ctx, { logRows: opts.logRows, customers: opts.customers });
          console.log(`Added ${opts.customers} customers and ${opts.logRows} action-log entries in ${result.seconds.toFixed(1)} s.`);
          return 0;
        }),
      ),
    );

  return program;
}

/** Runs one command line and returns the exit status. */
async function main(argv: string[]): Promise<number> {
  let status = 0;
  const program = buildProgram((s) => (status = s));
  if (!argv.length) {
    program.outputHelp();
    return 0;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return status;
  } catch (err) {
    // Commander has already printed its message (and the hint); help and version end with 0.
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof UsageError) {
      console.error(err.message);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    console.error(`Error: ${message.split('\n')[0]}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
