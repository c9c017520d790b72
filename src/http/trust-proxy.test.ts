import { afterEach, describe, expect, it } from 'vitest';
import { loadEnv } from '../env.ts';
import { Agent } from '../testing/agent.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.dispose();
  app = undefined;
});

async function failedSignInIp(trustProxy: 'true' | 'false') {
  app = await createTestApp({ TRUST_PROXY: trustProxy });
  const browser = new Agent(app);
  await browser.get('/admin/login');
  await browser.post('/admin/login', { 'login[username]': 'nobody', 'login[password]': 'wrong-pass' }, { headers: { 'x-forwarded-for': '203.0.113.7' } });
  const row = await app.ctx.db
    .selectFrom('action_log')
    .select('ip')
    .where('action_group', '=', 'admin_sign_in')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return row.ip;
}

describe('TRUST_PROXY', () => {
  it('is validated with the rest of the environment', () => {
    expect(() => loadEnv({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
    expect(loadEnv({}).TRUST_PROXY).toBe('false');
  });

  it('takes the client address from X-Forwarded-For only when set', async () => {
    expect(await failedSignInIp('true')).toBe('203.0.113.7');
    expect(await failedSignInIp('false')).not.toBe('203.0.113.7');
  });
});
