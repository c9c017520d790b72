import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

const post = (payload: unknown) =>
  app.server.inject({ method: 'POST', url: '/graphql', payload: payload as object, headers: { 'content-type': 'application/json' } });

describe('malformed GraphQL requests are answered 400 before any GraphQL work', () => {
  it.each([
    [{ query: 'true' }, 'Syntax Error'],
    [{ query: '{ customer { email } }', operationName: 'Missing' }, 'Unknown operation named "Missing".'],
    [{ query: 'query A { customer { email } } query B { customer { email } }' }, 'Must provide an operation name'],
    [{ query: '{ customer { email } }', variables: [1] }, 'Variables must be an object.'],
    [{ variables: {} }, 'Must provide a query string.'],
  ])('%j', async (payload, message) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ data: null, errors: [{ message: expect.stringContaining(message), extensions: { category: 'graphql-input' } }] });
  });

  it('refuses an operationName that is not a string', async () => {
    expect((await post({ query: '{ customer { email } }', operationName: 7 })).statusCode).toBe(400);
  });

  it('still runs a well-formed request', async () => {
    const res = await post({ query: 'query Me { customer { email } }', operationName: 'Me', variables: {} });
    expect(res.statusCode).toBe(200);
    expect(res.json().errors[0].extensions.category).toBe('graphql-authorization');
  });
});
