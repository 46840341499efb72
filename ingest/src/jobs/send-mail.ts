/**
 * 'send-mail': writes the mail from what is true now (MailComposer) and hands it to the Mailer.
 * A failure is thrown, so the runner retries it with backoff; the last failure is kept in the job's
 * error and written to the audit trail of what the mail was about (the request, the account), so an
 * editor sees that the requester was not told.
 *
 * Sent once: the job is named by its event (mail-queue.ts), a finished job never runs again, and a
 * failed attempt sent nothing. Only a worker that stalls past its lease after the server took the
 * message can send it twice (at least once: SMTP offers no way to ask "did you get it?").
 */
import { SYSTEM } from '../../../server/src/access/actor.js';
import type { AuditService } from '../../../server/src/audit/audit.service.js';
import { errorMessage } from '../../../server/src/jobs/job-lease.js';
import type { MailComposer } from '../../../server/src/mail/mail-composer.js';
import type { Mailer } from '../../../server/src/mail/mailer.js';
import type { JobHandler } from './runner.js';

export const sendMail =
  ({ mailer, mailComposer, audit }: { mailer: Mailer; mailComposer: MailComposer; audit: AuditService }): JobHandler<'send-mail'> =>
  async ({ payload, job, log }) => {
    const composed = await mailComposer.compose(payload);
    if ('skip' in composed) return { status: 'skipped', reason: composed.skip };
    try {
      await mailer.send(composed.message);
    } catch (err) {
      if (job.attempt >= job.maxAttempts) {
        await audit
          .record(SYSTEM, 'mail.failed', composed.about, { after: { kind: composed.message.kind, attempts: job.attempt, error: errorMessage(err) } })
          .catch((auditErr: unknown) => log('could not audit the failed mail', { error: errorMessage(auditErr) }));
      }
      throw err;
    }
    log('mail sent', { kind: composed.message.kind });
    return { status: 'succeeded', result: { kind: composed.message.kind } };
  };
