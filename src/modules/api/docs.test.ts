import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

const get = (url: string, accept?: string) => app.server.inject({ method: 'GET', url, headers: accept ? { accept } : {} });

describe('OpenAPI document and Swagger UI', () => {
  it('lists every REST route with the body schema it validates, every accepted field included', async () => {
    const res = await get('/api/docs/json');
    expect(res.statusCode).toBe(200);
    const doc = res.json() as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> }; responses: Record<string, unknown> }>
      >;
    };
    expect(doc.openapi).toBe('3.0.3');
    const routes = app.routes.filter((r) => r.url.startsWith('/rest/') && r.method !== 'HEAD').map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(routes.length).toBeGreaterThanOrEqual(4);
    for (const route of routes) {
      const [method, path] = route.split(' ') as [string, string];
      expect(doc.paths[path]?.[method.toLowerCase()], route).toBeDefined();
    }
    const body = (path: string, method: string) => doc.paths[path]![method]!.requestBody!.content['application/json']!.schema.properties!;
    expect(Object.keys(body('/rest/V1/integration/admin/token', 'post')).sort()).toEqual(['password', 'username']);
    expect(Object.keys(body('/rest/V1/customers/{id}', 'put')).sort()).toEqual(['allow_remote_shopping_assistance', 'customer']);
    expect(Object.keys(body('/rest/V1/loginascustomer/sessions', 'post')).sort()).toEqual(['customer_id', 'reason', 'store_id', 'view_only']);
    expect(Object.keys(doc.paths['/rest/V1/loginascustomer/sessions']!.post!.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403']));
  });

  it('renders Swagger UI at /api/docs for a browser, from this origin, under the strict CSP', async () => {
    const page = await get('/api/docs', 'text/html,application/xhtml+xml');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('swagger-ui-bundle.js');
    expect(page.body).not.toMatch(/<script>(?!\s*<\/script>)/);
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    for (const asset of ['/api/docs/static/swagger-ui-bundle.js', '/api/docs/static/swagger-initializer.js', '/api/docs/static/swagger-ui.css'])
      expect((await get(asset)).statusCode, asset).toBe(200);
    // Without asking for HTML, /api/docs is the document itself.
    expect((await get('/api/docs')).json()).toMatchObject({ openapi: '3.0.3' });
  });
});
