import { Schema, type Types } from 'mongoose';
import { keepListedOnInterview } from '../interviews/interview-parts.js';
import { AccessLevel } from '../access/levels.js';

export const TRANSCRIPT_STATUSES = ['automatic', 'corrected', 'approved'] as const;
export type TranscriptStatus = (typeof TRANSCRIPT_STATUSES)[number];

export interface SegmentDoc {
  _id: Types.ObjectId;
  /** Seconds from the start of the recording. */
  start: number;
  end: number;
  speaker?: string | null;
  text: string;
  /** A restricted passage (named in the release); null = as the interview. */
  accessLevel?: AccessLevel | null;
}

export interface TranscriptDoc {
  _id: Types.ObjectId;
  interviewId: Types.ObjectId;
  /** The language spoken, never a translation. */
  language: string;
  status: TranscriptStatus;
  source: 'whisper' | 'import' | 'manual';
  segments: SegmentDoc[];
  approvedBy?: Types.ObjectId | null;
  approvedAt?: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const segmentSchema = new Schema<SegmentDoc>({
  start: { type: Number, required: true, min: 0 },
  end: { type: Number, required: true, min: 0 },
  speaker: { type: String, default: null },
  text: { type: String, default: '' },
  accessLevel: { type: String, enum: [...Object.values(AccessLevel), null], default: null },
});

export const transcriptSchema = new Schema<TranscriptDoc>(
  {
    interviewId: { type: Schema.Types.ObjectId, required: true },
    language: { type: String, required: true },
    status: { type: String, enum: TRANSCRIPT_STATUSES, default: 'automatic' },
    source: { type: String, enum: ['whisper', 'import', 'manual'], default: 'manual' },
    segments: { type: [segmentSchema], default: [] },
    approvedBy: { type: Schema.Types.ObjectId, default: null },
    approvedAt: { type: Date, default: null },
    version: { type: Number, default: 1 },
  },
  { timestamps: true, versionKey: false },
);
transcriptSchema.index({ interviewId: 1, language: 1 }, { unique: true });
// Its interview lists its id (the read path's way to it on FerretDB).
keepListedOnInterview(transcriptSchema, 'transcriptIds');

/** One saved change of a transcript: who, when, and the segments before and after. */
export interface TranscriptRevisionDoc {
  _id: Types.ObjectId;
  transcriptId: Types.ObjectId;
  interviewId: Types.ObjectId;
  /** The transcript version this revision produced. */
  version: number;
  by: Types.ObjectId;
  at: Date;
  summary: string;
  changes: { segmentId: Types.ObjectId; before?: Partial<SegmentDoc> | null; after?: Partial<SegmentDoc> | null }[];
}

export const transcriptRevisionSchema = new Schema<TranscriptRevisionDoc>(
  {
    transcriptId: { type: Schema.Types.ObjectId, required: true },
    interviewId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    by: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
    summary: { type: String, default: '' },
    changes: {
      type: [
        new Schema(
          { segmentId: Schema.Types.ObjectId, before: Schema.Types.Mixed, after: Schema.Types.Mixed },
          { _id: false },
        ),
      ],
      default: [],
    },
  },
  { versionKey: false },
);
transcriptRevisionSchema.index({ transcriptId: 1, version: 1 }, { unique: true });
