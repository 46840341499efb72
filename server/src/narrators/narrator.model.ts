import { Schema, type Types } from 'mongoose';
import { type Localized, localizedSchema } from '../common/localized.js';

export const NARRATOR_ROLES = [
  'war_veteran',
  'labour_veteran',
  'diaspora_elder',
  'public_figure',
  'community_leader',
  'witness',
] as const;
export type NarratorRole = (typeof NARRATOR_ROLES)[number];

export interface NameVariant {
  value: string;
  /** ISO 15924: Cyrl, Latn, Hang, Arab … */
  script: string;
  /** Language of the spelling (kk, ru, en, ko …), if known. */
  lang?: string | null;
}

export interface NarratorDoc {
  _id: Types.ObjectId;
  names: NameVariant[];
  /** The preferred display name per interface language. */
  displayName: Localized;
  birthYear?: number | null;
  birthPlace?: string | null;
  birthPlaceTermId?: Types.ObjectId | null;
  /** Ethnic identity in the narrator's own words. */
  ethnicIdentity?: string | null;
  /** The narrator agreed that birth year, birthplace and ethnic identity be shown to the public. */
  detailsPublic?: boolean;
  ethnicGroupIds: Types.ObjectId[];
  roles: NarratorRole[];
  biography: Localized;
  portraitKey?: string | null;
  /** Personal data: staff only. */
  contact?: { phone?: string | null; email?: string | null; address?: string | null } | null;
  notes?: string | null;
  createdBy: Types.ObjectId;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const narratorSchema = new Schema<NarratorDoc>(
  {
    names: {
      type: [new Schema<NameVariant>({ value: { type: String, required: true }, script: String, lang: String }, { _id: false })],
      default: [],
    },
    displayName: { type: localizedSchema, required: true },
    birthYear: { type: Number, default: null },
    birthPlace: { type: String, default: null },
    birthPlaceTermId: { type: Schema.Types.ObjectId, default: null },
    ethnicIdentity: { type: String, default: null },
    detailsPublic: { type: Boolean, default: false },
    ethnicGroupIds: { type: [Schema.Types.ObjectId], default: [] },
    roles: { type: [String], enum: NARRATOR_ROLES, default: [] },
    biography: { type: localizedSchema, default: () => ({}) },
    portraitKey: { type: String, default: null },
    contact: {
      type: new Schema({ phone: String, email: String, address: String }, { _id: false }),
      default: null,
    },
    notes: { type: String, default: null },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, default: 1 },
  },
  { timestamps: true, versionKey: false },
);
narratorSchema.index({ ethnicGroupIds: 1 });
