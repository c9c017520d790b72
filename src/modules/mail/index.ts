/** The mail module's public surface: what other modules may use. */
export { MAIL_SEND } from './public.ts';
export type { Mailer, MailMessage, SentMail } from './public.ts';
