import { Schema, type Types } from 'mongoose';

/**
 * A one-time link that confirms a reader's e-mail address. The link carries a token derived from this
 * record's id with SESSION_SECRET (auth/tokens.ts confirmationToken, so the mail job can write it);
 * the database holds only its keyed hash (like sessions), so a copy of the database confirms nobody.
 * Expiry is checked in code and swept by the housekeeping job (FerretDB has no TTL index).
 */
export interface EmailConfirmationDoc {
  _id: Types.ObjectId;
  tokenHash: string;
  userId: Types.ObjectId;
  expiresAt: Date;
  usedAt: Date | null;
  createdAt: Date;
}

export const emailConfirmationSchema = new Schema<EmailConfirmationDoc>(
  {
    tokenHash: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    createdAt: { type: Date, default: () => new Date() },
  },
  { versionKey: false },
);
emailConfirmationSchema.index({ tokenHash: 1 }, { unique: true });
emailConfirmationSchema.index({ userId: 1 });
emailConfirmationSchema.index({ expiresAt: 1 });
