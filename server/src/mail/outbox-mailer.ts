import type { Models } from '../db/models.js';
import type { Mailer, MailMessage } from './mailer.js';

/** Development and tests: the message is logged (links included, so a developer can follow them) and kept in `outbox`. */
export class OutboxMailer implements Mailer {
  constructor(
    private readonly models: Models,
    private readonly log: boolean,
  ) {}

  async send(message: MailMessage): Promise<void> {
    await this.models.Outbox.create({ ...message, createdAt: new Date() });
    if (this.log) console.log(`mail (outbox) to ${message.to}: ${message.subject}\n${message.text}`);
  }
}
