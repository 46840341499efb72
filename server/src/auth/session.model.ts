import { Schema, type Types } from 'mongoose';

/** A server-side session; the cookie holds a random token, the database only its keyed hash. */
export interface SessionDoc {
  _id: Types.ObjectId;
  tokenHash: string;
  userId: Types.ObjectId;
  createdAt: Date;
  expiresAt: Date;
}

export const sessionSchema = new Schema<SessionDoc>(
  {
    tokenHash: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
sessionSchema.index({ tokenHash: 1 }, { unique: true });
sessionSchema.index({ userId: 1 });
sessionSchema.index({ expiresAt: 1 });

/** Failed sign-ins per e-mail and per address, in a fixed window (kept in the database so every API instance counts them). */
export interface SignInAttemptDoc {
  _id: Types.ObjectId;
  key: string;
  windowStart: Date;
  failures: number;
}

export const signInAttemptSchema = new Schema<SignInAttemptDoc>(
  {
    key: { type: String, required: true },
    windowStart: { type: Date, required: true },
    failures: { type: Number, default: 0 },
  },
  { versionKey: false },
);
signInAttemptSchema.index({ key: 1 }, { unique: true });
