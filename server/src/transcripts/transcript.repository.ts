import { PartLoader } from '../db/part-loader.js';
import type { Models } from '../db/models.js';
import type { InterviewPartsDoc } from '../interviews/interview-parts.model.js';
import type { Id, RecordLoader } from '../db/record-loaders.js';
import type { TranscriptDoc } from './transcript.model.js';

/**
 * One request's reads of transcripts: an interview's transcripts are read once per request, for the
 * page's fields, the restriction rules that choose a media copy, and the captions route alike, by
 * the ids its interview's list holds (db/part-loader.ts).
 */
export class TranscriptRepository {
  private readonly parts: PartLoader<TranscriptDoc>;

  constructor(models: Models, lists: RecordLoader<InterviewPartsDoc>) {
    this.parts = new PartLoader<TranscriptDoc>(models.Transcript, 'transcriptIds', lists);
  }

  ofInterview(interviewId: Id): Promise<TranscriptDoc[]> {
    return this.parts.ofInterview(interviewId);
  }

  get(id: Id): Promise<TranscriptDoc | null> {
    return this.parts.records.get(id);
  }

  /** For a write: the stored document now. */
  fresh(id: Id): Promise<TranscriptDoc | null> {
    return this.parts.records.fresh(id);
  }

  /** After a write: later reads in this request (the transcript, its interview's list) see it. */
  saved(doc: TranscriptDoc): void {
    this.parts.records.saved(doc);
    this.parts.changed(doc.interviewId);
  }
}
