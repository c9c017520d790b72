import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { systemContext } from '../../kernel/request-context.ts';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD, LAC_AGENT_RESOURCES } from '../../testing/fixtures.ts';
import { createCustomer, signInCustomer } from '../../testing/store-fixtures.ts';
import { createPeerApp, createTestApp, type TestApp } from '../../testing/test-app.ts';
import { LAC_DISABLE_PAGE_CACHE, LAC_ENABLED, LAC_STORE_VIEW_MANUAL } from './settings.ts';

// App A serves every page; B is another process on the same database (its caches look at version stamps every
// 50 ms), holding the customer's event stream.
let app: TestApp;
let peer: App;
beforeAll(async () => {
  app = await createTestApp();
  peer = await createPeerApp(app, { cacheCheckMs: 50 });
});
afterAll(async () => {
  await peer?.close();
  await app?.dispose();
});

beforeEach(async () => {
  const r = await app.ctx.services.config.save(await systemContext(app.ctx), 'default', 0, [
    { path: LAC_ENABLED, value: '1' },
    { path: LAC_STORE_VIEW_MANUAL, value: '0' },
    { path: LAC_DISABLE_PAGE_CACHE, value: '1' },
  ]);
  if (!r.ok) throw new Error(r.messages.join());
});

/** A consenting customer signed in in their own browser, and an agent who opens an assisted session for them. */
async function helpedCustomer() {
  const customer = await createCustomer(app, { consent: true });
  const own = new Agent(app);
  await signInCustomer(own, customer.email);
  const admin = await createAdmin(app, LAC_AGENT_RESOURCES);
  const agent = new Agent(app);
  await agent.signInAdmin(admin.username, TEST_PASSWORD);
  const open = async () => {
    const res = await agent.post('/admin/loginascustomer/login', { customer_id: String(customer.id) });
    const token = /name="token" value="([^"]+)"/.exec(res.body)![1]!;
    const action = /action="([^"]*\/loginascustomer\/login\/redeem)"/.exec(res.body)![1]!;
    expect((await agent.post(action, { token })).statusCode).toBe(303);
  };
  return { customer, own, admin, agent, open };
}

const noticeOf = (body: string) => /<section[^>]*data-role="lac-notice"[^>]*>/.exec(body)?.[0];
const status = async (browser: Agent) => JSON.parse((await browser.get('/customer/assistance/status')).body) as { live: boolean };
const flashOf = (res: { cookies: unknown[] }) =>
  decodeURIComponent(String((res.cookies as { name: string; value: string }[]).find((c) => c.name === 'concierge_flash')?.value ?? ''));

