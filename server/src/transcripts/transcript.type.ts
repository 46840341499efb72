import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Actor } from '../access/actor.js';
import { AccessLevel } from '../access/levels.js';
import { canViewPart, silencedFor } from '../access/policy.js';
import { Connection } from '../common/pagination.js';
import type { InterviewDoc } from '../interviews/interview.model.js';
import type { SegmentDoc, TranscriptDoc, TranscriptRevisionDoc } from './transcript.model.js';

export enum TranscriptStatus {
  automatic = 'automatic',
  corrected = 'corrected',
  approved = 'approved',
}
registerEnumType(TranscriptStatus, {
  name: 'TranscriptStatus',
  description: 'automatic: a machine draft; corrected: a person has worked on it; approved: checked by an editor',
});

export enum TranscriptSource {
  whisper = 'whisper',
  import = 'import',
  manual = 'manual',
}
registerEnumType(TranscriptSource, { name: 'TranscriptSource' });

@ObjectType({ description: 'A time-coded passage of the transcript' })
export class TranscriptSegment {
  @Field(() => ID) id: string;
  @Field(() => Float, { description: 'Seconds from the start of the recording' }) start: number;
  @Field(() => Float) end: number;
  @Field(() => String, { nullable: true }) speaker: string | null;
  @Field(() => String) text: string;
  @Field(() => AccessLevel, { nullable: true, description: 'A restricted passage; null = as the interview' })
  accessLevel: AccessLevel | null;
  @Field(() => [AccessLevel], { description: 'Who may hear the interview but hears silence here (their copy is cut); empty for an open passage' })
  silencedFor: AccessLevel[];
}

@ObjectType({ description: 'A person who worked on a transcript' })
export class Contributor {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
}

@ObjectType({ description: 'One segment as it was before or after a change' })
export class SegmentSnapshot {
  @Field(() => Float) start: number;
  @Field(() => Float) end: number;
  @Field(() => String, { nullable: true }) speaker: string | null;
  @Field(() => String) text: string;
  @Field(() => AccessLevel, { nullable: true }) accessLevel: AccessLevel | null;
}

@ObjectType()
export class SegmentChange {
  @Field(() => ID) segmentId: string;
  @Field(() => SegmentSnapshot, { nullable: true, description: 'null: the segment was added' }) before: SegmentSnapshot | null;
  @Field(() => SegmentSnapshot, { nullable: true, description: 'null: the segment was deleted' }) after: SegmentSnapshot | null;
}

@ObjectType({ description: 'One saved change of a transcript' })
export class TranscriptRevision {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'The transcript version this change produced' }) version: number;
  @Field(() => Date) at: Date;
  @Field(() => String) summary: string;
  @Field(() => [SegmentChange], { description: 'Only changes to segments the viewer may see' }) changes: SegmentChange[];
  /** Resolved to a Contributor through the user loader. */
  byId: string;
}

@ObjectType()
export class TranscriptRevisionConnection extends Connection(TranscriptRevision) {}

@ObjectType({ description: 'The transcript of an interview in one spoken language' })
export class Transcript {
  @Field(() => ID) id: string;
  @Field(() => ID) interviewId: string;
  @Field(() => String, { description: 'The language spoken (kk, ru, ug …), never a translation' }) language: string;
  @Field(() => TranscriptStatus) status: TranscriptStatus;
  @Field(() => TranscriptSource) source: TranscriptSource;
  @Field(() => [TranscriptSegment], { description: 'Only the segments the viewer may see, in time order' })
  segments: TranscriptSegment[];
  @Field(() => Int, { description: 'How many segments the viewer may see' }) segmentCount: number;
  @Field(() => Date, { nullable: true }) approvedAt: Date | null;
  @Field(() => Int, { description: 'Send it back with an edit; a stale one gets CONFLICT' }) version: number;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;
  /** The stored documents, for field resolvers that apply the policy again. */
  doc: TranscriptDoc;
  interview: InterviewDoc;
}

const toSegment = (interview: InterviewDoc) => (s: SegmentDoc): TranscriptSegment => ({
  id: s._id.toHexString(),
  start: s.start,
  end: s.end,
  speaker: s.speaker ?? null,
  text: s.text ?? '',
  accessLevel: s.accessLevel ?? null,
  silencedFor: silencedFor(interview, s.accessLevel),
});

/**
 * The one mapping from stored transcript to API type; the caller has already checked the viewer
 * may see the interview. Restricted segments the viewer may not see are dropped here, before
 * anything (text, counts) is derived from them.
 */
export function toTranscript(doc: TranscriptDoc, interview: InterviewDoc, actor: Actor): Transcript {
  const visible = doc.segments.filter((s) => canViewPart(actor, interview, s.accessLevel));
  return {
    id: doc._id.toHexString(),
    interviewId: doc.interviewId.toHexString(),
    language: doc.language,
    status: doc.status as TranscriptStatus,
    source: doc.source as TranscriptSource,
    segments: visible.map(toSegment(interview)),
    segmentCount: visible.length,
    approvedAt: doc.approvedAt ?? null,
    version: doc.version,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    doc,
    interview,
  };
}

type StoredSnapshot = Partial<SegmentDoc> | null | undefined;

const toSnapshot = (s: StoredSnapshot): SegmentSnapshot | null =>
  s
    ? { start: s.start ?? 0, end: s.end ?? 0, speaker: s.speaker ?? null, text: s.text ?? '', accessLevel: s.accessLevel ?? null }
    : null;

/** A revision as the viewer may see it: a change touching a passage they may not see is left out whole. */
export function toRevision(doc: TranscriptRevisionDoc, interview: InterviewDoc, actor: Actor): TranscriptRevision {
  const visible = (s: StoredSnapshot) => !s || canViewPart(actor, interview, s.accessLevel);
  return {
    id: doc._id.toHexString(),
    version: doc.version,
    at: doc.at,
    summary: doc.summary ?? '',
    changes: (doc.changes ?? [])
      .filter((c) => visible(c.before) && visible(c.after))
      .map((c) => ({ segmentId: String(c.segmentId), before: toSnapshot(c.before), after: toSnapshot(c.after) })),
    byId: String(doc.by),
  };
}
