import { Schema, type Types } from 'mongoose';

export interface AuditEventDoc {
  _id: Types.ObjectId;
  actorId?: Types.ObjectId | null;
  /** e.g. interview.update, transcript.approve, user.invite */
  action: string;
  targetType: string;
  targetId: Types.ObjectId;
  at: Date;
  /** Only the fields that changed, before and after. */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export const auditEventSchema = new Schema<AuditEventDoc>(
  {
    actorId: { type: Schema.Types.ObjectId, default: null },
    action: { type: String, required: true },
    targetType: { type: String, required: true },
    targetId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: null },
  },
  { versionKey: false },
);
auditEventSchema.index({ targetType: 1, targetId: 1, at: -1 });
auditEventSchema.index({ actorId: 1, at: -1 });
