import type { CollectionDoc } from '../collections/collection.model.js';
import type { InterviewPartsDoc } from '../interviews/interview-parts.model.js';
import { InterviewRepository } from '../interviews/interview.repository.js';
import { MediaRepository } from '../media/media.repository.js';
import { NarratorRepository } from '../narrators/narrator.repository.js';
import { TranscriptRepository } from '../transcripts/transcript.repository.js';
import type { UserDoc } from '../users/user.model.js';
import { VocabularyRepository } from '../vocabulary/vocabulary.repository.js';
import type { Models } from './models.js';
import { RecordLoader } from './record-loaders.js';

/**
 * The reads of one request (a GraphQL operation or an HTTP route), one repository per domain: each
 * record is read at most once per request whoever asks, and a relation costs one query per kind,
 * not one per parent. Made fresh per request (nothing outlives it); a caller outside any request (a
 * job, a script) makes its own for the work at hand. The repositories return raw documents; callers
 * still apply the access policy to what they show.
 */
export function createReads(models: Models) {
  // Each interview's list of its transcripts and media (interviews/interview-parts.ts), read once per request.
  const lists = new RecordLoader<InterviewPartsDoc>(models.InterviewParts);
  return {
    interviews: new InterviewRepository(models),
    media: new MediaRepository(models, lists),
    transcripts: new TranscriptRepository(models, lists),
    narrators: new NarratorRepository(models),
    terms: new VocabularyRepository(models),
    collections: new RecordLoader<CollectionDoc>(models.Collection),
    users: new RecordLoader<UserDoc>(models.User),
  };
}

export type Reads = ReturnType<typeof createReads>;
