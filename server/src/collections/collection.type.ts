import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Actor } from '../access/actor.js';
import { LocalizedText, toLocalized } from '../common/localized.js';
import { Connection } from '../common/pagination.js';
import type { InterviewDoc } from '../interviews/interview.model.js';
import { Interview, toInterview } from '../interviews/interview.type.js';
import { collectionImageUrl } from './collection-image.type.js';
import type { BlockDoc, CollectionDoc, LessonDoc } from './collection.model.js';

export enum CollectionAudience {
  general = 'general',
  school = 'school',
}
registerEnumType(CollectionAudience, {
  name: 'CollectionAudience',
  description: 'general: anyone; school: a lesson for a class, with age guidance and content notes',
});

export enum CollectionStatus {
  draft = 'draft',
  published = 'published',
}
registerEnumType(CollectionStatus, { name: 'CollectionStatus' });

export enum BlockType {
  text = 'text',
  clip = 'clip',
  quote = 'quote',
  image = 'image',
}
registerEnumType(BlockType, {
  name: 'BlockType',
  description: 'text: paragraphs; clip: a stretch of an interview; quote: words from an interview; image: a picture with alt text',
});

@ObjectType({ description: 'What a teacher needs to use the collection in class' })
export class Lesson {
  @Field(() => [LocalizedText]) learningGoals: LocalizedText[];
  @Field(() => [LocalizedText]) discussionQuestions: LocalizedText[];
  @Field(() => String, { nullable: true, description: 'e.g. "14+: describes deportation and loss"' })
  ageGuidance: string | null;
  @Field(() => Int, { nullable: true }) minimumAge: number | null;
  @Field(() => [LocalizedText], { description: 'Warnings to read before showing the material' })
  contentNotes: LocalizedText[];
}

@ObjectType({
  description: 'One step of the narrative. Only the fields of its type are set; a block whose interview the viewer may not see is left out',
})
export class CollectionBlock {
  @Field(() => ID, { description: 'Stable across edits: send it back to keep the block when reordering' }) id: string;
  @Field(() => BlockType) type: BlockType;
  @Field(() => Boolean, {
    description: 'false only in blocksToEdit: the viewer may not see its interview, so only id and type are given; a save keeps it as stored',
  })
  available: boolean;
  @Field(() => LocalizedText, { nullable: true, description: 'text: the paragraphs; quote: the words quoted' })
  text: LocalizedText | null;
  @Field(() => Interview, { nullable: true, description: 'clip and quote: where it comes from' })
  interview: Interview | null;
  @Field(() => Float, { nullable: true, description: 'Seconds from the start of the interview' }) start: number | null;
  @Field(() => Float, { nullable: true, description: 'clip: seconds from the start of the interview' }) end: number | null;
  @Field(() => LocalizedText, { nullable: true }) caption: LocalizedText | null;
  @Field(() => String, { nullable: true, description: 'quote: who said it' }) attribution: string | null;
  @Field(() => String, { nullable: true, description: 'image: its storage key' }) imageKey: string | null;
  @Field(() => String, { nullable: true, description: 'image: where the site serves it; null for a picture not uploaded through the archive' })
  imageUrl: string | null;
  @Field(() => LocalizedText, { nullable: true, description: 'image: its description for screen readers' })
  alt: LocalizedText | null;
}

@ObjectType({ description: 'A narrative of text, clips, quotes and images; for schools, a lesson' })
export class Collection {
  @Field(() => ID) id: string;
  @Field(() => String, { description: 'The address of its page: lower-case letters, digits and hyphens' }) slug: string;
  @Field(() => LocalizedText) title: LocalizedText;
  @Field(() => LocalizedText) intro: LocalizedText;
  @Field(() => CollectionAudience) audience: CollectionAudience;
  @Field(() => Boolean) featured: boolean;
  @Field(() => CollectionStatus) status: CollectionStatus;
  @Field(() => Boolean) hasCover: boolean;
  @Field(() => Lesson, { nullable: true, description: 'Only for the school audience' }) lesson: Lesson | null;
  @Field(() => Int, { description: 'Send it back with an edit; a stale one gets CONFLICT' }) version: number;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;
  @Field(() => Date, { nullable: true }) publishedAt: Date | null;
  /** The stored document: blocks, their count hidden from the viewer and the author are field resolvers. */
  doc: CollectionDoc;
}

@ObjectType()
export class CollectionConnection extends Connection(Collection) {}

export const toLesson = (lesson: LessonDoc): Lesson => ({
  learningGoals: (lesson.learningGoals ?? []).map(toLocalized),
  discussionQuestions: (lesson.discussionQuestions ?? []).map(toLocalized),
  ageGuidance: lesson.ageGuidance ?? null,
  minimumAge: lesson.minimumAge ?? null,
  contentNotes: (lesson.contentNotes ?? []).map(toLocalized),
});

/** The one mapping from stored collection to API type; the caller has already checked the viewer may see it. */
export function toCollection(doc: CollectionDoc): Collection {
  return {
    id: doc._id.toHexString(),
    slug: doc.slug,
    title: toLocalized(doc.title),
    intro: toLocalized(doc.intro),
    audience: doc.audience as CollectionAudience,
    featured: Boolean(doc.featured),
    status: doc.status as CollectionStatus,
    hasCover: Boolean(doc.coverKey),
    // A lesson kept from when the collection was for schools stays stored but is not shown.
    lesson: doc.audience === 'school' && doc.lesson ? toLesson(doc.lesson) : null,
    version: doc.version,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    publishedAt: doc.publishedAt ?? null,
    doc,
  };
}

const localizedOrNull = (value: BlockDoc['text']) => (value ? toLocalized(value) : null);

/**
 * A block as the viewer sees it. `interview` is the block's interview, already checked visible to
 * this viewer (blocks whose interview is not visible never reach this function).
 */
export function toBlock(block: BlockDoc, interview: InterviewDoc | null, actor: Actor, now: Date): CollectionBlock {
  return {
    id: block._id.toHexString(),
    type: block.type as BlockType,
    available: true,
    text: localizedOrNull(block.text),
    interview: interview ? toInterview(interview, actor, now) : null,
    start: block.start ?? null,
    end: block.end ?? null,
    caption: localizedOrNull(block.caption),
    attribution: block.attribution ?? null,
    imageKey: block.imageKey ?? null,
    imageUrl: collectionImageUrl(block.imageKey),
    alt: localizedOrNull(block.alt),
  };
}

/** A block the viewer may not see, as its editor is shown it: where it stands and what kind it is, nothing of its content. */
export const toUnavailableBlock = (block: BlockDoc): CollectionBlock => ({
  id: block._id.toHexString(),
  type: block.type as BlockType,
  available: false,
  text: null,
  interview: null,
  start: null,
  end: null,
  caption: null,
  attribution: null,
  imageKey: null,
  imageUrl: null,
  alt: null,
});
