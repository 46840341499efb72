import { Schema, type Types } from 'mongoose';

/**
 * One entry of the change log that every API instance tails (search and the anonymous cache follow
 * it). Entry n has the _id `entryId(n)` (change-log.ts): FerretDB's SQLite backend answers only an
 * ObjectId `_id` equality from an index (a range or any other field is a full scan, measured in
 * docs/decisions/read-cache.md), so the log is read one known _id at a time.
 */
export interface SearchChangeDoc {
  _id: Types.ObjectId;
  /** Position in the log, dense from 1; the head document (seq 0 in HEAD_ID) holds a hint of the last. */
  seq: number;
  kind?: string;
  targetId?: Types.ObjectId;
  at: Date;
}

export const searchChangeSchema = new Schema<SearchChangeDoc>(
  {
    seq: { type: Number, required: true },
    kind: { type: String },
    targetId: { type: Schema.Types.ObjectId },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
// The sweep's filter (and MongoDB's planner for it); polling reads by _id.
searchChangeSchema.index({ at: 1 });
searchChangeSchema.index({ seq: 1 });

/** Where one API instance has read the log up to; the sweep keeps what the slowest live one still needs. */
export interface SearchReaderDoc {
  _id: Types.ObjectId;
  position: number;
  seenAt: Date;
}

export const searchReaderSchema = new Schema<SearchReaderDoc>(
  {
    position: { type: Number, required: true },
    seenAt: { type: Date, required: true },
  },
  { versionKey: false },
);
