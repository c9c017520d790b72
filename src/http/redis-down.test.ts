import { createConnection, createServer, type Server } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProduct } from '../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

// A "Redis" that accepts connections and then drops each at once: every command fails, fast.
let fakeRedis: Server;
let app: TestApp;
beforeAll(async () => {
  fakeRedis = createServer((socket) => socket.destroy());
  await new Promise<void>((r) => fakeRedis.listen(0, '127.0.0.1', r));
  const port = (fakeRedis.address() as { port: number }).port;
  app = await createTestApp({ REDIS_URL: `redis://127.0.0.1:${port}`, LOGIN_RATE_LIMIT: '3' }, { cacheCheckMs: 1000 });
});
afterAll(async () => {
  await app?.dispose();
  await new Promise<void>((r) => fakeRedis.close(() => r()));
});

describe('Redis down', () => {
  it('storefront pages are still served (rendered, uncached) and /health/ready says so', async () => {
    const p = await createProduct(app);
    for (let i = 0; i < 2; i++) {
      const res = await app.server.inject({ method: 'GET', url: `/product/${p.urlKey}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-cache']).toBe('MISS');
    }
    const ready = await app.server.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'degraded', database: 'ok', redis: 'down' });
  });

  it("anonymous repeat visits are answered by the process's own fast path (no Redis needed)", async () => {
    const p = await createProduct(app);
    await app.server.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/product/${p.urlKey}`;
    const first = await fetch(url);
    const second = await fetch(url);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first.headers.get('x-cache'), second.headers.get('x-cache')]).toEqual(['MISS', 'HIT']);
    expect(await second.text()).toContain(`Product ${p.sku}`);
  });

  it('still limits sign-in attempts, counted in this process', async () => {
    const attempt = () =>
      app.server.inject({
        method: 'POST',
        url: '/admin/login',
        payload: { username: 'nobody', password: 'wrong' },
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt()).statusCode);
    expect(statuses.slice(0, 3)).not.toContain(429);
    expect(statuses.slice(3)).toEqual([429, 429]);
  });
});

// The same pages with a Redis that answers (the local service, when there is one): cached in Redis, HIT the second time.
const redisUp = await new Promise<boolean>((resolve) => {
  const probe = createConnection({ host: '127.0.0.1', port: 6379 });
  probe.once('connect', () => {
    probe.destroy();
    resolve(true);
  });
  probe.once('error', () => resolve(false));
});
describe.skipIf(!redisUp)('Redis up (127.0.0.1:6379)', () => {
  let withRedis: TestApp;
  beforeAll(async () => {
    withRedis = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:6379' }, { cacheCheckMs: 1000 });
  });
  afterAll(async () => withRedis?.dispose());

  it('is ready, and keeps storefront pages in Redis', async () => {
    let ready: unknown;
    for (let i = 0; i < 30; i++) {
      ready = (await withRedis.server.inject({ method: 'GET', url: '/health/ready' })).json();
      if ((ready as { status: string }).status === 'ok') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(ready).toEqual({ status: 'ok', database: 'ok', redis: 'ok' });
    const p = await createProduct(withRedis);
    const first = await withRedis.server.inject({ method: 'GET', url: `/product/${p.urlKey}` });
    const second = await withRedis.server.inject({ method: 'GET', url: `/product/${p.urlKey}` });
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(second.headers['x-cache']).toBe('HIT');
  });

  it('answers anonymous repeat visits on the fast path too, and a flush by any process reaches it', async () => {
    const p = await createProduct(withRedis);
    await withRedis.server.listen({ port: 0, host: '127.0.0.1' });
    const address = withRedis.server.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/product/${p.urlKey}`;
    await fetch(url);
    // Take the page out of Redis behind the app's back: only the process's own copy can still answer it.
    const redis = new Redis('redis://127.0.0.1:6379');
    const keys = await redis.keys(`concierge:fpc:*${p.urlKey}`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    redis.disconnect();
    const hit = await fetch(url);
    expect(hit.headers.get('x-cache')).toBe('HIT');
    // A flush (here through the service, as any process's catalog change does) empties the local copies too.
    await withRedis.ctx.services.pageCache.flush(withRedis.ctx.db);
    const after = await fetch(url);
    expect(after.headers.get('x-cache')).toBe('MISS');
  });
});
