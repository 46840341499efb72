/**
 * What the worker does with mail, in-process: runs the queued 'send-mail' (and 'end-grants') jobs of
 * a test archive until none is left, through the archive's own Mailer (the outbox) or one given.
 */
import { JobQueue } from '../../server/src/jobs/job-queue.js';
import type { Mailer } from '../../server/src/mail/mailer.js';
import { endGrants } from '../../ingest/src/jobs/end-grants.js';
import { JobRunner, type JobHandlers } from '../../ingest/src/jobs/runner.js';
import { sendMail } from '../../ingest/src/jobs/send-mail.js';
import type { TestArchive } from './archive.js';
import { waitUntil } from './worker-process.js';

export async function deliverMail(archive: TestArchive, options: { mailer?: Mailer; timeoutMs?: number } = {}): Promise<void> {
  const { services } = archive.api;
  const handlers: JobHandlers = {
    'end-grants': endGrants(services),
    'send-mail': sendMail({ ...services, mailer: options.mailer ?? services.mailer }),
  };
  // Retries a few milliseconds apart: the backoff's doubling is the queue's, tested on its own.
  const queue = new JobQueue(archive.db.models.Job, { retryBaseMs: 2, retryMaxMs: 10 });
  const runner = new JobRunner(queue, handlers, { workerId: 'test-mail', leaseMs: 10_000, idleMinMs: 5, idleMaxMs: 20, log: () => {} });
  const running = runner.run();
  try {
    await waitUntil(
      'the mail jobs to end',
      async () => (await archive.db.models.Job.countDocuments({ type: { $in: Object.keys(handlers) }, state: { $in: ['queued', 'running'] } })) === 0,
      options.timeoutMs ?? 20_000,
    );
  } finally {
    await runner.stop();
    await running;
  }
}
