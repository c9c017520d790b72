import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMailer, readMailbox } from './mailer.ts';

describe('mailer without SMTP', () => {
  it('writes .eml files that read back with recipient, subject and exact text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mail-'));
    const mailer = createMailer({ varDir: dir });
    const url = 'http://localhost:3000/customer/account/createPassword?token=abc123def_-XYZ';
    await mailer.send({
      to: 'asa@example.com',
      subject: 'Reset your password',
      text: `Hello Åsa Öberg,\n\n${'long line '.repeat(20)}\n${url}\n`,
      html: '<p>Hello</p>',
    });
    await mailer.send({ to: 'bo@example.com', subject: 'Order #000000001 confirmed', text: 'Thanks' });
    const box = await readMailbox(dir);
    expect(box.map((m) => m.subject)).toEqual(['Reset your password', 'Order #000000001 confirmed']);
    expect(box[0]!.to).toContain('asa@example.com');
    expect(box[0]!.text).toContain(url);
    expect(box[0]!.text).toContain('Åsa Öberg');
    expect(readdirSync(join(dir, 'mail')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
