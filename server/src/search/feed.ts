/**
 * Builds the search module's plain documents from the database: every transcript segment, chapter,
 * interview, narrator and collection, each carrying the access-policy inputs it is judged by.
 */
import { AccessLevel } from '../access/levels.js';
import type { GuardedInterview } from '../access/policy.js';
import type { CollectionDoc } from '../collections/collection.model.js';
import type { Localized } from '../common/localized.js';
import type { Models } from '../db/models.js';
import { createReads } from '../db/reads.js';
import type { InterviewDoc } from '../interviews/interview.model.js';
import type { NarratorDoc } from '../narrators/narrator.model.js';
import type { TranscriptDoc } from '../transcripts/transcript.model.js';
import type { VocabularyTermDoc } from '../vocabulary/vocabulary.model.js';
import type { FacetValues, SearchDoc, VocabularyEntry } from './types.js';

const texts = (v?: Localized | null) => [v?.kk, v?.ru, v?.en].filter((t): t is string => Boolean(t));
const joined = (v?: Localized | null) => texts(v).join(' \n ');

/**
 * The policy's inputs, one shared object per interview (so visibility is computed once per interview).
 * The id is how the policy finds a viewer's grant for it (clearanceFor): a granted reader's hits are
 * judged by the same rule as the granted page.
 */
export function guardOf(i: InterviewDoc): GuardedInterview & { _id: string } {
  return {
    _id: i._id.toHexString(),
    accessLevel: i.accessLevel,
    status: i.status,
    createdBy: String(i.createdBy),
    release: i.release
      ? { permits: i.release.permits, embargoUntil: i.release.embargoUntil ?? null, withdrawn: Boolean(i.release.withdrawn) }
      : null,
  };
}

export function vocabularyEntries(terms: readonly VocabularyTermDoc[]): VocabularyEntry[] {
  return terms.map((t) => ({ id: t._id.toHexString(), labels: [...texts(t.labels), ...(t.altLabels ?? [])], names: t.labels }));
}

/** What an interview's documents are made of, besides the interview itself. */
export interface InterviewParts {
  narrators: readonly Pick<NarratorDoc, 'names' | 'displayName' | 'roles'>[];
  /** The kind of each of its terms (tags), by id. */
  termKind: (id: string) => string | undefined;
  /** The published collections that show it. */
  collectionIds: readonly string[];
}

/** The facets, guard and time shared by all of an interview's documents (one object each, shared). */
export function interviewBase(interview: InterviewDoc, parts: InterviewParts) {
  const guard = guardOf(interview);
  const byKind = (kind: string) => interview.tagIds.map(String).filter((t) => parts.termKind(t) === kind);
  const facets: FacetValues = {
    ethnicGroups: byKind('ethnic_group'),
    eras: byKind('era'),
    places: [...byKind('place'), ...(interview.placeTermId ? [String(interview.placeTermId)] : [])],
    topics: byKind('topic'),
    languages: interview.languages,
    narratorRoles: [...new Set(parts.narrators.flatMap((n) => n.roles))],
    collections: [...parts.collectionIds],
  };
  const recordedOn = interview.recordedOn ? interview.recordedOn.getTime() : null;
  return { guard, base: { facets, recordedOn, interviewId: interview._id.toHexString() } };
}
export type InterviewBase = ReturnType<typeof interviewBase>;

/** The interview's own document and its chapters'. */
export function interviewOwnDocs(interview: InterviewDoc, parts: InterviewParts, { guard, base }: InterviewBase): SearchDoc[] {
  const id = interview._id.toHexString();
  const docs: SearchDoc[] = [
    {
      ...base,
      kind: 'interview',
      id: `int:${id}`,
      title: joined(interview.title),
      summary: joined(interview.summary),
      names: parts.narrators.flatMap((n) => [...n.names.map((v) => v.value), ...texts(n.displayName)]),
      narratorIds: interview.narratorIds.map(String),
      // Only open chapters' keywords: a restricted chapter's are in its own document, under its own level.
      keywords: interview.indexSegments.filter((s) => !s.accessLevel || s.accessLevel === AccessLevel.public).flatMap((s) => s.keywords),
      access: { interview: guard },
    },
  ];
  for (const s of interview.indexSegments) {
    docs.push({
      ...base,
      kind: 'indexSegment',
      id: `idx:${s._id.toHexString()}`,
      segmentId: s._id.toHexString(),
      start: s.start,
      end: s.end ?? null,
      title: joined(s.title),
      synopsis: joined(s.synopsis),
      keywords: s.keywords,
      access: { interview: guard, partLevel: s.accessLevel ?? null },
    });
  }
  return docs;
}

