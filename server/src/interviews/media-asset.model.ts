import { Schema, type Types } from 'mongoose';
import { keepListedOnInterview } from './interview-parts.js';

export const MEDIA_KINDS = ['master', 'access_audio', 'access_video', 'waveform', 'release_document'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];
export const MEDIA_STATUSES = ['uploading', 'verifying', 'ready', 'failed'] as const;
/** A fixity check's verdict: the stored bytes hash to the recorded SHA-256, differ, or are gone. */
export const FIXITY_STATUSES = ['ok', 'mismatch', 'missing'] as const;
export type FixityStatus = (typeof FIXITY_STATUSES)[number];

export interface FixityDoc {
  checkedAt: Date;
  status: FixityStatus;
  /** What the stored bytes hash to when that is not the recorded SHA-256 (null when ok or missing). */
  foundSha256?: string | null;
}

/** A file in storage. Masters are kept as received; access copies are derived and regenerable. */
export interface MediaAssetDoc {
  _id: Types.ObjectId;
  interviewId: Types.ObjectId;
  kind: MediaKind;
  key: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256?: string | null;
  status: (typeof MEDIA_STATUSES)[number];
  error?: string | null;
  durationSeconds?: number | null;
  derivedFromId?: Types.ObjectId | null;
  /** While uploading: the multipart upload in storage and how the file is cut into parts. */
  upload?: { uploadId: string; partSize: number; partCount: number; startedAt: Date } | null;
  /** The SHA-256 the uploader declared, compared with the one computed from the stored bytes. */
  declaredSha256?: string | null;
  /** What ffprobe found: container, codecs, channels, sample rate, picture size. */
  probe?: Record<string, unknown> | null;
  /**
   * Access copies and waveforms: the audience a copy was cut for ('full' = nothing silenced) and the
   * fingerprint of the ranges it silences (access/withheld.ts); it is served only while that equals
   * the fingerprint of the current restrictions for the viewer's audience.
   */
  audience?: string | null;
  restrictionsFingerprint?: string | null;
  /** Masters: a recording added to a published interview plays to staff only until an editor approves it. */
  awaitingReview?: boolean | null;
  /** The latest fixity check (ingest/src/jobs/check-fixity.ts); null until the first. */
  fixity?: FixityDoc | null;
  createdBy: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export const mediaAssetSchema = new Schema<MediaAssetDoc>(
  {
    interviewId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: MEDIA_KINDS, required: true },
    key: { type: String, required: true },
    fileName: { type: String, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true, min: 0 },
    sha256: { type: String, default: null },
    status: { type: String, enum: MEDIA_STATUSES, default: 'uploading' },
    error: { type: String, default: null },
    durationSeconds: { type: Number, default: null },
    derivedFromId: { type: Schema.Types.ObjectId, default: null },
    upload: {
      type: new Schema({ uploadId: String, partSize: Number, partCount: Number, startedAt: Date }, { _id: false }),
      default: null,
    },
    declaredSha256: { type: String, default: null },
    probe: { type: Schema.Types.Mixed, default: null },
    audience: { type: String, default: null },
    restrictionsFingerprint: { type: String, default: null },
    awaitingReview: { type: Boolean, default: null },
    fixity: {
      type: new Schema({ checkedAt: Date, status: { type: String, enum: FIXITY_STATUSES }, foundSha256: String }, { _id: false }),
      default: null,
    },
    createdBy: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true, versionKey: false },
);
mediaAssetSchema.index({ interviewId: 1 });
// Its interview lists its id (the read path's way to it on FerretDB).
keepListedOnInterview(mediaAssetSchema, 'mediaIds');
mediaAssetSchema.index({ key: 1 }, { unique: true });
mediaAssetSchema.index({ 'fixity.checkedAt': 1 });
