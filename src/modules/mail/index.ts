/** The mail module's public surface: what other modules may use. */
export type { Mailer, MailMessage, SentMail } from './public.ts';
