import { Schema, type Types } from 'mongoose';

/**
 * A claim on one version of one record (common/concurrency.ts): `_id` is "collection:id:version".
 * It is also the save's note of intent: the save's audit record removes it (AuditService.record with
 * the version written), so one still there after its write names a save whose audit record and
 * change-log entry may be missing (audit/unsettled-saves.ts).
 */
export interface EditClaimDoc {
  _id: string;
  at: Date;
  /** The model's name, which is also the audit target's type; absent on claims written before it was kept. */
  model?: string;
  targetId?: Types.ObjectId;
  /** The version claimed: the save writes version + 1. */
  version?: number;
  /** Its save's audit record is in (settleSave). */
  settled?: boolean;
}

export const editClaimSchema = new Schema<EditClaimDoc>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    model: { type: String },
    targetId: { type: Schema.Types.ObjectId },
    version: { type: Number },
    settled: { type: Boolean },
  },
  { versionKey: false },
);
editClaimSchema.index({ at: 1 });
