import { Field, Float, ID, ObjectType } from 'type-graphql';
import { LocalizedText, toLocalized } from '../common/localized.js';
import { BlockType, Lesson, toLesson } from '../collections/collection.type.js';
import type { ClassLinkDoc } from './class-link.model.js';
import type { ClassClip, OpenedLink } from './class-link.service.js';

@ObjectType({ description: 'A link that opens one lesson for a class without accounts; its token is shown only once' })
export class ClassLink {
  @Field(() => ID) id: string;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) expiresAt: Date;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
  @Field(() => Boolean, { description: 'Neither expired nor revoked' }) active: boolean;
}

@ObjectType()
export class CreatedClassLink {
  @Field(() => ClassLink) link: ClassLink;
  @Field(() => String, { description: 'The address to give the class; it is not stored and cannot be shown again' })
  url: string;
}

@ObjectType()
export class ClassSegment {
  @Field(() => Float) start: number;
  @Field(() => Float) end: number;
  @Field(() => String, { nullable: true }) speaker: string | null;
  @Field(() => String) text: string;
}

@ObjectType({ description: 'A block of a lesson as a pupil sees it through a class link' })
export class ClassBlock {
  @Field(() => ID) id: string;
  @Field(() => BlockType) type: BlockType;
  @Field(() => Boolean, { description: 'false when its interview is no longer open to a class: nothing else is told about it' })
  available: boolean;
  @Field(() => LocalizedText, { nullable: true }) text: LocalizedText | null;
  @Field(() => LocalizedText, { nullable: true }) caption: LocalizedText | null;
  @Field(() => String, { nullable: true }) attribution: string | null;
  @Field(() => LocalizedText, { nullable: true }) alt: LocalizedText | null;
  @Field(() => Float, { nullable: true }) start: number | null;
  @Field(() => Float, { nullable: true }) end: number | null;
  @Field(() => LocalizedText, { nullable: true, description: 'clip and quote: the title of the interview' })
  interviewTitle: LocalizedText | null;
  @Field(() => String, { nullable: true, description: 'clip: audio or video, when a recording is ready' })
  mediaKind: string | null;
  @Field(() => String, { nullable: true, description: 'clip: the language of the transcript below' })
  language: string | null;
  @Field(() => [ClassSegment], { description: 'clip: the transcript of its range, restricted passages left out' })
  segments: ClassSegment[];
}

@ObjectType({ description: 'A lesson opened through a class link' })
export class ClassLesson {
  @Field(() => LocalizedText) title: LocalizedText;
  @Field(() => LocalizedText) intro: LocalizedText;
  @Field(() => Lesson, { nullable: true }) lesson: Lesson | null;
  @Field(() => Date) expiresAt: Date;
  @Field(() => [ClassBlock]) blocks: ClassBlock[];
}

export const toClassLink = (doc: ClassLinkDoc, now: Date): ClassLink => ({
  id: doc._id.toHexString(),
  createdAt: doc.createdAt,
  expiresAt: doc.expiresAt,
  revokedAt: doc.revokedAt ?? null,
  active: !doc.revokedAt && doc.expiresAt.getTime() > now.getTime(),
});

const loc = (v: Parameters<typeof toLocalized>[0] | null | undefined) => (v ? toLocalized(v) : null);

/** Blocks of a hidden interview keep only their place and type: no title, id, caption or time. */
export function toClassLesson({ link, collection }: OpenedLink, clips: Map<string, ClassClip>): ClassLesson {
  const blocks = collection.blocks.map((block): ClassBlock => {
    const clip = clips.get(block._id.toHexString());
    const base = { id: block._id.toHexString(), type: block.type as BlockType, segments: [] as ClassSegment[] };
    const empty = { text: null, caption: null, attribution: null, alt: null, start: null, end: null, interviewTitle: null, mediaKind: null, language: null };
    if (clip && !clip.interview) return { ...base, ...empty, available: false };
    return {
      ...base,
      available: true,
      text: loc(block.text),
      caption: loc(block.caption),
      attribution: block.attribution ?? null,
      alt: loc(block.alt),
      start: block.start ?? null,
      end: block.end ?? null,
      interviewTitle: clip?.interview ? toLocalized(clip.interview.title) : null,
      mediaKind: clip?.mediaKind ?? null,
      language: clip?.language ?? null,
      segments: (clip?.segments ?? []).map((s) => ({ start: s.start, end: s.end, speaker: s.speaker ?? null, text: s.text })),
    };
  });
  return {
    title: toLocalized(collection.title),
    intro: toLocalized(collection.intro),
    lesson: collection.lesson ? toLesson(collection.lesson) : null,
    expiresAt: link.expiresAt,
    blocks,
  };
}
