import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ REQUEST_WATCHDOG_MS: '150' });
  // A route that answers late, and one that never answers, as a frozen handler would.
  app.server.get('/__watchdog/slow', async () => new Promise((resolve) => setTimeout(() => resolve('late'), 300)));
  app.server.get('/__watchdog/hang', () => new Promise(() => undefined));
});
afterAll(async () => {
  // This file provokes reports on purpose; empty the list so the test app's own check passes.
  app.slowRequests.length = 0;
  await app.dispose();
});

describe('request watchdog', () => {
  it('reports a request slower than the limit, by route and never by raw URL', async () => {
    await app.server.inject({ method: 'GET', url: '/__watchdog/slow?token=secret-value' });
    expect(app.slowRequests).toEqual([expect.objectContaining({ method: 'GET', route: '/__watchdog/slow' })]);
    const file = join(app.ctx.env.VAR_DIR, 'watchdog.log');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain('secret-value');
  });

  it('reports a request that never answers while it is still hanging', async () => {
    app.slowRequests.length = 0;
    void app.server.inject({ method: 'GET', url: '/__watchdog/hang' }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 400));
    expect(app.slowRequests).toEqual([expect.objectContaining({ route: '/__watchdog/hang', answered: false })]);
  });

  it('leaves quick requests alone', async () => {
    app.slowRequests.length = 0;
    expect((await app.server.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect(app.slowRequests).toEqual([]);
  });
});
