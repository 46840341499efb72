import { Schema, type Types } from 'mongoose';
import { type Localized, localizedSchema } from '../common/localized.js';

export const TERM_KINDS = ['ethnic_group', 'era', 'place', 'topic'] as const;
export type TermKind = (typeof TERM_KINDS)[number];

export interface VocabularyTermDoc {
  _id: Types.ObjectId;
  kind: TermKind;
  /** Stable slug, e.g. `koreans`, `deportation-1937`. */
  key: string;
  labels: Localized;
  /** Other spellings and scripts: Qazaq, Казах, Kazak, Koryo-saram, Алма-Ата … */
  altLabels: string[];
  parentId?: Types.ObjectId | null;
  startYear?: number | null;
  endYear?: number | null;
  latitude?: number | null;
  longitude?: number | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const vocabularyTermSchema = new Schema<VocabularyTermDoc>(
  {
    kind: { type: String, enum: TERM_KINDS, required: true },
    key: { type: String, required: true, trim: true },
    labels: { type: localizedSchema, required: true },
    altLabels: { type: [String], default: [] },
    parentId: { type: Schema.Types.ObjectId, ref: 'VocabularyTerm', default: null },
    startYear: { type: Number, default: null },
    endYear: { type: Number, default: null },
    latitude: { type: Number, default: null },
    longitude: { type: Number, default: null },
    version: { type: Number, default: 1 },
  },
  { timestamps: true, versionKey: false },
);
vocabularyTermSchema.index({ key: 1 }, { unique: true });
vocabularyTermSchema.index({ kind: 1 });
