import { Schema, type Types } from 'mongoose';
import { Role } from '../access/levels.js';
import { UI_LANGUAGES, type UiLanguage } from '../common/localized.js';

/** unconfirmed: signed up, e-mail not yet confirmed; cannot sign in (readers/). */
export const USER_STATUSES = ['active', 'disabled', 'unconfirmed'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export interface UserDoc {
  _id: Types.ObjectId;
  /** Stored lower-cased: the unique index is the duplicate check (FerretDB has no collation). */
  email: string;
  name: string;
  roles: Role[];
  status: UserStatus;
  passwordHash: string;
  lastSignInAt?: Date | null;
  /** The language of the site they signed up on: mails to them are written in it. */
  locale?: UiLanguage | null;
  /**
   * No grant of theirs is open after this (access-requests/: raised before every grant is written),
   * so a session need not read their grants once it has passed. Absent on users from before it:
   * their grants are read and it is written then.
   */
  grantsUntil?: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const userSchema = new Schema<UserDoc>(
  {
    email: { type: String, required: true, lowercase: true, trim: true },
    name: { type: String, required: true, trim: true },
    roles: { type: [String], enum: Object.values(Role), default: [] },
    status: { type: String, enum: USER_STATUSES, default: 'active' },
    passwordHash: { type: String, required: true },
    lastSignInAt: { type: Date, default: null },
    locale: { type: String, enum: UI_LANGUAGES, default: null },
    // A new user holds no grant.
    grantsUntil: { type: Date, default: () => new Date(0) },
    version: { type: Number, default: 1 },
  },
  { timestamps: true, versionKey: false },
);
userSchema.index({ email: 1 }, { unique: true });

export interface InvitationDoc {
  _id: Types.ObjectId;
  email: string;
  name: string;
  roles: Role[];
  tokenHash: string;
  invitedBy: Types.ObjectId;
  expiresAt: Date;
  acceptedAt?: Date | null;
  /** An admin took it back before it was used: it can no longer be accepted. */
  revokedAt?: Date | null;
  createdAt: Date;
}

export const invitationSchema = new Schema<InvitationDoc>(
  {
    email: { type: String, required: true, lowercase: true, trim: true },
    name: { type: String, required: true, trim: true },
    roles: { type: [String], enum: Object.values(Role), default: [] },
    tokenHash: { type: String, required: true },
    invitedBy: { type: Schema.Types.ObjectId, required: true },
    expiresAt: { type: Date, required: true },
    acceptedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
invitationSchema.index({ tokenHash: 1 }, { unique: true });
invitationSchema.index({ email: 1 });
