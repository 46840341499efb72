import { GroupLoader, type Id, RecordLoader } from '../db/record-loaders.js';
import type { Models } from '../db/models.js';
import type { TranscriptDoc } from './transcript.model.js';

/**
 * One request's reads of transcripts: an interview's transcripts are read once per request, for the
 * page's fields, the restriction rules that choose a media copy, and the captions route alike.
 */
export class TranscriptRepository {
  private readonly byInterview: GroupLoader<TranscriptDoc>;
  private readonly records: RecordLoader<TranscriptDoc>;

  constructor(models: Models) {
    this.byInterview = new GroupLoader<TranscriptDoc>(models.Transcript, 'interviewId');
    this.records = new RecordLoader<TranscriptDoc>(models.Transcript);
  }

  ofInterview(interviewId: Id): Promise<TranscriptDoc[]> {
    return this.byInterview.get(interviewId);
  }

  get(id: Id): Promise<TranscriptDoc | null> {
    return this.records.get(id);
  }

  /** For a write: the stored document now. */
  fresh(id: Id): Promise<TranscriptDoc | null> {
    return this.records.fresh(id);
  }

  /** After a write: later reads in this request (the transcript, its interview's list) see it. */
  saved(doc: TranscriptDoc): void {
    this.records.saved(doc);
    this.byInterview.forget(doc.interviewId);
  }
}
