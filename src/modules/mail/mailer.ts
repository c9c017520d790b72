import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import type { Services } from '../../kernel/services.ts';
import { SENDER_EMAIL, SENDER_NAME } from '../stores/index.ts';
import { MAIL_SEND, type Mailer, type MailMessage } from './public.ts';

export type { Mailer, MailMessage, SentMail } from './public.ts';

const DEFAULT_FROM = 'Concierge Store <store@example.com>';

/** The store view's sender ("Name" <address>), or undefined outside a store view (the mailer's default). */
async function senderOf(rc: Parameters<Mailer['queue']>[0]): Promise<string | undefined> {
  if (!rc.store) return undefined;
  const scope = { storeViewId: rc.store.view.id };
  const [name, email] = await Promise.all([rc.app.services.config.get(SENDER_NAME, scope, rc.db), rc.app.services.config.get(SENDER_EMAIL, scope, rc.db)]);
  if (!email) return undefined;
  const shown = (name || rc.store.website.name).replace(/["\\\r\n]/g, '');
  return `"${shown}" <${email}>`;
}

/**
 * The one mailer: SMTP when SMTP_URL is set, otherwise RFC 822 files in var/mail/ (what tests and developers
 * read). Logs say who and what, never the body: bodies carry password-reset links.
 */
export function createMailer(options: { smtpUrl?: string; varDir: string; from?: string; logger?: { info(obj: object, msg?: string): void } }): Mailer {
  const from = options.from ?? DEFAULT_FROM;
  // nodemailer (about 5 MB of heap) is loaded by the first message sent, not by every process that serves pages.
  let transports: Promise<{ smtp?: Transporter; builder: Transporter }> | undefined;
  const transportsOnce = () =>
    (transports ??= import('nodemailer')
      .then(({ default: nodemailer }) => ({
        smtp: options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : undefined,
        builder: nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }),
      }))
      .catch((err) => {
        transports = undefined; // a failed load is tried again by the next message (the job is retried anyway)
        throw err;
      }));
  const dir = join(options.varDir, 'mail');
  return {
    queue: async (rc, message) => rc.app.services.jobs.enqueue(rc, MAIL_SEND, { ...message, from: message.from ?? (await senderOf(rc)) }),
    async send(message) {
      const envelope = { from: message.from ?? from, to: message.to, subject: message.subject, text: message.text, html: message.html };
      const { smtp, builder } = await transportsOnce();
      if (smtp) {
        const info = await smtp.sendMail(envelope);
        options.logger?.info({ to: message.to, subject: message.subject, messageId: info.messageId }, 'mail sent');
        return { messageId: info.messageId };
      }
      const info = await builder.sendMail(envelope);
      await mkdir(dir, { recursive: true });
      const name = `${Date.now()}-${randomBytes(6).toString('hex')}.eml`;
      const file = join(dir, name);
      await writeFile(`${file}.tmp`, info.message as Buffer);
      await rename(`${file}.tmp`, file);
      options.logger?.info({ to: message.to, subject: message.subject, messageId: info.messageId, file }, 'mail written');
      return { messageId: info.messageId, file };
    },
  };
}

/** The mail.send handler: sends the queued message (a thrown error is a failed attempt, retried by the queue). */
export function registerMailJobs(services: Pick<Services, 'jobs' | 'mail'>) {
  services.jobs.register<MailMessage>(MAIL_SEND, async (message) => {
    if (!message || typeof message.to !== 'string' || typeof message.subject !== 'string' || typeof message.text !== 'string')
      throw new Error('The queued message has no recipient, subject or text.');
    await services.mail.send(message);
  });
}

function decodeQuotedPrintable(s: string) {
  const bytes = s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function decodeHeader(value: string) {
  return value
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    )
    .replace(/\?=\s+=\?/g, '');
}

function parsePart(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf('\n\n');
  const head = split >= 0 ? raw.slice(0, split) : raw;
  const body = split >= 0 ? raw.slice(split + 2) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  return { headers, body };
}

function textOf(part: { headers: Map<string, string>; body: string }): string {
  const type = part.headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.startsWith('multipart/') && boundary) {
    for (const chunk of part.body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const text = textOf(parsePart(chunk.replace(/^\n/, '')));
      if (text) return text;
    }
    return '';
  }
  if (!type.startsWith('text/plain')) return '';
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body);
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return part.body;
}

/** The .eml files in var/mail, oldest first, with recipient, subject and decoded text. */
export async function readMailbox(varDir: string) {
  const dir = join(varDir, 'mail');
  let names: string[] = [];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.eml')).sort();
  } catch {
    return [];
  }
  return Promise.all(
    names.map(async (name) => {
      const part = parsePart((await readFile(join(dir, name), 'utf8')).replace(/\r\n/g, '\n'));
      return {
        file: join(dir, name),
        from: decodeHeader(part.headers.get('from') ?? ''),
        to: decodeHeader(part.headers.get('to') ?? ''),
        subject: decodeHeader(part.headers.get('subject') ?? ''),
        text: textOf(part),
        date: new Date(part.headers.get('date') ?? 0),
      };
    }),
  );
}

declare module '../../kernel/services.ts' {
  interface Services {
    mail: Mailer;
  }
}
