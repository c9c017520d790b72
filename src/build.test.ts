import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testDbKind } from './testing/test-app.ts';

// Production runs the compiled JavaScript in dist/ with plain node: no TypeScript loader.
const dir = mkdtempSync(join(tmpdir(), 'concierge-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(testDbKind() === 'sqlite')('ahead-of-time build', () => {
  it('compiles the server and the CLI into dist/, and the compiled server serves pages, assets and the admin', { timeout: 120_000 }, async () => {
    const built = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    expect(existsSync('dist/main.js') && existsSync('dist/cli.js')).toBe(true);
    const help = spawnSync(process.execPath, ['dist/cli.js', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('admin:user:create');

    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => resolve(p));
      });
    });
    const child = spawn(process.execPath, ['dist/main.js'], {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        DATABASE_URL: '',
        REDIS_URL: '',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        SEED_DEMO: 'false',
        SQLITE_FILE: join(dir, 'built.sqlite'),
        VAR_DIR: dir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    try {
      const deadline = Date.now() + 60_000;
      while (!output.includes('Concierge is running') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain('Concierge is running');
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/`)).status).toBe(200);
      expect((await fetch(`${base}/static/store.css`)).status).toBe(200);
      expect((await fetch(`${base}/admin/login`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
