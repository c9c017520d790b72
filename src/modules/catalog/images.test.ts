import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE } from '../../http/server.tsx';
import { Agent } from '../../testing/agent.ts';
import { createAdmin, TEST_PASSWORD } from '../../testing/fixtures.ts';
import { createProduct } from '../../testing/store-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { imageFileNames } from './media.ts';
import { catalogRepo } from './repo.ts';

let app: TestApp;
let admin: Agent;
let clerk: Agent;
const CATALOG = ['catalog', 'catalog.inventory', 'catalog.inventory.products'];
beforeAll(async () => {
  app = await createTestApp();
  const a = await createAdmin(app, CATALOG);
  admin = new Agent(app);
  await admin.signInAdmin(a.username, TEST_PASSWORD);
  const c = await createAdmin(app, ['customers']);
  clerk = new Agent(app);
  await clerk.signInAdmin(c.username, TEST_PASSWORD);
}, 60_000);
afterAll(async () => app?.dispose());

const png = (w: number, h: number, color = '#cc6633') =>
  sharp({ create: { width: w, height: h, channels: 3, background: color } })
    .png()
    .toBuffer();
const jpeg = (w: number, h: number) =>
  sharp({ create: { width: w, height: h, channels: 3, background: '#3366cc' } })
    .jpeg()
    .toBuffer();

