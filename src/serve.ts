import { youngGenerationMayGrow } from './heap.ts';
import cluster from 'node:cluster';
import { createApp } from './app.ts';
import { runPrimary, workerCount } from './cluster.ts';
import { rememberInitialAdmin, seedDemo, seedInitialAdmin } from './db/seed/index.ts';
import { withStartupLock } from './db/startup-lock.ts';
import { loadEnv, type Env } from './env.ts';
import { systemContext } from './kernel/request-context.ts';

/**
 * The server process, loaded by main.ts once the heap is set up: environment → app → listen; stops cleanly on
 * SIGINT/SIGTERM. In production with more than one worker (WEB_CONCURRENCY, default one per core) this process only
 * supervises workers that each run `serve`.
 */
const env = loadEnv();
const workers = workerCount(env);
if (workers > 1 && cluster.isPrimary) runPrimary(workers, (msg) => process.stdout.write(`concierge: ${msg}\n`));
else await serve(env);

async function serve(env: Env) {
  const app = await createApp(env);
  // Loaded: from here the young generation may grow to its cap (held at its first size while loading).
  youngGenerationMayGrow();
  const log = app.ctx.logger;

  const purge = setInterval(
    () => void app.ctx.services.sessions.purgeExpired(app.ctx.db).catch((err) => log.warn({ err }, 'session purge failed')),
    10 * 60_000,
  );
  purge.unref();

  // Every process looks each minute; the service signs only when the configured interval has passed and the
  // head moved, deciding under the chain's lock, so several processes still sign each head once.
  const checkpointRc = await systemContext(app.ctx, { actor: { type: 'system', name: 'checkpoint' }, fullActionName: 'log_checkpoint_interval' });
  const checkpoints = setInterval(
    () => void app.ctx.services.actionLog.signCheckpointIfDue(checkpointRc).catch((err) => log.warn({ err }, 'log checkpoint failed')),
    60_000,
  );
  checkpoints.unref();

  // Listening for stop signals before seeding and listening, so a stop at any point after boot is a clean one.
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'shutting down');
      clearInterval(purge);
      clearInterval(checkpoints);
      const force = setTimeout(() => process.exit(1), 10_000);
      force.unref();
      app.close().then(
        () => process.exit(0),
        (err) => {
          log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }

  // Demo data only when asked (the default in development); an empty database always gets its first administrator.
  // Under the start-up lock, so processes started together on an empty database seed it once.
  const seeded = await withStartupLock(app.database, () => (env.SEED_DEMO === 'true' ? seedDemo(app.ctx) : seedInitialAdmin(app.ctx)));
  if (seeded.admin) rememberInitialAdmin(env.VAR_DIR, seeded.admin);

  await app.server.listen({ host: env.HOST, port: env.PORT });
  // Background jobs (emails) run in this process unless a separate `concierge worker` runs them.
  if (env.JOBS_WORKER === 'inline') app.worker.start();
  const base = env.publicUrl;
  process.stdout.write(
    `\nConcierge is running on ${base}\n  Storefront: ${base}/\n  Admin:      ${base}/admin  (first login: see ${env.VAR_DIR}/initial-admin.txt; reset with \`npm run cli -- admin:user:create\`)\n\n`,
  );
}
