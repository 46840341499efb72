import type { MediaAssetDoc } from '../interviews/media-asset.model.js';
import type { InterviewPartsDoc } from '../interviews/interview-parts.model.js';
import { MediaRepository } from '../media/media.repository.js';
import type { TranscriptDoc } from '../transcripts/transcript.model.js';
import { TranscriptRepository } from '../transcripts/transcript.repository.js';
import type { Models } from './models.js';
import { type Id, RecordLoader } from './record-loaders.js';

/**
 * An interview's transcripts or media records as stored now, for a job or a write outside any request
 * (no request's reads to share): the repositories the API reads with, so a job sees what a page sees,
 * through the interview's list (one `_id` lookup of the list and one per record, db/part-loader.ts),
 * where a filter on `interviewId` would scan and decode the whole collection on FerretDB
 * (docs/decisions/interview-parts.md). Callers pick what they need (a kind, a language, a status) from
 * the few records found. Fresh loaders each call: nothing read earlier is trusted.
 */
const lists = (models: Models) => new RecordLoader<InterviewPartsDoc>(models.InterviewParts);

export function transcriptsOf(models: Models, interviewId: Id): Promise<TranscriptDoc[]> {
  return new TranscriptRepository(models, lists(models)).ofInterview(interviewId);
}

export function mediaOf(models: Models, interviewId: Id): Promise<MediaAssetDoc[]> {
  return new MediaRepository(models, lists(models)).ofInterview(interviewId);
}
