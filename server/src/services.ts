import { AccessRequestService } from './access-requests/access-request.service.js';
import { AuditService } from './audit/audit.service.js';
import { AuthService } from './auth/auth.service.js';
import { MailComposer } from './mail/mail-composer.js';
import { createMailer } from './mail/mailer.js';
import { ReaderService } from './readers/reader.service.js';
import { ClassLinkService } from './class-links/class-link.service.js';
import { ExportService } from './exports/export.service.js';
import { CopySchedule } from './media/copy-schedule.js';
import { RecordingReview } from './media/recording-review.service.js';
import { UploadService } from './media/upload.service.js';
import { SearchIndex } from './search/search-index.js';
import { CollectionImageService } from './collections/collection-image.service.js';
import { CollectionService } from './collections/collection.service.js';
import { InterviewService } from './interviews/interview.service.js';
import { JobService } from './jobs/job.service.js';
import type { Config } from './config.js';
import type { Models } from './db/models.js';
import { FixityService } from './preservation/fixity.service.js';
import { NarratorService } from './narrators/narrator.service.js';
import type { Storage } from './storage/storage.js';
import { TranscriptService } from './transcripts/transcript.service.js';
import { UserService } from './users/user.service.js';
import { VocabularyService } from './vocabulary/vocabulary.service.js';

export interface ServiceDeps {
  models: Models;
  config: Config;
  storage: Storage;
}

/**
 * One instance of each service per process (the API, and the worker's job handlers); per-request
 * state lives in the context. Only objects are built here: nothing connects, polls or reads, so a
 * worker that needs a few services pays for no more (the API itself starts the search index).
 */
export function createServices({ models, config, storage }: ServiceDeps) {
  const audit = new AuditService(models);
  const mailer = createMailer(config, models);
  const accessRequests = new AccessRequestService(models, audit, config.maxGrantDays);
  const interviews = new InterviewService(models, storage, audit);
  const vocabulary = new VocabularyService(models, audit);
  const jobs = new JobService(models, audit);
  const exports = new ExportService(models, storage, interviews);
  const collections = new CollectionService(models, audit, storage);
  const auth = new AuthService(models, config, accessRequests);
  return {
    audit,
    accessRequests,
    auth,
    mailer,
    readers: new ReaderService(models, config, audit, auth),
    mailComposer: new MailComposer(models, config),
    users: new UserService(models, config, audit),
    vocabulary,
    narrators: new NarratorService(models, audit, vocabulary),
    interviews,
    exports,
    jobs,
    search: new SearchIndex(models),
    fixity: new FixityService(models, audit),
    uploads: new UploadService(models, storage, interviews, jobs.queue, audit, config),
    recordingReview: new RecordingReview(models, interviews, audit),
    transcripts: new TranscriptService(models, audit, new CopySchedule(models, storage)),
    collections,
    collectionImages: new CollectionImageService(models, storage, collections, audit, config),
    classLinks: new ClassLinkService(models, config, audit, collections, exports),
  };
}

export type Services = ReturnType<typeof createServices>;
