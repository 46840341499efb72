import { Schema, type Types } from 'mongoose';
import { type Localized, localizedSchema } from '../common/localized.js';

export const BLOCK_TYPES = ['text', 'clip', 'quote', 'image'] as const;
export type BlockType = (typeof BLOCK_TYPES)[number];

export interface BlockDoc {
  _id: Types.ObjectId;
  type: BlockType;
  /** text: the paragraph(s); quote: the words quoted. */
  text?: Localized | null;
  /** clip and quote: where it comes from. */
  interviewId?: Types.ObjectId | null;
  start?: number | null;
  end?: number | null;
  caption?: Localized | null;
  attribution?: string | null;
  /** image: the storage key and its description for screen readers. */
  imageKey?: string | null;
  alt?: Localized | null;
}

export interface LessonDoc {
  learningGoals: Localized[];
  discussionQuestions: Localized[];
  ageGuidance?: string | null;
  minimumAge?: number | null;
  contentNotes: Localized[];
}

export interface CollectionDoc {
  _id: Types.ObjectId;
  slug: string;
  title: Localized;
  intro: Localized;
  coverKey?: string | null;
  audience: 'general' | 'school';
  blocks: BlockDoc[];
  lesson?: LessonDoc | null;
  featured: boolean;
  status: 'draft' | 'published';
  publishedAt?: Date | null;
  createdBy: Types.ObjectId;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const blockSchema = new Schema<BlockDoc>({
  type: { type: String, enum: BLOCK_TYPES, required: true },
  text: { type: localizedSchema, default: null },
  interviewId: { type: Schema.Types.ObjectId, default: null },
  start: { type: Number, default: null },
  end: { type: Number, default: null },
  caption: { type: localizedSchema, default: null },
  attribution: { type: String, default: null },
  imageKey: { type: String, default: null },
  alt: { type: localizedSchema, default: null },
});

const lessonSchema = new Schema<LessonDoc>(
  {
    learningGoals: { type: [localizedSchema], default: [] },
    discussionQuestions: { type: [localizedSchema], default: [] },
    ageGuidance: { type: String, default: null },
    minimumAge: { type: Number, default: null },
    contentNotes: { type: [localizedSchema], default: [] },
  },
  { _id: false },
);

export const collectionSchema = new Schema<CollectionDoc>(
  {
    slug: { type: String, required: true, trim: true },
    title: { type: localizedSchema, required: true },
    intro: { type: localizedSchema, default: () => ({}) },
    coverKey: { type: String, default: null },
    audience: { type: String, enum: ['general', 'school'], default: 'general' },
    blocks: { type: [blockSchema], default: [] },
    lesson: { type: lessonSchema, default: null },
    featured: { type: Boolean, default: false },
    status: { type: String, enum: ['draft', 'published'], default: 'draft' },
    publishedAt: { type: Date, default: null },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, default: 1 },
  },
  { timestamps: true, versionKey: false },
);
collectionSchema.index({ slug: 1 }, { unique: true });
collectionSchema.index({ status: 1 });
