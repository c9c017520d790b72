import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** A port nobody listens on right now: the kernel picks one for a throwaway listener. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

export interface ServerProcess {
  baseUrl: string;
  child: ChildProcess;
  /** The server's output so far (its log: warnings and errors, for failure messages). */
  output(): string;
  /** SIGKILL: no shutdown hook runs, open transactions die with the process. Resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the graceful shutdown. */
  stop(): Promise<void>;
}

/**
 * The real server (`node --import tsx src/main.ts`) as a child process on the given database, started the way
 * the Playwright journeys start it. Resolves when /health answers.
 */
export async function startServer(o: {
  port: number;
  varDir: string;
  database: { sqliteFile: string } | { url: string };
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    PORT: String(o.port),
    HOST: '127.0.0.1',
    VAR_DIR: o.varDir,
    LOG_LEVEL: 'warn',
    CACHE_CHECK_MS: '0',
    SEED_DEMO: 'false',
    LOGIN_RATE_LIMIT: '100000',
    ...o.env,
  };
  delete env.DATABASE_URL;
  delete env.SQLITE_FILE;
  if ('url' in o.database) env.DATABASE_URL = o.database.url;
  else env.SQLITE_FILE = o.database.sqliteFile;

  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: string) => (output = (output + chunk).slice(-20_000));
  child.stdout!.setEncoding('utf8').on('data', keep);
  child.stderr!.setEncoding('utf8').on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const baseUrl = `http://127.0.0.1:${o.port}`;

  const deadline = Date.now() + 45_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`The server exited during start-up (${child.exitCode ?? child.signalCode}):\n${output}`);
    const healthy = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server did not answer /health within 45 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { baseUrl, child, output: () => output, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}

/** Runs `src/cli.ts <args>` on the same database; resolves with the exit code and output. */
export function runCli(
  args: string[],
  o: { varDir: string; database: { sqliteFile: string } | { url: string } },
): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', VAR_DIR: o.varDir, LOG_LEVEL: 'warn', SEED_DEMO: 'false' };
  delete env.DATABASE_URL;
  delete env.SQLITE_FILE;
  if ('url' in o.database) env.DATABASE_URL = o.database.url;
  else env.SQLITE_FILE = o.database.sqliteFile;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.once('error', fail);
    child.once('exit', (code) => done({ code, output }));
  });
}
