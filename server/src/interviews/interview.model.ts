import { Schema, type Types } from 'mongoose';
import { AccessLevel } from '../access/levels.js';
import type { WorkflowStatus } from '../access/policy.js';
import { type Localized, localizedSchema } from '../common/localized.js';
import { startPartsList } from './interview-parts.js';

export const WORKFLOW_STATUSES = ['draft', 'in_review', 'published'] as const;

/** What the narrator's signed release says. No release subdocument = none recorded yet. */
export interface ReleaseDoc {
  documentKey?: string | null;
  documentName?: string | null;
  signedOn?: Date | null;
  /** The most open access level the narrator allows. */
  permits: AccessLevel;
  restrictions?: string | null;
  embargoUntil?: Date | null;
  withdrawn: boolean;
  withdrawnAt?: Date | null;
  withdrawnReason?: string | null;
}

/** An OHMS-style chapter. */
export interface IndexSegmentDoc {
  _id: Types.ObjectId;
  start: number;
  end?: number | null;
  title: Localized;
  synopsis: Localized;
  keywords: string[];
  subjectIds: Types.ObjectId[];
  placeTermId?: Types.ObjectId | null;
  accessLevel?: AccessLevel | null;
}

export interface InterviewerDoc {
  name: string;
  userId?: Types.ObjectId | null;
}

export interface InterviewDoc {
  _id: Types.ObjectId;
  title: Localized;
  summary: Localized;
  narratorIds: Types.ObjectId[];
  interviewers: InterviewerDoc[];
  recordedOn?: Date | null;
  place?: string | null;
  placeTermId?: Types.ObjectId | null;
  /** BCP 47 primary tags: kk, ru, en, ug, ko … */
  languages: string[];
  durationSeconds?: number | null;
  tagIds: Types.ObjectId[];
  indexSegments: IndexSegmentDoc[];
  release?: ReleaseDoc | null;
  accessLevel: AccessLevel;
  status: WorkflowStatus;
  provenance: {
    uploadedBy?: Types.ObjectId | null;
    uploadedAt?: Date | null;
    sha256?: string | null;
    device?: string | null;
    notes?: string | null;
  };
  createdBy: Types.ObjectId;
  /** When an editor last took it out of publication (null while published or never published). */
  unpublishedAt?: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const releaseSchema = new Schema<ReleaseDoc>(
  {
    documentKey: { type: String, default: null },
    documentName: { type: String, default: null },
    signedOn: { type: Date, default: null },
    permits: { type: String, enum: Object.values(AccessLevel), required: true },
    restrictions: { type: String, default: null },
    embargoUntil: { type: Date, default: null },
    withdrawn: { type: Boolean, default: false },
    withdrawnAt: { type: Date, default: null },
    withdrawnReason: { type: String, default: null },
  },
  { _id: false },
);

const indexSegmentSchema = new Schema<IndexSegmentDoc>({
  start: { type: Number, required: true, min: 0 },
  end: { type: Number, default: null },
  title: { type: localizedSchema, default: () => ({}) },
  synopsis: { type: localizedSchema, default: () => ({}) },
  keywords: { type: [String], default: [] },
  subjectIds: { type: [Schema.Types.ObjectId], default: [] },
  placeTermId: { type: Schema.Types.ObjectId, default: null },
  accessLevel: { type: String, enum: [...Object.values(AccessLevel), null], default: null },
});

export const interviewSchema = new Schema<InterviewDoc>(
  {
    title: { type: localizedSchema, required: true },
    summary: { type: localizedSchema, default: () => ({}) },
    narratorIds: { type: [Schema.Types.ObjectId], default: [] },
    interviewers: {
      type: [new Schema<InterviewerDoc>({ name: { type: String, required: true }, userId: Schema.Types.ObjectId }, { _id: false })],
      default: [],
    },
    recordedOn: { type: Date, default: null },
    place: { type: String, default: null },
    placeTermId: { type: Schema.Types.ObjectId, default: null },
    languages: { type: [String], default: [] },
    durationSeconds: { type: Number, default: null },
    tagIds: { type: [Schema.Types.ObjectId], default: [] },
    indexSegments: { type: [indexSegmentSchema], default: [] },
    release: { type: releaseSchema, default: null },
    accessLevel: { type: String, enum: Object.values(AccessLevel), default: AccessLevel.private },
    status: { type: String, enum: WORKFLOW_STATUSES, default: 'draft' },
    provenance: {
      type: new Schema(
        { uploadedBy: Schema.Types.ObjectId, uploadedAt: Date, sha256: String, device: String, notes: String },
        { _id: false },
      ),
      default: () => ({}),
    },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    unpublishedAt: { type: Date, default: null },
    version: { type: Number, default: 1 },
  },
  { timestamps: true, versionKey: false },
);
// A new interview's (empty) list of transcripts and media records (interview-parts.ts).
startPartsList(interviewSchema);
interviewSchema.index({ status: 1, accessLevel: 1 });
interviewSchema.index({ narratorIds: 1 });
interviewSchema.index({ tagIds: 1 });
interviewSchema.index({ createdBy: 1 });
