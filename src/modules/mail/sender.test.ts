import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemRc } from '../../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { SENDER_EMAIL, SENDER_NAME } from '../stores/index.ts';
import { readMailbox } from './mailer.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.dispose());

describe('Stores > Configuration > Store Email Addresses', () => {
  it("sends the store's emails from the store view's sender, the website's name when no name is set", async () => {
    const rc = await systemRc(app);
    await app.ctx.services.mail.queue(rc, { to: 'ann@example.com', subject: 'Before', text: '…' });
    const saved = await app.ctx.services.config.save(rc, 'stores', rc.store.view.id, [
      { path: SENDER_NAME, value: 'Butiken Åsa' },
      { path: SENDER_EMAIL, value: 'hej@butiken.example' },
    ]);
    expect(saved.ok).toBe(true);
    await app.ctx.services.mail.queue(rc, { to: 'ann@example.com', subject: 'After', text: '…' });
    const box = await readMailbox(app.ctx.env.VAR_DIR);
    const from = Object.fromEntries(box.map((m) => [m.subject, m.from]));
    expect(from.Before).toBe(`${rc.store.website.name} <store@example.com>`);
    expect(from.After).toBe('Butiken Åsa <hej@butiken.example>');
  });

  it('refuses a sender address that is not an email address, or a name that could forge a header, and keeps the old', async () => {
    const rc = await systemRc(app);
    const bad = await app.ctx.services.config.save(rc, 'default', 0, [{ path: SENDER_EMAIL, value: 'not an address' }]);
    expect(bad.ok).toBe(false);
    const forged = await app.ctx.services.config.save(rc, 'default', 0, [{ path: SENDER_NAME, value: 'Shop\r\nBcc: all@example.com' }]);
    expect(forged.ok).toBe(false);
    expect(await app.ctx.services.config.get(SENDER_EMAIL, {})).toBe('store@example.com');
    expect(await app.ctx.services.config.get(SENDER_NAME, {})).toBe('');
  });
});
