/**
 * The one way the archive sends e-mail. In production an SMTP server configured by env (SMTP_URL,
 * MAIL_FROM); in development and tests every message goes to the log and the `outbox` collection,
 * which tests and the e2e journey read instead of a mailbox.
 */
import type { Config } from '../config.js';
import type { Models } from '../db/models.js';
import { OutboxMailer } from './outbox-mailer.js';
import { SmtpMailer } from './smtp-mailer.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** What the message is for (confirm, already-registered, access.granted …): tests find messages by it. */
  kind: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export function createMailer(config: Config, models: Models): Mailer {
  return config.mail.smtpUrl ? new SmtpMailer(config.mail.smtpUrl, config.mail.from) : new OutboxMailer(models, config.mode !== 'test');
}
