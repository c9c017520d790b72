import type { RequestContext } from '../../kernel/request-context.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  from?: string;
}
export interface SentMail {
  messageId: string;
  file?: string;
}
export interface Mailer {
  /** Sends now (what the mail.send job runs). Callers queue instead, so a message is retried and tied to their commit. */
  send(message: MailMessage): Promise<SentMail>;
  /**
   * Queues the message as a mail.send job on rc.db: inside a transaction it is sent only if that commits. It comes
   * from the store view's Store Email Addresses sender (rc.store), unless it names its own.
   */
  queue(rc: Pick<RequestContext, 'db' | 'app'> & { store?: RequestContext['store'] }, message: MailMessage): Promise<number>;
}

/** The job kind that sends one message; its payload is the rendered MailMessage (see decision 014). */
export const MAIL_SEND = 'mail.send';
