import { parseArgs } from 'node:util';
import pino from 'pino';
import { createApp, type App } from './app.ts';
import { rememberInitialAdmin, seedDemo } from './db/seed/index.ts';
import { loadEnv } from './env.ts';
import { systemContext } from './http/request-context.ts';
import { adminUsersRepo } from './modules/admin-users/repo.ts';
import type { ConfigScope } from './modules/types.ts';

/** Operator commands. Each one goes through the same services as the admin panel, so it is validated and logged. */
const HELP = `Usage: concierge <command> [options]

Commands:
  migrate                         Apply pending database migrations
  seed                            Create demo data in an empty database
  admin:user:create               Create an administrator (Resource Access: All)
      --admin-user NAME --admin-password PASS --admin-email EMAIL
      --admin-firstname FIRST --admin-lastname LAST
  admin:user:unlock USERNAME      Clear a sign-in lockout
  config:set PATH VALUE           Save a setting
      [--scope default|websites|stores] [--scope-code CODE]
  log:verify                      Check the action log's hash chain (exit 1 when broken)
  bench:seed                      Add data for measuring at scale (with a progress bar)
      [--log-rows N] [--customers N]
`;

type Command = (app: App, args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  async migrate() {
    console.log('Database is up to date.');
    return 0;
  },

  async seed(app) {
    const result = await seedDemo(app.ctx);
    if (!result.seeded) {
      console.log('The database already has admin users; nothing was seeded.');
      return 0;
    }
    rememberInitialAdmin(app.ctx.env.VAR_DIR, result.admin!);
    console.log(`Demo data created. Admin user "${result.admin!.username}", password "${result.admin!.password}".`);
    return 0;
  },

  async 'admin:user:create'(app, args) {
    const { values } = parseArgs({
      args,
      options: {
        'admin-user': { type: 'string' },
        'admin-password': { type: 'string' },
        'admin-email': { type: 'string' },
        'admin-firstname': { type: 'string' },
        'admin-lastname': { type: 'string' },
      },
    });
    const missing = ['admin-user', 'admin-password', 'admin-email', 'admin-firstname', 'admin-lastname'].filter((k) => !values[k as keyof typeof values]);
    if (missing.length) {
      console.error(`Missing option(s): ${missing.map((m) => `--${m}`).join(', ')}`);
      return 2;
    }
    const rc = await systemContext(app.ctx, { fullActionName: 'cli_admin_user_create' });
    let role = await adminUsersRepo.roleByName(app.ctx.db, 'Administrators');
    if (!role) {
      const created = await app.ctx.services.adminUsers.createRole(rc, { name: 'Administrators', all: true, resources: [] });
      if (!created.ok) throw new Error(created.messages.join('; '));
      role = await adminUsersRepo.roleById(app.ctx.db, created.value.id);
    }
    const result = await app.ctx.services.adminUsers.createUser(rc, {
      username: values['admin-user']!,
      password: values['admin-password']!,
      email: values['admin-email']!,
      firstName: values['admin-firstname']!,
      lastName: values['admin-lastname']!,
      roleId: role!.id,
    });
    if (!result.ok) {
      for (const m of result.messages) console.error(m);
      return 1;
    }
    console.log(`Created administrator "${values['admin-user']}".`);
    return 0;
  },

  async 'admin:user:unlock'(app, args) {
    const username = args[0];
    if (!username) {
      console.error('Usage: concierge admin:user:unlock USERNAME');
      return 2;
    }
    const rc = await systemContext(app.ctx, { fullActionName: 'cli_admin_user_unlock' });
    const result = await app.ctx.services.adminUsers.unlock(rc, username);
    if (!result.ok) {
      console.error(result.messages.join('\n'));
      return 1;
    }
    console.log(`The user account "${username}" has been unlocked.`);
    return 0;
  },

  async 'config:set'(app, args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { scope: { type: 'string', default: 'default' }, 'scope-code': { type: 'string' } } });
    const [path, value] = positionals;
    if (!path || value === undefined) {
      console.error('Usage: concierge config:set PATH VALUE [--scope default|websites|stores] [--scope-code CODE]');
      return 2;
    }
    const scope = values.scope as ConfigScope;
    if (!['default', 'websites', 'stores'].includes(scope)) {
      console.error('--scope must be default, websites or stores.');
      return 2;
    }
    let scopeId = 0;
    if (scope !== 'default') {
      const code = values['scope-code'];
      const tree = await app.ctx.services.stores.tree();
      const found = scope === 'websites' ? tree.websites.find((w) => w.code === code) : tree.views.find((v) => v.code === code);
      if (!found) {
        console.error(`No ${scope === 'websites' ? 'website' : 'store view'} with code "${code ?? ''}".`);
        return 1;
      }
      scopeId = found.id;
    }
    const rc = await systemContext(app.ctx, { fullActionName: 'cli_config_set' });
    const result = await app.ctx.services.config.save(rc, scope, scopeId, [{ path, value }]);
    if (!result.ok) {
      for (const m of result.messages) console.error(m);
      return 1;
    }
    console.log(result.value.changed.length ? `Saved ${path} = ${value}.` : `${path} already had that value.`);
    return 0;
  },

  async 'bench:seed'(app, args) {
    const { values } = parseArgs({ args, options: { 'log-rows': { type: 'string', default: '1000000' }, customers: { type: 'string', default: '100000' } } });
    const logRows = Number(values['log-rows']);
    const customers = Number(values.customers);
    if (!Number.isInteger(logRows) || logRows < 0 || !Number.isInteger(customers) || customers < 0) {
      console.error('--log-rows and --customers take whole numbers, 0 or more.');
      return 2;
    }
    const { seedScale } = await import('./db/seed/scale.ts');
    const result = await seedScale(app.ctx, { logRows, customers });
    console.log(`Added ${customers} customers and ${logRows} action-log entries in ${result.seconds.toFixed(1)} s.`);
    return 0;
  },

  async 'log:verify'(app) {
    const report = await app.ctx.services.actionLog.verify(app.ctx.db);
    if (report.intact) {
      console.log(`Log chain intact: ${report.entries} entries verified.`);
      return 0;
    }
    console.error(`Log chain broken at entry #${report.brokenId}: ${report.why}.`);
    return 1;
  },
};

async function main(argv: string[]) {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === 'help' || !commands[name]) {
    if (name && name !== '--help' && name !== 'help') console.error(`Unknown command "${name}".\n`);
    console.log(HELP);
    return name && !commands[name] && name !== '--help' && name !== 'help' ? 2 : 0;
  }
  const env = loadEnv();
  const app = await createApp(env, { logger: pino({ level: 'warn' }) });
  try {
    return await commands[name]!(app, args);
  } finally {
    await app.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
