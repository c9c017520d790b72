import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createApp, type App } from '../app.ts';
import { loadEnv } from '../env.ts';
import { openTestDatabase } from '../testing/test-app.ts';
import { csrfTokenFor } from './csrf.ts';
import { systemContext } from '../kernel/request-context.ts';
import { catalogRepo } from '../modules/catalog/repo.ts';
import { hashPassword } from '../kernel/passwords.ts';
import { customersRepo } from '../modules/customers/repo.ts';
import { ESCAPED_FORGED_TEXT, expectKeysOnlyInFormKeyFields, FORGED_TEXT } from '../testing/forged-slots.ts';
import { rawPageKey } from './server.tsx';
import { seedStores } from '../db/seed/stores.ts';

// The anonymous page-cache fast path runs in the HTTP server itself, so this test talks to a real socket.
let app: App;
let base = '';
let drop: () => Promise<void>;
beforeAll(async () => {
  const database = await openTestDatabase();
  drop = database.drop;
  const env = loadEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', VAR_DIR: '/tmp/concierge-test-var', LOGIN_RATE_LIMIT: '10000' });
  app = await createApp(env, { database, cacheCheckMs: 1000, logger: pino({ level: 'silent' }) });
  const now = new Date().toISOString();
  const p = await catalogRepo.insertProduct(app.ctx.db, {
    sku: 'FAST-0',
    name: 'Fast Kettle',
    url_key: 'fast-kettle',
    description: '',
    image_url: '',
    price: 100,
    qty: 5,
    is_in_stock: 1,
    status: 1,
    created_at: now,
    updated_at: now,
  });
  await catalogRepo.replaceWebsites(app.ctx.db, p, [1]);
  await app.server.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await app?.close();
  await drop?.();
});

const seedOf = (res: Response) => /concierge_csrf=([\w-]+)/.exec(res.headers.getSetCookie().join(';'))?.[1];
const formKeys = (html: string) => [...html.matchAll(/name="form_key" value="([^"]*)"/g)].map((m) => m[1]);

