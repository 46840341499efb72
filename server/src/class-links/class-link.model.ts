import { Schema, type Types } from 'mongoose';

/**
 * A link that lets a class open one lesson without accounts. The URL holds a random token; the
 * database keeps only its keyed hash (as sessions do), so a copy of the database opens no lesson.
 */
export interface ClassLinkDoc {
  _id: Types.ObjectId;
  collectionId: Types.ObjectId;
  tokenHash: string;
  createdBy: Types.ObjectId;
  createdAt: Date;
  expiresAt: Date;
  revokedAt?: Date | null;
}

export const classLinkSchema = new Schema<ClassLinkDoc>(
  {
    collectionId: { type: Schema.Types.ObjectId, required: true },
    tokenHash: { type: String, required: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
  },
  { versionKey: false },
);
classLinkSchema.index({ tokenHash: 1 }, { unique: true });
classLinkSchema.index({ collectionId: 1, createdAt: -1 });
