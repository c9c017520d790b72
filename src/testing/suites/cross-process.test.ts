import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { systemContext } from '../../kernel/request-context.ts';
import { randomToken } from '../../kernel/tokens.ts';
import { LAC_ENABLED, LAC_REQUIRE_REASON, LAC_STORE_VIEW_MANUAL } from '../../modules/login-as-customer/settings.ts';
import { Agent } from '../agent.ts';
import { createAdmin, TEST_PASSWORD } from '../fixtures.ts';
import { createCustomer } from '../store-fixtures.ts';
import { createPeerApp, createTestApp, type TestApp } from '../test-app.ts';

// Process A and process B: two instances of the application on one database and one Redis, each with its own
// caches, which look at version stamps only once a minute — so what B sees at once, it sees through Redis or the
// database, never through luck. Each case writes through A and reads through B immediately.
const redisUp = await new Promise<boolean>((resolve) => {
  const probe = createConnection({ host: '127.0.0.1', port: 6379 });
  probe.once('connect', () => (probe.destroy(), resolve(true)));
  probe.once('error', () => resolve(false));
});

describe.skipIf(!redisUp)('across processes (PostgreSQL or SQLite + Redis at 127.0.0.1:6379)', () => {
  let a: TestApp;
  let b: App;
  // Each run counts its limits under its own client address, so parallel runs sharing Redis never meet.
  const ip = `198.51.100.${1 + Math.floor(Math.random() * 250)}`;
  const fromIp = { headers: { 'x-forwarded-for': ip } };
  beforeAll(async () => {
    a = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:6379', TRUST_PROXY: 'true', LOGIN_RATE_LIMIT: '6', REGISTRATION_RATE_LIMIT: '1000' });
    b = await createPeerApp(a, { cacheCheckMs: 60_000 });
    for (let i = 0; i < 50 && (await b.server.inject({ method: 'GET', url: '/health/ready' })).json().status !== 'ok'; i++)
      await new Promise((r) => setTimeout(r, 100));
    await a.ctx.services.config.save(await systemContext(a.ctx), 'default', 0, [
      { path: LAC_ENABLED, value: '1' },
      { path: LAC_STORE_VIEW_MANUAL, value: '0' },
    ]);
  });
  afterAll(async () => {
    await b?.close();
    await a?.dispose();
  });
  const on = (app: App, from: Agent) => {
    const other = new Agent(app, fromIp.headers);
    for (const [k, v] of from.cookies) other.cookies.set(k, v);
    return other;
  };

  it('sessions: signed in through A, signed in on B', async () => {
    const c = await createCustomer(a);
    const viaA = new Agent(a, fromIp.headers);
    await viaA.post('/customer/account/loginPost', { 'login[username]': c.email, 'login[password]': TEST_PASSWORD });
    expect((await on(b, viaA).get('/customer/account')).statusCode).toBe(200);
  });

  it('handoff: Login as Customer started on A is redeemed on B', async () => {
    const c = await createCustomer(a, { consent: true });
    const admin = await createAdmin(a, [
      'customers',
      'customers.all',
      'customers.login_as_customer',
      'customers.login_as_customer.allow',
      'customers.login_as_customer.full_access',
    ]);
    const viaA = new Agent(a, fromIp.headers);
    await viaA.signInAdmin(admin.username, TEST_PASSWORD);
    const start = await viaA.post('/admin/loginascustomer/login', { customer_id: String(c.id) });
    const token = /name="token" value="([^"]+)"/.exec(start.body)![1]!;
    const action = /action="([^"]*\/loginascustomer\/login\/redeem)"/.exec(start.body)![1]!;
    const viaB = on(b, viaA);
    expect((await viaB.post(action, { token })).headers.location).toBe('/customer/account');
    expect((await viaB.get('/customer/account')).body).toContain('lac-banner');
  });

  it('configuration: saved on A, in force on B', async () => {
    expect(await b.ctx.services.config.getBool(LAC_REQUIRE_REASON)).toBe(false);
    const saved = await a.ctx.services.config.save(await systemContext(a.ctx), 'default', 0, [{ path: LAC_REQUIRE_REASON, value: '1' }]);
    expect(saved.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 50)); // the pushed notice crosses Redis
    expect(await b.ctx.services.config.getBool(LAC_REQUIRE_REASON)).toBe(true);
    await a.ctx.services.config.save(await systemContext(a.ctx), 'default', 0, [{ path: LAC_REQUIRE_REASON, value: '0' }]);
  });

  it('product-list blocks: a shown change saved on A empties them on B at once', async () => {
    const key = `cross-process-${Date.now()}-${Math.random()}`;
    let renders = 0;
    const render = async () => `<ol>${++renders}</ol>`;
    expect(await b.ctx.services.pageCache.block(key, render)).toBe('<ol>1</ol>');
    expect(await b.ctx.services.pageCache.block(key, render)).toBe('<ol>1</ol>');
    // A settings save flushes the page cache and says so through Redis; B looks only every 60 s by itself.
    expect((await a.ctx.services.config.save(await systemContext(a.ctx), 'default', 0, [{ path: LAC_REQUIRE_REASON, value: '1' }])).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 50)); // the pushed notice crosses Redis
    expect(await b.ctx.services.pageCache.block(key, render)).toBe('<ol>2</ol>');
    await a.ctx.services.config.save(await systemContext(a.ctx), 'default', 0, [{ path: LAC_REQUIRE_REASON, value: '0' }]);
  });

  it('store tree: a store view added on A answers on B', async () => {
    const tree = await a.ctx.services.stores.tree();
    const code = `v${randomToken(6)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')}`;
    const saved = await a.ctx.services.storesAdmin.saveView(await systemContext(a.ctx), undefined, {
      storeId: tree.stores[0]!.id,
      name: 'Peer View',
      code,
      isActive: true,
      sortOrder: 9,
      urlPath: code,
      host: '',
    });
    expect(saved.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect((await b.ctx.services.stores.tree()).views.some((v) => v.code === code)).toBe(true);
  });

  it('rate limits: sign-in attempts are counted across A and B together', async () => {
    // A client address of this case alone: the other cases' sign-ins do not count here.
    const own = { headers: { 'x-forwarded-for': `203.0.113.${1 + Math.floor(Math.random() * 250)}` } };
    const tries = [];
    for (let i = 0; i < 7; i++) {
      const app = i % 2 === 0 ? a : b;
      const browser = new Agent(app, own.headers);
      await browser.get('/admin/login');
      tries.push((await browser.post('/admin/login', { 'login[username]': 'nobody', 'login[password]': 'wrong' })).statusCode);
    }
    expect(tries.slice(0, 6).every((s) => s === 401)).toBe(true);
    expect(tries[6]).toBe(429);
  });

  it('lockouts: wrong passwords on A and on B add up to one lock', async () => {
    await a.ctx.services.config.save(await systemContext(a.ctx), 'default', 0, [{ path: 'customer/password/lockout_failures', value: '4' }]);
    const c = await createCustomer(a);
    for (let i = 0; i < 4; i++) {
      const browser = new Agent(i % 2 === 0 ? a : b, fromIp.headers);
      await browser.post('/customer/account/loginPost', { 'login[username]': c.email, 'login[password]': 'Wrong-pass-1' });
    }
    const right = new Agent(b, fromIp.headers);
    await right.post('/customer/account/loginPost', { 'login[username]': c.email, 'login[password]': TEST_PASSWORD });
    expect((await right.get('/customer/account')).statusCode).toBe(302);
  });
});
