import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../testing/agent.ts';
import { createAdmin, TEST_PASSWORD } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { withoutNul } from './server.tsx';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

describe('U+0000 in submitted data', () => {
  it('is dropped from nested values and keys, leaving everything else as it was', () => {
    expect(withoutNul({ 'a\u0000b': ['x\u0000', 1, null, { c: 'd\u0000e' }], n: 5 })).toEqual({ ab: ['x', 1, null, { c: 'de' }], n: 5 });
  });

  it('never reaches the database through forms that read the body directly (admin sign-in) or JSON (GraphQL, REST)', async () => {
    const admin = await createAdmin(app, 'all');
    const browser = new Agent(app);
    const signIn = await browser.post('/admin/login', { 'login[username]': `${admin.username}\u0000`, 'login[password]': TEST_PASSWORD });
    expect(signIn.statusCode).toBe(303);
    const gql = await app.server.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: {
        query:
          'mutation($e: String!) { createCustomer(input: { firstname: "Nul\u0000", lastname: "Byte", email: $e, password: "Nul-pass-123" }) { customer { firstname } } }',
        variables: { e: 'nul\u0000@example.com' },
      },
    });
    expect(gql.statusCode).toBeLessThan(500);
    const token = await app.server.inject({
      method: 'POST',
      url: '/rest/V1/integration/admin/token',
      headers: { 'content-type': 'application/json' },
      payload: { username: `${admin.username}\u0000`, password: TEST_PASSWORD },
    });
    expect(token.statusCode).toBe(200);
  });
});

describe('a body of a shape no form has', () => {
  it('is a 400, not a 500', async () => {
    const admin = await createAdmin(app, 'all');
    const browser = new Agent(app);
    await browser.signInAdmin(admin.username, TEST_PASSWORD);
    const res = await app.server.inject({
      method: 'POST',
      url: '/admin/sales/orders/1/ship/save',
      headers: {
        'content-type': 'application/json',
        cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-csrf-token': browser.formKey('admin'),
      },
      payload: JSON.stringify([1, 2, 3]),
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('ids beyond the database integer range', () => {
  it('are refused by the REST Login as Customer door, never a database error', async () => {
    const admin = await createAdmin(app, 'all');
    const token = await app.server.inject({
      method: 'POST',
      url: '/rest/V1/integration/admin/token',
      headers: { 'content-type': 'application/json' },
      payload: { username: admin.username, password: TEST_PASSWORD },
    });
    const res = await app.server.inject({
      method: 'POST',
      url: '/rest/V1/loginascustomer/sessions',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token.json()}` },
      payload: { customer_id: 6e28 },
    });
    expect(res.statusCode).toBeLessThan(500);
  });
});
