import { Schema, type Types } from 'mongoose';

/**
 * The ids of one interview's transcripts and media records (`_id` = the interview's), so the read
 * path reaches them by `_id` (interview-parts.ts says why and how they are kept). A document of its
 * own, not fields of the interview: FerretDB 1.24 applies an update as read-then-write-back of the
 * whole document (docs/decisions/ferretdb-concurrency.md), so a list update racing an editor's
 * withdrawal on the interview document could undo the withdrawal.
 */
export interface InterviewPartsDoc {
  _id: Types.ObjectId;
  transcriptIds: Types.ObjectId[];
  mediaIds: Types.ObjectId[];
  /** The lists hold every record (set when the interview was created, or by the backfill); else read by interviewId. */
  complete?: boolean | null;
}

export const interviewPartsSchema = new Schema<InterviewPartsDoc>(
  {
    transcriptIds: { type: [Schema.Types.ObjectId], default: undefined },
    mediaIds: { type: [Schema.Types.ObjectId], default: undefined },
    complete: { type: Boolean },
  },
  { versionKey: false },
);