type Part = { name: string; value: string } | { name: string; filename: string; type: string; bytes: Buffer };
function multipart(parts: Part[], boundary = '----concierge-test-boundary') {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const head =
      'bytes' in p
        ? `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type}\r\n\r\n`
        : `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n`;
    chunks.push(Buffer.from(head), 'bytes' in p ? p.bytes : Buffer.from(p.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(agent: Agent, productId: number, files: { filename: string; bytes: Buffer; type?: string }[], opts: { formKey?: string } = {}) {
  if (!agent.cookies.has('concierge_admin_csrf')) await agent.get('/admin/login');
  const parts: Part[] = [{ name: 'form_key', value: opts.formKey ?? agent.formKey('admin') }];
  for (const f of files) parts.push({ name: 'images', filename: f.filename, type: f.type ?? 'image/jpeg', bytes: f.bytes });
  const { payload, contentType } = multipart(parts);
  const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return app.server.inject({
    method: 'POST',
    url: `/admin/catalog/products/${productId}/images/upload`,
    payload,
    headers: { 'content-type': contentType, cookie },
  });
}

const rowsOf = (productId: number) => catalogRepo.imagesOf(app.ctx.db, [productId]);
const storage = () => app.ctx.services.catalog.imageStorage;

describe('uploading product images', () => {
  it('stores each image resized to the standard widths as WebP and the fallback, the first as main image', async () => {
    const p = await createProduct(app);
    const res = await upload(admin, p.id, [
      { filename: 'big.png', bytes: await png(1200, 800), type: 'image/png' },
      { filename: 'photo.jpg', bytes: await jpeg(500, 500) },
    ]);
    expect(res.statusCode).toBe(303);
    const rows = await rowsOf(p.id);
    expect(rows.map((r) => [r.fallback, r.widths, r.is_main, r.width, r.height])).toEqual([
      ['png', '240,480,960', 1, 1200, 800],
      ['jpg', '240,480', 0, 500, 500],
    ]);
    for (const name of imageFileNames(rows[0]!)) {
      const bytes = await storage().get(name);
      expect(bytes, name).toBeDefined();
      const meta = await sharp(bytes).metadata();
      expect(meta.format).toBe(name.endsWith('.webp') ? 'webp' : 'png');
      expect(String(meta.width)).toBe(name.split('-')[1]!.split('.')[0]);
    }
    const page = await new Agent(app).get(`/product/${p.urlKey}`);
    expect(page.body).toContain(`/media/catalog/${rows[0]!.hash}-480.webp 480w`);
    expect(page.body).toContain(`href="#image-${rows[1]!.id}"`);
    expect(page.body).toMatch(/<img src="\/media\/catalog\/[0-9a-f]{32}-480\.png"[^>]*width="480" height="320"/);
  });

  it.each([
    ['a text file renamed .jpg', [{ filename: 'evil.jpg', bytes: Buffer.from('<?php system($_GET["c"]); ?>') }], 'is not a JPEG, PNG or WebP image'],
    [
      'a GIF renamed .png',
      [{ filename: 'anim.png', bytes: Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64') }],
      'is not a JPEG, PNG or WebP image',
    ],
    ['a file over 5 MB', [{ filename: 'huge.jpg', bytes: randomBytes(5 * 1024 * 1024 + 1) }], 'is empty or larger than 5 MB'],
    ['no file', [], 'Please choose at least one image file.'],
  ])('refuses %s with a message, storing nothing', async (_label, files, message) => {
    const p = await createProduct(app);
    const res = await upload(admin, p.id, files);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(message);
    expect(await rowsOf(p.id)).toEqual([]);
  });

  it('refuses eleven files, and a good file beside a bad one stores neither', async () => {
    const p = await createProduct(app);
    const one = await png(20, 20);
    const many = await upload(
      admin,
      p.id,
      Array.from({ length: 11 }, (_, i) => ({ filename: `${i}.png`, bytes: one })),
    );
    expect(many.statusCode).toBe(400);
    expect(many.body).toContain('You can upload at most 10 images at a time.');
    const good = await png(300, 300, '#00aa00');
    const mixed = await upload(admin, p.id, [
      { filename: 'good.png', bytes: good },
      { filename: 'bad.jpg', bytes: Buffer.from('not an image') },
    ]);
    expect(mixed.statusCode).toBe(400);
    expect(mixed.body).toContain('bad.jpg');
    expect(await rowsOf(p.id)).toEqual([]);
  });

  it('answers 400 to malformed form data and 415 to form data on other routes', async () => {
    const p = await createProduct(app);
    const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const url = `/admin/catalog/products/${p.id}/images/upload`;
    for (const [payload, type] of [
      ['garbage', 'multipart/form-data; boundary=xyz'],
      ['--xyz\r\nno headers here', 'multipart/form-data; boundary=xyz'],
      ['--xyz\r\n', 'multipart/form-data'],
    ]) {
      const res = await app.server.inject({ method: 'POST', url, payload, headers: { 'content-type': type!, cookie } });
      expect(res.statusCode, payload).toBe(400);
    }
    const { payload, contentType } = multipart([{ name: 'form_key', value: admin.formKey('admin') }]);
    const other = await app.server.inject({
      method: 'POST',
      url: `/admin/catalog/products/${p.id}/save`,
      payload,
      headers: { 'content-type': contentType, cookie },
    });
    expect(other.statusCode).toBe(415);
  });
});

describe('who may upload and remove', () => {
  it('sends a browser without a session to sign in, refuses a role without Products, and a missing form key', async () => {
    const p = await createProduct(app);
    const file = [{ filename: 'a.png', bytes: await png(100, 100) }];
    const anonymous = new Agent(app);
    const res = await upload(anonymous, p.id, file);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/login');
    expect(anonymous.cookies.has(ADMIN_COOKIE)).toBe(false);
    expect((await upload(clerk, p.id, file)).statusCode).toBe(403);
    expect((await upload(admin, p.id, file, { formKey: 'wrong' })).statusCode).toBe(403);
    expect(await rowsOf(p.id)).toEqual([]);
    const remove = `/admin/catalog/products/${p.id}/images/1/delete`;
    expect((await anonymous.post(remove)).statusCode).toBe(303);
    expect((await clerk.post(remove)).statusCode).toBe(403);
    expect((await upload(admin, p.id, file)).statusCode).toBe(303);
  });
});

describe('main image, alt text and removal', () => {
  it('changes the main image and alt texts, and removes an image with its files after a confirmation page', async () => {
    const p = await createProduct(app);
    await upload(admin, p.id, [
      { filename: 'a.png', bytes: await png(260, 260, '#112233') },
      { filename: 'b.png', bytes: await png(260, 260, '#445566') },
    ]);
    const [a, b] = await rowsOf(p.id);
    const saved = await admin.post(`/admin/catalog/products/${p.id}/images/save`, { main: String(b!.id), [`alt_${b!.id}`]: 'Blue <mug>' });
    expect(saved.statusCode).toBe(303);
    const after = await rowsOf(p.id);
    expect(after.map((r) => [r.id, r.is_main, r.alt])).toEqual([
      [b!.id, 1, 'Blue <mug>'],
      [a!.id, 0, ''],
    ]);
    const list = await new Agent(app).get(`/catalogsearch/result?q=${encodeURIComponent(p.sku)}`);
    expect(list.body).toContain(`${b!.hash}-240.webp 240w`);
    // In a list the image sits in the link with the product's name (alt=""); the product page's gallery says it.
    expect(list.body).toContain('alt=""');
    expect(list.body).toContain('loading="lazy"');
    expect((await new Agent(app).get(`/product/${p.urlKey}`)).body).toContain('alt="Blue <mug>"');
    const wrong = await admin.post(`/admin/catalog/products/${p.id}/images/save`, { main: '999999' });
    expect(wrong.statusCode).toBe(400);

    const confirm = await admin.get(`/admin/catalog/products/${p.id}/images/${b!.id}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Are you sure you want to remove image 1');
    const removed = await admin.post(`/admin/catalog/products/${p.id}/images/${b!.id}/delete`);
    expect(removed.statusCode).toBe(303);
    const left = await rowsOf(p.id);
    expect(left.map((r) => [r.id, r.is_main])).toEqual([[a!.id, 1]]);
    for (const name of imageFileNames(b!)) expect(await storage().get(name)).toBeUndefined();
    expect((await admin.post(`/admin/catalog/products/${p.id}/images/${b!.id}/delete`)).statusCode).toBe(404);
  });

  it('deletes the files with the product, but keeps files another product still shows', async () => {
    const [p, q] = [await createProduct(app), await createProduct(app)];
    const shared = await png(250, 250, '#778899');
    await upload(admin, p.id, [
      { filename: 's.png', bytes: shared },
      { filename: 'own.png', bytes: await png(250, 250, '#998877') },
    ]);
    await upload(admin, q.id, [{ filename: 's.png', bytes: shared }]);
    const [sharedRow, ownRow] = await rowsOf(p.id);
    expect((await admin.post(`/admin/catalog/products/${p.id}/delete`)).statusCode).toBe(303);
    for (const name of imageFileNames(ownRow!)) expect(await storage().get(name)).toBeUndefined();
    for (const name of imageFileNames(sharedRow!)) expect(await storage().get(name)).toBeDefined();
  });
});

describe('the media route', () => {
  it('serves stored files with long-lived immutable caching and refuses any other name', async () => {
    const p = await createProduct(app);
    await upload(admin, p.id, [{ filename: 'x.jpg', bytes: await jpeg(300, 200) }]);
    const [row] = await rowsOf(p.id);
    const res = await new Agent(app).get(`/media/catalog/${row!.hash}-240.webp`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/webp');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect((await new Agent(app).get(`/media/catalog/${row!.hash}-240.jpg`)).headers['content-type']).toBe('image/jpeg');
    for (const bad of [
      `${row!.hash}-999.webp`,
      '..%2F..%2F..%2Fetc%2Fpasswd',
      '%2e%2e%2f%2e%2e%2fpackage.json',
      `..%2F${row!.hash}-240.webp`,
      `${row!.hash}-240.webp%00.html`,
      `${row!.hash}-240.svg`,
      `${row!.hash.toUpperCase()}-240.webp`,
    ]) {
      const r = await new Agent(app).get(`/media/catalog/${bad}`);
      expect(r.statusCode, bad).toBe(404);
    }
    expect((await new Agent(app).get('/media/catalog/../../package.json')).statusCode).toBe(404);
  });

  it('shows a placeholder with the initial for a product without images', async () => {
    const p = await createProduct(app);
    const page = await new Agent(app).get(`/product/${p.urlKey}`);
    expect(page.body).toMatch(/<svg class="product-placeholder"[^>]*aria-label="Product SKU-[^"]*"/);
    expect(page.body).toMatch(/<text[^>]*>P<\/text>/);
  });
});
