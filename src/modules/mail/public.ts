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
  send(message: MailMessage): Promise<SentMail>;
}