/** One transcript's segments, judged by its interview's guard. */
export function transcriptDocs(t: Pick<TranscriptDoc, 'segments' | 'language' | 'status'>, { guard, base }: InterviewBase): SearchDoc[] {
  return t.segments.map((s) => ({
    ...base,
    kind: 'segment' as const,
    id: `seg:${s._id.toHexString()}`,
    segmentId: s._id.toHexString(),
    start: s.start,
    end: s.end,
    text: s.text,
    language: t.language,
    access: { interview: guard, partLevel: s.accessLevel ?? null, transcriptStatus: t.status },
  }));
}

export function narratorDocOf(n: NarratorDoc, interviews: readonly ReturnType<typeof guardOf>[]): SearchDoc {
  return {
    kind: 'narrator',
    id: `nar:${n._id.toHexString()}`,
    narratorId: n._id.toHexString(),
    names: [...n.names.map((v) => v.value), ...texts(n.displayName)],
    biography: joined(n.biography),
    facets: { ethnicGroups: n.ethnicGroupIds.map(String), narratorRoles: n.roles },
    access: { interviews: [...interviews] },
  };
}

export function collectionDocOf(c: CollectionDoc): SearchDoc {
  return {
    kind: 'collection',
    id: `col:${c._id.toHexString()}`,
    collectionId: c._id.toHexString(),
    title: joined(c.title),
    // The collection's own words only: a clip's caption and a quote speak of an interview whose
    // access is its own (and may close later without the collection changing), so they are never
    // part of the collection's document; the interview's own documents carry them under its policy.
    description: [joined(c.intro), ...c.blocks.filter((b) => b.type === 'text').map((b) => joined(b.text))].join(' \n '),
    facets: { collections: [c._id.toHexString()] },
    access: { collection: { status: c.status, createdBy: String(c.createdBy) } },
  };
}

/**
 * One record's documents, read afresh after a logged change (the whole archive's are built by
 * archive-stream.ts, one pass per collection). An interview's transcripts, narrators and terms come
 * through the read layer, by `_id` (db/reads.ts).
 */
export class SearchFeed {
  constructor(private readonly models: Models) {}

  /** Every document of one interview (segments, chapters, the interview itself); none when it is gone. */
  async interviewDocs(interviewId: string): Promise<SearchDoc[]> {
    const reads = createReads(this.models);
    const interview = await reads.interviews.get(interviewId);
    if (!interview) return [];
    const [transcripts, narrators, terms, collections] = await Promise.all([
      reads.transcripts.ofInterview(interview._id),
      reads.narrators.getMany(interview.narratorIds),
      reads.terms.getMany(interview.tagIds),
      this.models.Collection.find({ status: 'published', 'blocks.interviewId': interview._id }, { _id: 1 }).lean(),
    ]);
    const kinds = new Map(terms.map((t) => [t._id.toHexString(), t.kind]));
    const parts: InterviewParts = { narrators, termKind: (id) => kinds.get(id), collectionIds: collections.map((c) => c._id.toHexString()) };
    const base = interviewBase(interview, parts);
    return [...interviewOwnDocs(interview, parts, base), ...transcripts.flatMap((t) => transcriptDocs(t, base))];
  }

  async narratorDoc(narratorId: string): Promise<SearchDoc | null> {
    const n = await this.models.Narrator.findById(narratorId).lean<NarratorDoc>();
    if (!n) return null;
    const interviews = await this.models.Interview.find({ narratorIds: n._id }).lean<InterviewDoc[]>();
    return narratorDocOf(n, interviews.map(guardOf));
  }

  async collectionDoc(collectionId: string): Promise<SearchDoc | null> {
    const c = await this.models.Collection.findById(collectionId).lean<CollectionDoc>();
    return c ? collectionDocOf(c) : null;
  }

  async vocabulary(): Promise<VocabularyEntry[]> {
    return vocabularyEntries(await this.models.VocabularyTerm.find({}).lean<VocabularyTermDoc[]>());
  }
}
