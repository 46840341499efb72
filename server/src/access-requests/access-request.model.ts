import { Schema, type Types } from 'mongoose';
import { AccessLevel } from '../access/levels.js';

/** requested → granted (until a date) → ended; or requested → refused. */
export const REQUEST_STATES = ['requested', 'granted', 'refused', 'ended'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** A restricted passage (transcript segment) or chapter (index segment) asked for, rather than the whole interview. */
export interface RequestedPart {
  kind: 'segment' | 'chapter';
  id: Types.ObjectId;
  start: number;
}

export interface AccessRequestDoc {
  _id: Types.ObjectId;
  requesterId: Types.ObjectId;
  interviewId: Types.ObjectId;
  /** Null: the whole interview. A grant opens the interview at the part's level (its recording is cut per level). */
  part: RequestedPart | null;
  /** The clearance the requester needs to see the interview: the one a grant gives. */
  level: AccessLevel;
  purpose: string;
  institution: string | null;
  days: number;
  state: RequestState;
  decidedBy: Types.ObjectId | null;
  decidedAt: Date | null;
  /** Told to the requester when refused or ended early. */
  reason: string | null;
  /**
   * Who closed a request other than by its date: an editor ending a grant, or the interview's
   * withdrawal (end-grants job), which ends its grants and refuses its requests still waiting.
   */
  endedBy: 'editor' | 'withdrawal' | null;
  grantedUntil: Date | null;
  /** Granted material is for viewing; exports of it only when the editor ticks this. */
  mayDownload: boolean;
  createdAt: Date;
}

export const accessRequestSchema = new Schema<AccessRequestDoc>({
  requesterId: { type: Schema.Types.ObjectId, required: true },
  interviewId: { type: Schema.Types.ObjectId, required: true },
  part: {
    type: new Schema<RequestedPart>({ kind: { type: String, enum: ['segment', 'chapter'], required: true }, id: { type: Schema.Types.ObjectId, required: true }, start: { type: Number, required: true } }, { _id: false }),
    default: null,
  },
  level: { type: String, enum: Object.values(AccessLevel), required: true },
  purpose: { type: String, required: true },
  institution: { type: String, default: null },
  days: { type: Number, required: true },
  state: { type: String, enum: REQUEST_STATES, default: 'requested' },
  decidedBy: { type: Schema.Types.ObjectId, default: null },
  decidedAt: { type: Date, default: null },
  reason: { type: String, default: null },
  endedBy: { type: String, enum: ['editor', 'withdrawal', null], default: null },
  grantedUntil: { type: Date, default: null },
  mayDownload: { type: Boolean, default: false },
  createdAt: { type: Date, default: () => new Date() },
});
// A session's grants are read by requester while one may be open (grantsOf, user.grantsUntil); the editors' queue is newest first.
accessRequestSchema.index({ requesterId: 1, state: 1 });
accessRequestSchema.index({ state: 1, createdAt: -1 });
// The queue filtered by interview; the withdrawal's end-grants job finds an interview's open grants.
accessRequestSchema.index({ interviewId: 1, state: 1, createdAt: -1 });
