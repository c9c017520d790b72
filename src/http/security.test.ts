import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../testing/agent.ts';
import { createAdmin, TEST_PASSWORD } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ LOGIN_RATE_LIMIT: '5' });
  // A route that fails unexpectedly, to see what a 5xx reveals.
  app.server.get('/test-only/boom', async () => {
    throw new Error('secret internal detail: password=hunter2');
  });
});
afterAll(async () => app?.dispose());

describe('HTTP security', () => {
  it('sends strict security headers and no-store on admin pages', async () => {
    const res = await new Agent(app).get('/admin/login');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['cache-control']).toBe('no-store');
    // The admin panel's form-key seed is its own: Strict, and only sent to /admin.
    expect(String(res.headers['set-cookie'])).toMatch(/concierge_admin_csrf=[^;]+; Path=\/admin; HttpOnly; SameSite=Strict/);
    const shop = await new Agent(app).get('/checkout/cart');
    expect(String(shop.headers['set-cookie'])).toMatch(/concierge_csrf=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
  });

  it('hides internals on unexpected errors', async () => {
    const res = await new Agent(app).get('/test-only/boom');
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('hunter2');
    expect(res.body).toContain('An error occurred on the server');
  });

  it('answers unknown pages with a 404 page', async () => {
    const res = await new Agent(app).get('/no/such/page');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('The page you requested was not found.');
  });

  it('refuses admin POSTs without a valid form key and changes nothing', async () => {
    const admin = await createAdmin(app, 'all');
    const agent = new Agent(app);
    await agent.signInAdmin(admin.username, TEST_PASSWORD);
    const sessionsBefore = await app.ctx.db.selectFrom('sessions').select('id_hash').where('subject_id', '=', admin.id).execute();
    const res = await agent.post('/admin/logout', { form_key: 'forged' });
    expect(res.statusCode).toBe(303);
    const sessionsAfter = await app.ctx.db.selectFrom('sessions').select('id_hash').where('subject_id', '=', admin.id).execute();
    expect(sessionsAfter).toEqual(sessionsBefore);
  });

  it('reports a health check without caching', async () => {
    const res = await new Agent(app).get('/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('rate-limits sign-in attempts per IP', async () => {
    const agent = new Agent(app);
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await agent.post('/admin/login', { 'login[username]': 'nobody', 'login[password]': 'x' })).statusCode);
    // Earlier tests in this file used one attempt of the same minute's budget of five.
    expect(codes[0]).toBe(401);
    expect(codes.at(-1)).toBe(429);
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(5);
  });
});