describe('anonymous page-cache HITs answered before the framework', () => {
  it("serves the same page and headers as the full path, with this visitor's own form key", async () => {
    const miss = await fetch(`${base}/`);
    expect(miss.headers.get('x-cache')).toBe('MISS');
    const missBody = await miss.text();
    const hit = await fetch(`${base}/`);
    const body = await hit.text();
    expect(hit.headers.get('x-cache')).toBe('HIT');
    for (const h of ['content-security-policy', 'x-frame-options', 'x-content-type-options', 'referrer-policy', 'cross-origin-opener-policy'])
      expect(hit.headers.get(h), h).toBe(miss.headers.get(h));
    expect(hit.headers.get('cache-control')).toBe('private, no-cache');
    // A first visit gets a form-key cookie and forms carrying the key derived from it.
    const seed = seedOf(hit)!;
    expect(seed).toMatch(/^[\w-]{43}$/);
    const keys = formKeys(body);
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys)).toEqual(new Set([csrfTokenFor(app.ctx.env.sessionSecret, seed)]));
    expect(body).not.toContain('<!--"cc:');
    expect(body.replace(/value="[\w-]{43}"/g, '')).toBe(missBody.replace(/value="[\w-]{43}"/g, ''));
    // A returning visitor keeps its cookie.
    const again = await fetch(`${base}/`, { headers: { cookie: `concierge_csrf=${seed}` } });
    expect(again.headers.get('x-cache')).toBe('HIT');
    expect(again.headers.getSetCookie()).toEqual([]);
    expect(new Set(formKeys(await again.text()))).toEqual(new Set([csrfTokenFor(app.ctx.env.sessionSecret, seed)]));
  });

  it('never serves the guest page to a signed-in customer, and forgets it when the cache is flushed', async () => {
    await fetch(`${base}/`);
    const now = new Date().toISOString();
    const id = await customersRepo.insert(app.ctx.db, {
      website_id: 1,
      store_view_id: 1,
      group_id: 1,
      email: 'fast@example.com',
      firstname: 'Fay',
      lastname: 'Path',
      password_hash: await hashPassword('Fast-pass-123'),
      is_active: 1,
      assistance_allowed: 0,
      default_billing_id: null,
      default_shipping_id: null,
      created_at: now,
      updated_at: now,
      updated_by_admin_id: null,
    });
    expect(id).toBeGreaterThan(0);
    const login = await fetch(`${base}/customer/account/login`);
    const seed = seedOf(login)!;
    const key = formKeys(await login.text())[0]!;
    const signIn = await fetch(`${base}/customer/account/loginPost`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: `concierge_csrf=${seed}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ 'login[username]': 'fast@example.com', 'login[password]': 'Fast-pass-123', form_key: key }),
    });
    const session = /concierge_session=([\w-]+)/.exec(signIn.headers.getSetCookie().join(';'))![1];
    const page = await (await fetch(`${base}/`, { headers: { cookie: `concierge_csrf=${seed}; concierge_session=${session}` } })).text();
    expect(page).toContain('Welcome, Fay Path!');
    expect(page).not.toContain('Create an Account');

    const p = await catalogRepo.insertProduct(app.ctx.db, {
      sku: 'FAST-1',
      name: 'Fast Lamp',
      url_key: 'fast-lamp',
      description: '',
      image_url: '',
      price: 100,
      qty: 1,
      is_in_stock: 1,
      status: 1,
      created_at: now,
      updated_at: now,
    });
    await catalogRepo.replaceWebsites(app.ctx.db, p, [1]);
    await app.ctx.services.pageCache.flush(app.ctx.db);
    const fresh = await fetch(`${base}/`);
    expect(fresh.headers.get('x-cache')).toBe('MISS');
    expect(await fresh.text()).toContain('Fast Lamp');
    expect((await systemContext(app.ctx)).store.view.id).toBe(1);
  });

  it('reads the form-key cookie among others and gives concurrent visitors each their own key', async () => {
    await fetch(`${base}/`);
    const seeds = Array.from({ length: 24 }, (_, i) => `${String(i).padStart(2, '0')}${'s'.repeat(41)}`);
    // A decoy cookie whose name ends in the same letters must not be taken for it.
    const pages = await Promise.all(
      seeds.map((seed) => fetch(`${base}/`, { headers: { cookie: `xconcierge_csrf=${'z'.repeat(43)}; theme=dark; concierge_csrf=${seed}; other=1` } })),
    );
    for (const [i, res] of pages.entries()) {
      expect(res.headers.get('x-cache')).toBe('HIT');
      expect(res.headers.getSetCookie()).toEqual([]);
      expect(new Set(formKeys(await res.text()))).toEqual(new Set([csrfTokenFor(app.ctx.env.sessionSecret, seeds[i]!)]));
    }
    // Only the decoy: this visitor has no form-key cookie yet and gets one minted.
    const decoyOnly = await fetch(`${base}/`, { headers: { cookie: `xconcierge_csrf=${'z'.repeat(43)}` } });
    const minted = seedOf(decoyOnly)!;
    expect(minted).not.toBe('z'.repeat(43));
    expect(new Set(formKeys(await decoyOnly.text()))).toEqual(new Set([csrfTokenFor(app.ctx.env.sessionSecret, minted)]));
  });

  it('fills only the slots the page put there: marker text in a description or a search stays text', async () => {
    const now = new Date().toISOString();
    const p = await catalogRepo.insertProduct(app.ctx.db, {
      sku: 'FAST-SLOT',
      name: 'Fast Slot Lamp',
      url_key: 'fast-slot-lamp',
      description: FORGED_TEXT,
      image_url: '',
      price: 100,
      qty: 5,
      is_in_stock: 1,
      status: 1,
      created_at: now,
      updated_at: now,
    });
    await catalogRepo.replaceWebsites(app.ctx.db, p, [1]);
    await app.ctx.services.pageCache.flush(app.ctx.db);
    const host = new URL(base).host;
    for (const path of ['/product/fast-slot-lamp', `/catalogsearch/result?q=${encodeURIComponent(FORGED_TEXT)}`]) {
      const miss = await fetch(`${base}${path}`);
      expect(miss.headers.get('x-cache'), path).toBe('MISS');
      const missBody = await miss.text();
      expect(missBody).toContain(ESCAPED_FORGED_TEXT);
      expectKeysOnlyInFormKeyFields(missBody, csrfTokenFor(app.ctx.env.sessionSecret, seedOf(miss)!));
      // The guest-ready copy is held, so the next cookie-less GET is answered by the fast path.
      expect(app.ctx.services.pageCache.peekGuestPage(rawPageKey('http', host, path)), path).toBeDefined();
      const hit = await fetch(`${base}${path}`);
      expect(hit.headers.get('x-cache'), path).toBe('HIT');
      const body = await hit.text();
      expect(body).toContain(ESCAPED_FORGED_TEXT);
      expect(body).toContain('Fast Slot Lamp');
      expectKeysOnlyInFormKeyFields(body, csrfTokenFor(app.ctx.env.sessionSecret, seedOf(hit)!));
    }
  });

  it('keeps each store view its own currency: /sv answers in kronor from the fast path, the default view in dollars', async () => {
    await seedStores(await systemContext(app.ctx));
    const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
    for (let round = 0; round < 2; round++) {
      const sv = await fetch(`${base}/sv/product/fast-kettle`);
      const us = await fetch(`${base}/product/fast-kettle`);
      if (round === 1) expect([sv.headers.get('x-cache'), us.headers.get('x-cache')]).toEqual(['HIT', 'HIT']);
      expect(plain(await sv.text())).toContain('10,50 kr'); // $1.00 at the demo rate 10.5
      const body = await us.text();
      expect(body).toContain('$1.00');
      expect(body).not.toContain('kr');
    }
  });
});