describe("the notice in the customer's own browser", () => {
  it("shows while an assisted session is live, only in that customer's own browser, and never from the page cache", async () => {
    const s = await helpedCustomer();
    const before = await s.own.get('/customer/account');
    expect(noticeOf(before.body)).toContain('hidden');
    expect(await status(s.own)).toEqual({ live: false });
    await s.open();
    const page = await s.own.get('/');
    expect(noticeOf(page.body)).toBeDefined();
    expect(noticeOf(page.body)).not.toContain('hidden');
    expect(page.body).toContain('Store staff are helping you now.');
    expect(page.headers['cache-control']).toBe('private, no-store');
    expect(page.headers['x-cache']).toBe('MISS');
    expect((await s.own.get('/')).headers['x-cache']).toBe('MISS');
    const json = await s.own.get('/customer/assistance/status');
    expect(json.headers['cache-control']).toBe('private, no-store');
    expect(json.headers['content-type']).toContain('application/json');
    expect(JSON.parse(json.body)).toEqual({ live: true });
    // The agent's assisted browser has the banner, not the notice.
    const assisted = await s.agent.get('/');
    expect(assisted.body).toContain('data-role="lac-banner"');
    expect(noticeOf(assisted.body)).toBeUndefined();
    // Another customer and a guest see no live notice on the same page.
    const other = await createCustomer(app, { consent: true });
    const otherBrowser = new Agent(app);
    await signInCustomer(otherBrowser, other.email);
    const theirs = await otherBrowser.get('/');
    expect(noticeOf(theirs.body)).toContain('hidden');
    expect(await status(otherBrowser)).toEqual({ live: false });
    const guest = await new Agent(app).get('/');
    expect(guest.body).not.toContain('lac-notice');
    expect(guest.body).not.toContain('Store staff are helping you now.');
  });

  it('"End it" ends the session with its reason, logged and in the history; the agent\'s next click says so', async () => {
    const s = await helpedCustomer();
    await s.open();
    const end = await s.own.post('/customer/assistance/end', {}, { headers: { referer: 'http://localhost/checkout/cart' } });
    expect(end.statusCode).toBe(303);
    expect(end.headers.location).toBe('/checkout/cart');
    expect(flashOf(end)).toContain('You ended the assisted session.');
    const session = await app.ctx.db
      .selectFrom('lac_sessions')
      .select(['status', 'end_reason'])
      .where('customer_id', '=', s.customer.id)
      .executeTakeFirstOrThrow();
    expect(session).toEqual({ status: 'ended', end_reason: 'customer_ended' });
    const logged = await app.ctx.db
      .selectFrom('action_log')
      .select(['details', 'full_details'])
      .where('action', '=', 'End Session')
      .where('admin_id', '=', s.admin.id)
      .execute();
    expect(logged).toHaveLength(1);
    expect(logged[0]!.details).toContain('The customer ended it (End it)');
    expect(await status(s.own)).toEqual({ live: false });
    // The agent's next click: signed out, with the reason.
    const next = await s.agent.get('/checkout/cart');
    expect(next.statusCode).toBe(200);
    expect(next.body).toContain('The customer ended this assisted session.');
    expect(next.body).not.toContain('data-role="lac-banner"');
    expect((await s.agent.get('/customer/account')).statusCode).toBe(302);
    const history = await s.own.get('/customer/access-history');
    expect(history.body).toContain('The customer ended it (End it)');
  });

  it('refuses "End it" without the form key, without a session and from the assisted browser; nothing ends', async () => {
    const s = await helpedCustomer();
    await s.open();
    // Without the form key the storefront sends the browser back (303) and nothing runs.
    expect((await s.own.post('/customer/assistance/end', {}, { formKey: false })).statusCode).toBe(303);
    expect(await status(s.own)).toEqual({ live: true });
    const anonymous = await new Agent(app).post('/customer/assistance/end');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toContain('/customer/account/login');
    const fromAgent = await s.agent.post('/customer/assistance/end');
    expect(flashOf(fromAgent)).toContain('Only the customer can end assistance from their own browser.');
    const session = await app.ctx.db.selectFrom('lac_sessions').select('status').where('customer_id', '=', s.customer.id).executeTakeFirstOrThrow();
    expect(session.status).toBe('active');
    // Status and stream need the customer's session.
    for (const path of ['/customer/assistance/status', '/customer/assistance/live']) {
      const res = await new Agent(app).get(path, { accept: 'text/event-stream' });
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toContain('/customer/account/login');
    }
  });
});

describe('the event stream', () => {
  it('sends the state at once and again when a session goes live in another process, uncached', async () => {
    const s = await helpedCustomer();
    const address = await peer.server.listen({ port: 0, host: '127.0.0.1' });
    const cookie = [...s.own.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const abort = new AbortController();
    const res = await fetch(`${address}/customer/assistance/live`, { headers: { cookie, accept: 'text/event-stream' }, signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const until = async (needle: string) => {
      const deadline = Date.now() + 4000;
      while (!text.includes(needle) && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
      return text.includes(needle);
    };
    expect(await until('data: {"live":false}')).toBe(true);
    await s.open();
    expect(await until('data: {"live":true}')).toBe(true);
    expect(text).toContain('event: assistance');
    abort.abort();
    await reader.cancel().catch(() => undefined);
  });
});
