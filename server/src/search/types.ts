/**
 * What the search module indexes and answers. The engine knows nothing about mongoose: the
 * indexing job (fed from the database) builds these plain documents, and the API maps hits back.
 */
import type { AccessLevel } from '../access/levels.js';
import type { GuardedCollection, GuardedInterview } from '../access/policy.js';
import type { Localized } from '../common/localized.js';
import type { Matching } from './query-parser.js';

export const FACET_NAMES = ['ethnicGroups', 'eras', 'places', 'topics', 'languages', 'narratorRoles', 'collections'] as const;
export type FacetName = (typeof FACET_NAMES)[number];

/** Facet values are vocabulary term ids (ethnic groups, eras, places, topics) or plain keys. */
export type FacetValues = Partial<Record<FacetName, readonly string[]>>;

/**
 * The inputs of the access policy for one document. The same guard object may (and should) be
 * shared by every document of an interview, so a visibility check runs once per interview.
 */
export interface DocAccess {
  /** With its id, which the policy matches against the viewer's grants. */
  interview?: GuardedInterview & { _id?: string };
  /** A restricted passage's own level (transcript or index segment); null = as the interview. */
  partLevel?: AccessLevel | null;
  /** A transcript segment's transcript status: one not approved is for staff (canReadTranscript). */
  transcriptStatus?: string;
  collection?: GuardedCollection;
  /** A narrator is visible through any interview of theirs that the viewer may see. */
  interviews?: readonly (GuardedInterview & { _id?: string })[];
}

interface DocBase {
  /** Unique across kinds, e.g. `seg:<segmentId>`, `int:<interviewId>`. */
  id: string;
  facets: FacetValues;
  /** Milliseconds since the epoch: the date range filter and the date sort. */
  recordedOn?: number | null;
  access: DocAccess;
}

export interface SegmentSearchDoc extends DocBase {
  kind: 'segment';
  interviewId: string;
  segmentId: string;
  start: number;
  end: number;
  text: string;
  /** BCP 47 primary tag of the transcript. */
  language: string;
}

/** An OHMS-style index chapter: title, synopsis, keywords. */
export interface IndexSegmentSearchDoc extends DocBase {
  kind: 'indexSegment';
  interviewId: string;
  segmentId: string;
  start: number;
  end?: number | null;
  title: string;
  synopsis: string;
  keywords: readonly string[];
}

export interface InterviewSearchDoc extends DocBase {
  kind: 'interview';
  interviewId: string;
  title: string;
  summary: string;
  /** The narrators' names in every spelling, so a name search finds their interviews. */
  names: readonly string[];
  keywords: readonly string[];
  /** Who the interview names; the index re-judges these narrators when the interview changes. */
  narratorIds?: readonly string[];
}

export interface NarratorSearchDoc extends DocBase {
  kind: 'narrator';
  narratorId: string;
  names: readonly string[];
  biography: string;
}

export interface CollectionSearchDoc extends DocBase {
  kind: 'collection';
  collectionId: string;
  title: string;
  description: string;
}

export type SearchDoc =
  | SegmentSearchDoc
  | IndexSegmentSearchDoc
  | InterviewSearchDoc
  | NarratorSearchDoc
  | CollectionSearchDoc;
export type DocKind = SearchDoc['kind'];

/** A vocabulary term as search needs it: its id (as used in facets) and every label and spelling. */
export interface VocabularyEntry {
  id: string;
  labels: readonly string[];
  /** The term's name in each language: what a facet value is called (search.resolver.ts). */
  names?: Localized;
}

export interface SearchFilters extends Partial<Record<FacetName, readonly string[]>> {
  kinds?: readonly DocKind[];
  interviewIds?: readonly string[];
  recordedFrom?: number;
  recordedTo?: number;
}

/**
 * Decides whether the viewer may see a document, from its access inputs only (so the answer is
 * memoised per shared access object). Mandatory: there is no unfiltered search.
 */
export type Visibility = (access: DocAccess) => boolean;

export interface QueryOptions {
  visible: Visibility;
  /** Within one facet any value matches (OR); across facets all must (AND). */
  filters?: SearchFilters;
  /** Facets to count over the visible, filtered hits. */
  facets?: readonly FacetName[];
  limit?: number;
  offset?: number;
  sort?: 'relevance' | 'date' | 'date_asc';
  /** Small typo tolerance (default on). */
  fuzzy?: boolean;
  /** How words reach inflected forms; the default is the measured choice. For benchmarks. */
  matching?: Matching;
}

export interface Snippet {
  text: string;
  /** [start, end) offsets in `text` of the matched words. */
  highlights: Array<[number, number]>;
}

export interface SearchHit {
  id: string;
  kind: DocKind;
  score: number;
  interviewId?: string;
  segmentId?: string;
  narratorId?: string;
  collectionId?: string;
  start?: number;
  end?: number | null;
  recordedOn?: number | null;
  title?: string;
  snippet: Snippet;
  /** Vocabulary terms of the query that this document is tagged with (why it ranks high). */
  matchedTerms: string[];
  /**
   * For a narrator hit: the interviews naming them, as indexed. The hit's field resolver reads these
   * by id to judge the narrator again, rather than a query over every interview per hit.
   */
  narratorInterviewIds?: string[];
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchResponse {
  /** Visible hits after filters (what the facet counts add up over). */
  total: number;
  hits: SearchHit[];
  facets: Partial<Record<FacetName, FacetCount[]>>;
  /** Vocabulary terms the query named (by a label or an alternative spelling). */
  vocabularyMatches: string[];
}

export interface SearchEngine {
  /** Adds or replaces documents (by id), yielding to the event loop between short slices. */
  add(docs: Iterable<SearchDoc>): Promise<void>;
  remove(ids: Iterable<string>): Promise<void>;
  /** Every document of an interview: for a transcript edit or an access change, remove then add. */
  removeInterview(interviewId: string): Promise<void>;
  setVocabulary(terms: readonly VocabularyEntry[]): void;
  query(q: string, options: QueryOptions): SearchResponse;
  readonly size: number;
}
