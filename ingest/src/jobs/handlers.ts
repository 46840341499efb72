/**
 * Which job types this worker handles, and with what. A worker leases only the types listed here,
 * so a job type without a handler yet simply waits for a worker that has one.
 */
import { AuthService } from '../../../server/src/auth/auth.service.js';
import type { Config } from '../../../server/src/config.js';
import type { Models } from '../../../server/src/db/models.js';
import { JobQueue } from '../../../server/src/jobs/job-queue.js';
import type { Storage } from '../../../server/src/storage/storage.js';
import { AuditService } from '../../../server/src/audit/audit.service.js';
import { InterviewService } from '../../../server/src/interviews/interview.service.js';
import { UploadService } from '../../../server/src/media/upload.service.js';
import { sweepUploads } from './housekeeping.js';
import { indexInterview } from './index-interview.js';
import { makeAccessCopies } from './make-access-copies.js';
import type { MediaJobDeps } from './media-job.js';
import { MediaRecords } from './media-records.js';
import { probeMedia } from './probe-media.js';
import type { JobHandler, JobHandlers } from './runner.js';
import { testHandlers } from './test-handlers.js';
import { transcribe } from './transcribe.js';
import { verifyUpload } from './verify-upload.js';
import { WhisperEngine } from '../transcription/whisper-engine.js';

export interface HandlerDeps {
  models: Models;
  config: Config;
  storage: Storage;
}

const sweepSessions =
  (auth: AuthService): JobHandler<'sweep-sessions'> =>
  async ({ log }) => {
    const removed = await auth.sweep();
    log('expired sessions removed', { removed });
    return { status: 'succeeded', result: { removedSessions: removed } };
  };

function uploadService(deps: HandlerDeps, queue: JobQueue) {
  const audit = new AuditService(deps.models);
  return new UploadService(deps.models, deps.storage, new InterviewService(deps.models, deps.storage, audit), queue, audit, deps.config);
}

export function createHandlers(deps: HandlerDeps, options: { testHandlers?: boolean } = {}): JobHandlers {
  // The media handlers only enqueue the next step; leasing stays with the runner's own queue.
  const media: MediaJobDeps = { records: new MediaRecords(deps.models), storage: deps.storage, queue: new JobQueue(deps.models.Job), config: deps.config };
  const handlers: JobHandlers = {
    'sweep-sessions': sweepSessions(new AuthService(deps.models, deps.config)),
    'verify-upload': verifyUpload(media),
    'probe-media': probeMedia(media),
    'make-access-copies': makeAccessCopies(media),
    'index-interview': indexInterview(deps.models),
    'sweep-uploads': sweepUploads(uploadService(deps, media.queue)),
    // Registered even without a model: a job queued then fails with words that say how to install one.
    transcribe: transcribe({ ...media, models: deps.models, transcriber: new WhisperEngine({ modelPath: deps.config.whisperModel }) }),
  };
  // Only the test suite starts workers with ARCHIVE_TEST_HANDLERS=1; see test-handlers.ts.
  return options.testHandlers ? { ...handlers, ...testHandlers(deps.models) } : handlers;
}
