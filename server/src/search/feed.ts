/**
 * Builds the search module's plain documents from the database: every transcript segment, chapter,
 * interview, narrator and collection, each carrying the access-policy inputs it is judged by.
 */
import { Types } from 'mongoose';
import { AccessLevel } from '../access/levels.js';
import type { GuardedInterview } from '../access/policy.js';
import type { CollectionDoc } from '../collections/collection.model.js';
import type { Localized } from '../common/localized.js';
import type { Models } from '../db/models.js';
import type { InterviewDoc } from '../interviews/interview.model.js';
import type { NarratorDoc } from '../narrators/narrator.model.js';
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
  return terms.map((t) => ({ id: t._id.toHexString(), labels: [...texts(t.labels), ...(t.altLabels ?? [])] }));
}

export class SearchFeed {
  constructor(private readonly models: Models) {}

  /** Every document of one interview (segments, chapters, the interview itself); none when it is gone. */
  async interviewDocs(interviewId: string): Promise<SearchDoc[]> {
    const interview = await this.models.Interview.findById(interviewId).lean<InterviewDoc>();
    if (!interview) return [];
    const [transcripts, narrators, terms, collections] = await Promise.all([
      this.models.Transcript.find({ interviewId: interview._id }).lean(),
      this.models.Narrator.find({ _id: { $in: interview.narratorIds } }).lean<NarratorDoc[]>(),
      this.models.VocabularyTerm.find({ _id: { $in: interview.tagIds } }, { kind: 1 }).lean<VocabularyTermDoc[]>(),
      this.models.Collection.find({ status: 'published', 'blocks.interviewId': interview._id }, { _id: 1 }).lean(),
    ]);
    const id = interview._id.toHexString();
    const guard = guardOf(interview);
    const byKind = (kind: string) => terms.filter((t) => t.kind === kind).map((t) => t._id.toHexString());
    const facets: FacetValues = {
      ethnicGroups: byKind('ethnic_group'),
      eras: byKind('era'),
      places: [...byKind('place'), ...(interview.placeTermId ? [String(interview.placeTermId)] : [])],
      topics: byKind('topic'),
      languages: interview.languages,
      narratorRoles: [...new Set(narrators.flatMap((n) => n.roles))],
      collections: collections.map((c) => c._id.toHexString()),
    };
    const recordedOn = interview.recordedOn ? interview.recordedOn.getTime() : null;
    const base = { facets, recordedOn, interviewId: id };
    const docs: SearchDoc[] = [
      {
        ...base,
        kind: 'interview',
        id: `int:${id}`,
        title: joined(interview.title),
        summary: joined(interview.summary),
        names: narrators.flatMap((n) => [...n.names.map((v) => v.value), ...texts(n.displayName)]),
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
    for (const t of transcripts) {
      for (const s of t.segments) {
        docs.push({
          ...base,
          kind: 'segment',
          id: `seg:${s._id.toHexString()}`,
          segmentId: s._id.toHexString(),
          start: s.start,
          end: s.end,
          text: s.text,
          language: t.language,
          access: { interview: guard, partLevel: s.accessLevel ?? null, transcriptStatus: t.status },
        });
      }
    }
    return docs;
  }

  async narratorDoc(narratorId: string): Promise<SearchDoc | null> {
    const n = await this.models.Narrator.findById(narratorId).lean<NarratorDoc>();
    if (!n) return null;
    const interviews = await this.models.Interview.find({ narratorIds: n._id }).lean<InterviewDoc[]>();
    return {
      kind: 'narrator',
      id: `nar:${n._id.toHexString()}`,
      narratorId: n._id.toHexString(),
      names: [...n.names.map((v) => v.value), ...texts(n.displayName)],
      biography: joined(n.biography),
      facets: { ethnicGroups: n.ethnicGroupIds.map(String), narratorRoles: n.roles },
      access: { interviews: interviews.map(guardOf) },
    };
  }

  async collectionDoc(collectionId: string): Promise<SearchDoc | null> {
    const c = await this.models.Collection.findById(collectionId).lean<CollectionDoc>();
    if (!c) return null;
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

  async allIds(): Promise<{ interviews: string[]; narrators: string[]; collections: string[] }> {
    const [i, n, c] = await Promise.all([
      this.models.Interview.find({}, { _id: 1 }).lean(),
      this.models.Narrator.find({}, { _id: 1 }).lean(),
      this.models.Collection.find({}, { _id: 1 }).lean(),
    ]);
    const hex = (docs: { _id: Types.ObjectId }[]) => docs.map((d) => d._id.toHexString());
    return { interviews: hex(i), narrators: hex(n), collections: hex(c) };
  }

  async vocabulary(): Promise<VocabularyEntry[]> {
    return vocabularyEntries(await this.models.VocabularyTerm.find({}).lean<VocabularyTermDoc[]>());
  }
}
