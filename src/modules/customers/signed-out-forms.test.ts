import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../testing/agent.ts';
import { createProduct } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

describe('forms for signed-in customers, sent while signed out', () => {
  it('sends the visitor to sign in and says why, changing nothing', async () => {
    const p = await createProduct(app);
    const guest = new Agent(app);
    await guest.get('/');
    const res = await guest.post('/wishlist/index/add', { product: String(p.id) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/customer/account/login');
    expect((await guest.get('/customer/account/login')).body).toContain('You must sign in to add products to your wish list.');
    expect(await app.ctx.db.selectFrom('wishlist_items').select('id').execute()).toEqual([]);
  });

  it('uses a general message where the form names none', async () => {
    const guest = new Agent(app);
    await guest.get('/');
    const res = await guest.post('/customer/account/editPost', { firstname: 'A', lastname: 'B' });
    expect(res.statusCode).toBe(303);
    expect((await guest.get(res.headers.location as string)).body).toContain('Please sign in to continue.');
  });
});
