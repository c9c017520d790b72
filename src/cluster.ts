import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { Env } from './env.ts';

/** How many processes serve: WEB_CONCURRENCY, else one per core — in production only. */
export function workerCount(env: Pick<Env, 'NODE_ENV' | 'WEB_CONCURRENCY'>): number {
  if (env.NODE_ENV !== 'production') return 1;
  return env.WEB_CONCURRENCY ?? availableParallelism();
}

/**
 * The primary process of a multi-process server: forks `count` workers that share the listening port (Node's
 * cluster module hands connections round-robin), replaces a worker that dies (after a short pause, so a crash loop
 * does not spin), and on SIGINT/SIGTERM tells every worker to stop gracefully and exits when they have.
 */
export function runPrimary(count: number, log: (msg: string) => void) {
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < count; i++) fork();
  cluster.on('exit', (worker: Worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    setTimeout(fork, 1000).unref();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log(`${signal}: stopping ${Object.keys(cluster.workers ?? {}).length} worker(s)`);
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
      setTimeout(() => process.exit(1), 15_000).unref();
    });
  }
}
