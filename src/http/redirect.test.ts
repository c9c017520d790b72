import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../testing/agent.ts';
import { createAdmin, TEST_PASSWORD } from '../testing/fixtures.ts';
import { createProduct } from '../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { safeLocalPath } from './redirect.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

const HOSTILE_PATHS = [
  '//evil.example/x',
  '/\\evil.example/x',
  '/\\/evil.example',
  '\\\\evil.example',
  'https://evil.example/x',
  'javascript:alert(1)',
  '/x\r\nSet-Cookie: a=b',
  '/x\ty',
  '/ x',
  `/${'a'.repeat(3000)}`,
  '',
  'relative/path',
];

describe('redirect targets from the request', () => {
  it('accepts a path with exactly one leading slash and refuses everything else', () => {
    expect(safeLocalPath('/checkout/cart?x=1', '/')).toBe('/checkout/cart?x=1');
    expect(safeLocalPath('/', '/home')).toBe('/');
    for (const hostile of HOSTILE_PATHS) expect(safeLocalPath(hostile, '/fallback'), JSON.stringify(hostile)).toBe('/fallback');
    expect(safeLocalPath(undefined, '/fallback')).toBe('/fallback');
    expect(safeLocalPath(['/a'], '/fallback')).toBe('/fallback');
  });

  it('a failed add-to-cart goes back only to a page of this site', async () => {
    const soldOut = await createProduct(app, { qty: 0 });
    const shopper = new Agent(app);
    await shopper.get('/');
    const back = (referer: string) =>
      shopper.post('/checkout/cart/add', { product: String(soldOut.id), qty: '1' }, { headers: { referer, host: 'shop.example' } });
    for (const referer of [
      'http://shop.example//evil.example/x',
      'http://shop.example/\\evil.example',
      'http://evil.example/product/x',
      'https://shop.example/product/x',
      'http://user:pw@shop.example/x',
      'not a url',
      '//evil.example/x',
    ]) {
      const res = await back(referer);
      expect(res.statusCode, referer).toBe(303);
      expect(res.headers.location, referer).toBe('/checkout/cart');
    }
    // The page the shopper came from, on this host.
    expect((await back(`http://shop.example/product/${soldOut.urlKey}?color=red`)).headers.location).toBe(`/product/${soldOut.urlKey}?color=red`);
  });

  it('admin sign-in returns only to admin pages of this site', async () => {
    const admin = await createAdmin(app, 'all');
    const signIn = async (ret: string) => {
      const browser = new Agent(app);
      await browser.get('/admin/login');
      return browser.post('/admin/login', { 'login[username]': admin.username, 'login[password]': TEST_PASSWORD, return: ret });
    };
    expect((await signIn('/admin/customers?x=1')).headers.location).toBe('/admin/customers?x=1');
    for (const ret of [
      '//evil.example/admin/',
      '/admin/\\..\\\\evil',
      'https://evil.example/admin/',
      '/admin/login',
      '/elsewhere',
      '/admin/x\r\nLocation: //evil.example',
    ]) {
      expect((await signIn(ret)).headers.location, ret).toBe('/admin/dashboard');
    }
    // Already signed in: ?return= on the sign-in page follows the same rule.
    const browser = new Agent(app);
    await browser.signInAdmin(admin.username, TEST_PASSWORD);
    expect((await browser.get('/admin/login?return=%2F%2Fevil.example%2F')).headers.location).toBe('/admin/dashboard');
    expect((await browser.get('/admin/login?return=%2Fadmin%2Fcustomers')).headers.location).toBe('/admin/customers');
  });
});
