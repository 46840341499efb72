import { Schema, type Types } from 'mongoose';

/**
 * A server-side session; the cookie holds a random token, the database only its keyed hash, and the
 * `_id` is derived from that hash (auth/token-records.ts: one `_id` read per signed-in request).
 */
export interface SessionDoc {
  _id: Types.ObjectId;
  tokenHash: string;
  userId: Types.ObjectId;
  createdAt: Date;
  expiresAt: Date;
  /** When it was last used, to the nearest step of AuthService (not every request writes it). */
  lastUsedAt?: Date;
}

export const sessionSchema = new Schema<SessionDoc>(
  {
    tokenHash: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    lastUsedAt: { type: Date },
  },
  { versionKey: false },
);
sessionSchema.index({ tokenHash: 1 }, { unique: true });
sessionSchema.index({ userId: 1 });
sessionSchema.index({ expiresAt: 1 });

/**
 * One document per sign-in attempt, counted before the password is checked (kept in the database so
 * every API instance counts them). `_id` is "key|window|n", the n-th attempt of that e-mail or
 * address in that fixed window: an insert into a unique index is atomic on MongoDB and FerretDB
 * alike (docs/decisions/ferretdb-concurrency.md), so a parallel burst can claim at most the limit.
 */
export interface SignInAttemptDoc {
  _id: string;
  key: string;
  /** Number of the fixed window: floor(time / window length). */
  window: number;
  at: Date;
}

export const signInAttemptSchema = new Schema<SignInAttemptDoc>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    window: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
signInAttemptSchema.index({ key: 1, window: 1 });
signInAttemptSchema.index({ at: 1 });
