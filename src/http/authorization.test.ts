import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../testing/agent.ts';
import { createAdmin, TEST_PASSWORD } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/**
 * Every registered admin route, from the outside: no session → sign-in; a role without the route's resource →
 * 403; a role with it → served. New routes are covered automatically because the list comes from the server.
 */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

const concrete = (path: string) => path.replace(/:\w+/g, '999999');

const agents = new Map<string, Agent>();
async function agentWith(resources: string[]): Promise<Agent> {
  const key = resources.join(',');
  let agent = agents.get(key);
  if (!agent) {
    const admin = await createAdmin(app, resources);
    agent = new Agent(app);
    await agent.signInAdmin(admin.username, TEST_PASSWORD);
    agents.set(key, agent);
  }
  return agent;
}

describe('authorization of every admin route', () => {
  it('registers a resource for each admin route, and every resource exists', () => {
    expect(app.adminRoutes.length).toBeGreaterThan(10);
    for (const route of app.adminRoutes) expect(app.ctx.registry.resources.has(route.resource), `${route.method} ${route.path}`).toBe(true);
  });

  it('sends visitors without a session to sign in, changing nothing', async () => {
    const before = await app.ctx.db
      .selectFrom('action_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const anonymous = new Agent(app);
    for (const route of app.adminRoutes) {
      const url = concrete(route.path);
      const res = route.method === 'GET' ? await anonymous.get(url) : await anonymous.post(url);
      expect(res.statusCode, `${route.method} ${route.path}`).toBe(route.method === 'GET' ? 302 : 303);
      expect(res.headers.location, `${route.method} ${route.path}`).toMatch(/^\/admin\/login/);
    }
    const after = await app.ctx.db
      .selectFrom('action_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('answers 403 to a role without the resource', async () => {
    for (const route of app.adminRoutes) {
      const agent = await agentWith(route.resource === 'dashboard' ? ['system'] : ['dashboard']);
      const url = concrete(route.path);
      const res = route.method === 'GET' ? await agent.get(url) : await agent.post(url);
      expect(res.statusCode, `${route.method} ${route.path}`).toBe(403);
      expect(res.body).toContain('Sorry, you need permissions to view this content.');
    }
  });

  // Every admin route served in full (a page each): longer than the default on a busy machine.
  it('serves a role with the resource', { timeout: 120_000 }, async () => {
    for (const route of app.adminRoutes) {
      const agent = await agentWith(app.ctx.registry.ancestry(route.resource));
      const url = concrete(route.path);
      const res = route.method === 'GET' ? await agent.get(url) : await agent.post(url);
      const where = `${route.method} ${route.path} → ${res.statusCode}`;
      expect(res.statusCode, where).not.toBe(403);
      expect(res.statusCode, where).toBeLessThan(500);
      expect(String(res.headers.location ?? ''), where).not.toMatch(/^\/admin\/login/);
    }
  });
});
