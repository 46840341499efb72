/**
 * Which job types this worker handles, and with what. A worker leases only the types listed here,
 * so a job type without a handler yet simply waits for a worker that has one.
 */
import { createServices, type ServiceDeps, type Services } from '../../../server/src/services.js';
import { checkFixity } from './check-fixity.js';
import { endGrants } from './end-grants.js';
import { repairInterviewParts, sweepLogs, sweepUploads } from './housekeeping.js';
import { indexInterview } from './index-interview.js';
import { makeAccessCopies } from './make-access-copies.js';
import type { MediaJobDeps } from './media-job.js';
import { MediaRecords } from './media-records.js';
import { probeMedia } from './probe-media.js';
import { sendMail } from './send-mail.js';
import type { JobHandler, JobHandlers } from './runner.js';
import { testHandlers } from './test-handlers.js';
import { transcribe } from './transcribe.js';
import { verifyUpload } from './verify-upload.js';
import { WhisperEngine } from '../transcription/whisper-engine.js';

export type HandlerDeps = ServiceDeps;

/** Decisions of the last day whose mail is requeued (a no-op for every one already queued). */
const REQUEUE_MAIL_HOURS = 24;

const sweepSessions =
  ({ auth, readers, accessRequests }: Pick<Services, 'auth' | 'readers' | 'accessRequests'>): JobHandler<'sweep-sessions'> =>
  async ({ log }) => {
    const removed = await auth.sweep();
    // Confirmation links expire like sessions; accounts never confirmed go with them.
    const unconfirmed = await readers.sweep();
    // Hourly too: a decision whose mail an API instance died before queueing gets it now.
    const decisions = await accessRequests.requeueDecisionMails(new Date(Date.now() - REQUEUE_MAIL_HOURS * 3600_000));
    const closedByWithdrawal = await accessRequests.closeRequestsOfWithdrawn();
    log('expired sessions removed', { removed, unconfirmed, decisions, closedByWithdrawal });
    return { status: 'succeeded', result: { removedSessions: removed, removedUnconfirmed: unconfirmed, decisionMailsChecked: decisions, closedByWithdrawal } };
  };

export function createHandlers(deps: HandlerDeps, options: { testHandlers?: boolean } = {}): JobHandlers {
  // The API's own services, so a rule lives in one place; building them starts nothing (the search
  // index is only built by the API, which calls its start()).
  const services = createServices(deps);
  // The media handlers only enqueue the next step; leasing stays with the runner's own queue.
  const media: MediaJobDeps = { records: new MediaRecords(deps.models), storage: deps.storage, queue: services.jobs.queue, config: deps.config };
  const handlers: JobHandlers = {
    'sweep-sessions': sweepSessions(services),
    'verify-upload': verifyUpload(media),
    'probe-media': probeMedia(media),
    'make-access-copies': makeAccessCopies(media),
    'index-interview': indexInterview(deps.models),
    'sweep-uploads': sweepUploads(services.uploads, deps.storage),
    'check-fixity': checkFixity({ fixity: services.fixity, storage: deps.storage, bytesPerSecond: deps.config.fixity.bytesPerSecond }),
    'sweep-logs': sweepLogs(deps.models, services.audit),
    'repair-interview-parts': repairInterviewParts(deps.models),
    'send-mail': sendMail(services),
    'end-grants': endGrants(services),
    // Registered even without a model: a job queued then fails with words that say how to install one.
    transcribe: transcribe({ ...media, models: deps.models, transcripts: services.transcripts, transcriber: new WhisperEngine({ modelPath: deps.config.whisperModel }) }),
  };
  // Only the test suite starts workers with ARCHIVE_TEST_HANDLERS=1; see test-handlers.ts.
  return options.testHandlers ? { ...handlers, ...testHandlers(deps.models) } : handlers;
}
