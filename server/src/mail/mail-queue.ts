/**
 * Mail leaves as a durable 'send-mail' job, queued right after the change it tells of: the change
 * never waits for SMTP and never fails with it, and the mail is retried with backoff until the
 * server takes it (mail-composer.ts writes it, the worker's send-mail handler sends it).
 *
 * The dedupe key names the event (this request granted, this link), so a retried API call or a
 * rerun of a job that queues mail (end-grants) queues each mail once.
 */
import { JobQueue } from '../jobs/job-queue.js';
import type { MailJob } from '../jobs/job-types.js';
import type { Models } from '../db/models.js';

function dedupeKey(mail: MailJob): string | undefined {
  switch (mail.mail) {
    case 'confirm':
      return `mail:confirm:${mail.confirmationId}`;
    case 'access-decision':
      return `mail:access.${mail.state}:${mail.requestId}`;
    // Each sign-up with a known address is answered (sign-up's own rate limit bounds them).
    case 'already-registered':
      return undefined;
  }
}

export class MailQueue {
  private readonly queue: JobQueue;

  constructor(models: Models) {
    this.queue = new JobQueue(models.Job);
  }

  async enqueue(mail: MailJob): Promise<void> {
    await this.queue.enqueue('send-mail', mail, { dedupeKey: dedupeKey(mail) });
  }
}
