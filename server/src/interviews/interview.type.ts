import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Actor } from '../access/actor.js';
import { AccessLevel } from '../access/levels.js';
import { canSeePersonalData, canViewPart, effectiveLevel, isEmbargoed, silencedFor } from '../access/policy.js';
import { LocalizedText, toLocalized } from '../common/localized.js';
import { Connection } from '../common/pagination.js';
import type { IndexSegmentDoc, InterviewDoc } from './interview.model.js';

export enum WorkflowStatus {
  draft = 'draft',
  in_review = 'in_review',
  published = 'published',
}
registerEnumType(WorkflowStatus, { name: 'WorkflowStatus' });

@ObjectType()
export class Interviewer {
  @Field(() => String) name: string;
}

@ObjectType({ description: 'An OHMS-style chapter of the interview' })
export class IndexSegment {
  @Field(() => ID) id: string;
  @Field(() => Float, { description: 'Seconds from the start' }) start: number;
  @Field(() => Float, { nullable: true }) end: number | null;
  @Field(() => LocalizedText) title: LocalizedText;
  @Field(() => LocalizedText) synopsis: LocalizedText;
  @Field(() => [String]) keywords: string[];
  subjectIds: string[];
  placeTermId: string | null;
  @Field(() => AccessLevel, { nullable: true }) accessLevel: AccessLevel | null;
  @Field(() => [AccessLevel], { description: 'Who may hear the interview but hears silence in this chapter (their copy is cut)' })
  silencedFor: AccessLevel[];
}

@ObjectType({ description: 'The signed release: staff only' })
export class Release {
  @Field(() => AccessLevel, { description: 'The most open access the narrator allows' }) permits: AccessLevel;
  @Field(() => String, { nullable: true }) restrictions: string | null;
  @Field(() => Date, { nullable: true }) signedOn: Date | null;
  @Field(() => Date, { nullable: true }) embargoUntil: Date | null;
  @Field(() => Boolean) withdrawn: boolean;
  @Field(() => Date, { nullable: true }) withdrawnAt: Date | null;
  @Field(() => String, { nullable: true }) withdrawnReason: string | null;
  @Field(() => String, { nullable: true }) documentName: string | null;
  documentKey: string | null;
}

@ObjectType({ description: 'Who uploaded the master, when, and its checksum: staff only' })
export class Provenance {
  @Field(() => Date, { nullable: true }) uploadedAt: Date | null;
  @Field(() => String, { nullable: true }) sha256: string | null;
  @Field(() => String, { nullable: true }) device: string | null;
  @Field(() => String, { nullable: true }) notes: string | null;
  uploadedBy: string | null;
}

@ObjectType()
export class Interview {
  @Field(() => ID) id: string;
  @Field(() => LocalizedText) title: LocalizedText;
  @Field(() => LocalizedText) summary: LocalizedText;
  @Field(() => [Interviewer]) interviewers: Interviewer[];
  @Field(() => Date, { nullable: true }) recordedOn: Date | null;
  @Field(() => String, { nullable: true }) place: string | null;
  @Field(() => [String], { description: 'Languages spoken (BCP 47: kk, ru, en …)' }) languages: string[];
  @Field(() => Float, { nullable: true }) durationSeconds: number | null;
  @Field(() => [IndexSegment], { description: 'Chapters the viewer may see' }) indexSegments: IndexSegment[];
  @Field(() => AccessLevel) accessLevel: AccessLevel;
  @Field(() => AccessLevel, { description: 'The level that applies: never more open than the release allows' })
  effectiveAccessLevel: AccessLevel;
  @Field(() => Boolean, { description: 'Closed by an embargo date in the future' }) embargoed: boolean;
  @Field(() => Boolean) hasRelease: boolean;
  @Field(() => Release, { nullable: true, description: 'Staff only' }) release: Release | null;
  @Field(() => Provenance, { nullable: true, description: 'Staff only' }) provenance: Provenance | null;
  @Field(() => WorkflowStatus) status: WorkflowStatus;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;
  @Field(() => Int, { description: 'Send it back with an edit; a stale one gets CONFLICT' }) version: number;
  narratorIds: string[];
  tagIds: string[];
  placeTermId: string | null;
  createdBy: string;
  /** The stored document, for field resolvers that apply the policy again. */
  doc: InterviewDoc;
}

@ObjectType()
export class InterviewConnection extends Connection(Interview) {}

const toIndexSegment = (interview: InterviewDoc) => (s: IndexSegmentDoc): IndexSegment => ({
  id: s._id.toHexString(),
  start: s.start,
  end: s.end ?? null,
  title: toLocalized(s.title),
  synopsis: toLocalized(s.synopsis),
  keywords: s.keywords ?? [],
  subjectIds: (s.subjectIds ?? []).map(String),
  placeTermId: s.placeTermId ? String(s.placeTermId) : null,
  accessLevel: s.accessLevel ?? null,
  silencedFor: silencedFor(interview, s.accessLevel),
});

/** The one mapping from stored interview to API type; the caller has already checked the viewer may see it. */
export function toInterview(doc: InterviewDoc, actor: Actor, now = new Date()): Interview {
  const staff = canSeePersonalData(actor);
  const release = doc.release ?? null;
  return {
    id: doc._id.toHexString(),
    title: toLocalized(doc.title),
    summary: toLocalized(doc.summary),
    interviewers: (doc.interviewers ?? []).map((i) => ({ name: i.name })),
    recordedOn: doc.recordedOn ?? null,
    place: doc.place ?? null,
    languages: doc.languages ?? [],
    durationSeconds: doc.durationSeconds ?? null,
    indexSegments: (doc.indexSegments ?? []).filter((s) => canViewPart(actor, doc, s.accessLevel)).map(toIndexSegment(doc)),
    accessLevel: doc.accessLevel,
    effectiveAccessLevel: effectiveLevel(doc),
    embargoed: isEmbargoed(doc, now),
    hasRelease: Boolean(release),
    release:
      staff && release
        ? {
            permits: release.permits,
            restrictions: release.restrictions ?? null,
            signedOn: release.signedOn ?? null,
            embargoUntil: release.embargoUntil ?? null,
            withdrawn: Boolean(release.withdrawn),
            withdrawnAt: release.withdrawnAt ?? null,
            withdrawnReason: release.withdrawnReason ?? null,
            documentName: release.documentName ?? null,
            documentKey: release.documentKey ?? null,
          }
        : null,
    provenance: staff
      ? {
          uploadedAt: doc.provenance?.uploadedAt ?? null,
          sha256: doc.provenance?.sha256 ?? null,
          device: doc.provenance?.device ?? null,
          notes: doc.provenance?.notes ?? null,
          uploadedBy: doc.provenance?.uploadedBy ? String(doc.provenance.uploadedBy) : null,
        }
      : null,
    status: doc.status as WorkflowStatus,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    version: doc.version,
    narratorIds: (doc.narratorIds ?? []).map(String),
    tagIds: (doc.tagIds ?? []).map(String),
    placeTermId: doc.placeTermId ? String(doc.placeTermId) : null,
    createdBy: String(doc.createdBy),
    doc,
  };
}
