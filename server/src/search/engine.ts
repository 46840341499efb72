/**
 * The search engine: MiniSearch (chosen by measurement, docs/decisions/search-engine.md) holds the
 * inverted index over folded keys and scores with BM25; this class adds what the archive needs
 * around it: cross-script keys, inflection, typo tolerance for unknown words, phrase adjacency,
 * vocabulary boost, access filtering before facet counts, snippets, and indexing in short slices.
 */
import MiniSearch from 'minisearch';
import { DocStore, FIELD_BREAK, type StoredDoc } from './doc-store.js';
import {
  DEFAULT_MATCHING, matchesWord, parseQuery, type PhraseClause, suffixForms, type WordClause,
} from './query-parser.js';
import { type Candidate, compileFilter, countFacets, orderFor, topK } from './ranking.js';
import { makeSnippet } from './snippet.js';
import type {
  DocAccess, FacetName, QueryOptions, SearchDoc, SearchEngine, SearchHit, SearchResponse, VocabularyEntry,
} from './types.js';
import { VocabularyMatcher } from './vocabulary-boost.js';

/** Fields arrive as arrays of folded keys (DocStore.put); the library neither joins nor splits. */
interface IndexedRecord {
  id: string;
  title: string[];
  text: string[];
  keywords: string[];
}

type MiniQuery = Parameters<MiniSearch<IndexedRecord>['search']>[0];
type RawResults = Map<number, { score: number; terms: string[]; match: Record<string, string[]> }>;

/**
 * MiniSearch's search() builds an object per hit and sorts every hit by score; for a word found in
 * tens of thousands of segments that is most of the time, and we need neither (topK ranks the page).
 * executeQuery and _documentIds are the two internals search() itself uses; the version is pinned
 * exactly and the engine tests exercise them.
 */
interface MiniSearchInternals {
  executeQuery(query: MiniQuery, options: object): RawResults;
  _documentIds: Map<number, string>;
}

export interface EngineOptions {
  /** Longest synchronous stretch of indexing before yielding to the event loop. */
  sliceMs?: number;
  /** A word in more than this share of documents is checked on candidates instead of looked up. */
  commonRatio?: number;
  /** Key ids per pooled chunk of the document store (tests make it small). */
  keyChunk?: number;
}

const BOOST = { title: 2, keywords: 1.5, text: 1 };
const TAG_FACETS: FacetName[] = ['ethnicGroups', 'eras', 'places', 'topics'];
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class MiniSearchEngine implements SearchEngine {
  private readonly store: DocStore;
  private readonly index = new MiniSearch<IndexedRecord>({
    fields: ['title', 'text', 'keywords'],
    stringifyField: (keys) => keys as string,
    tokenize: (keys) => keys as unknown as string[],
    processTerm: (term) => term,
  });
  private vocabulary = new VocabularyMatcher([]);
  private readonly sliceMs: number;
  private readonly commonRatio: number;
  /** The longest synchronous indexing slice so far, in ms (the event-loop block), and how many slices ran. */
  longestSliceMs = 0;
  slices = 0;
  /** Slices over 50 ms: usually a V8 garbage-collection step or the OS preempting us, not our work. */
  slicesOver50ms = 0;
  /** Updates run one after another, so a remove-then-add of an interview is never interleaved. */
  private updates: Promise<void> = Promise.resolve();

  constructor(options: EngineOptions = {}) {
    this.sliceMs = options.sliceMs ?? 10;
    this.commonRatio = options.commonRatio ?? 0.02;
    this.store = new DocStore(options.keyChunk);
  }

  get size(): number {
    return this.store.byId.size;
  }

  stats() {
    const { longestSliceMs, slices, slicesOver50ms } = this;
    return { documents: this.size, keys: this.store.dictionary.keys.length, longestSliceMs, slices, slicesOver50ms };
  }

  add(docs: Iterable<SearchDoc>): Promise<void> {
    const items = Array.from(docs);
    return this.serially(() =>
      this.sliced(items, (doc) => {
        if (this.store.byId.has(doc.id)) this.removeOne(doc.id);
        const folded = this.store.put(doc);
        this.index.add({ id: doc.id, ...folded });
      }),
    );
  }

  remove(ids: Iterable<string>): Promise<void> {
    const items = Array.from(ids);
    return this.serially(() => this.sliced(items, (id) => this.removeOne(id)));
  }

  removeInterview(interviewId: string): Promise<void> {
    // The ids are read when this update's turn comes, not when it is queued.
    return this.serially(() => this.sliced([...(this.store.byInterview.get(interviewId) ?? [])], (id) => this.removeOne(id)));
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const run = this.updates.then(work);
    this.updates = run.catch(() => undefined);
    return run;
  }

  setVocabulary(terms: readonly VocabularyEntry[]): void {
    this.vocabulary = new VocabularyMatcher(terms);
  }

  query(q: string, options: QueryOptions): SearchResponse {
    const parsed = parseQuery(q, options.matching ?? DEFAULT_MATCHING);
    const allWords = [...parsed.words, ...parsed.phrases.flatMap((p) => p.words)];
    const vocabularyMatches = this.vocabulary.match(allWords);
    if (allWords.length === 0) return { total: 0, hits: [], facets: {}, vocabularyMatches };
    const { lookup, check } = this.plan(parsed.words, parsed.phrases);
    const internals = this.index as unknown as MiniSearchInternals;
    const results = internals.executeQuery(
      { combineWith: 'AND', queries: lookup.map((w) => this.wordQuery(w, options.fuzzy !== false)) },
      { boost: BOOST, tokenize: (s: string) => [s], processTerm: (t: string) => t },
    );
    const pass = compileFilter(this.store, options.filters);
    const seen = new Map<DocAccess, boolean>();
    const visible = (access: DocAccess) => {
      let ok = seen.get(access);
      if (ok === undefined) seen.set(access, (ok = options.visible(access)));
      return ok;
    };
    const verify = this.verifier(check, parsed.phrases);
    const tagIds = new Set<number>();
    for (const term of vocabularyMatches) {
      for (const facet of TAG_FACETS) {
        const id = this.store.facets.id(facet, term);
        if (id !== undefined) tagIds.add(id);
      }
    }
    const hits: Candidate[] = [];
    for (const [shortId, r] of results) {
      const stored = this.store.byId.get(internals._documentIds.get(shortId)!);
      // Access first: a restricted document never reaches counts, snippets or the page.
      if (!stored || !visible(stored.doc.access) || !pass(stored) || !verify(stored)) continue;
      let tier = 0;
      if (tagIds.size) for (const id of stored.facetIds) if (tagIds.has(id)) tier++;
      // As search() does: documents matching more of the query's terms score higher.
      hits.push({ stored, score: r.score * (r.terms.length || 1), tier, match: r.match });
    }
    const offset = Math.max(0, options.offset ?? 0);
    const limit = Math.max(0, options.limit ?? 20);
    const page = topK(hits, offset + limit, orderFor(options.sort)).slice(offset);
    return {
      total: hits.length,
      hits: page.map((c) => this.toHit(c, allWords, vocabularyMatches)),
      facets: countFacets(this.store, hits, options.facets ?? []),
      vocabularyMatches,
    };
  }

  private removeOne(id: string): void {
    if (this.store.delete(id)) this.index.discard(id);
  }

  private async sliced<T>(items: T[], each: (item: T) => void): Promise<void> {
    let i = 0;
    while (i < items.length) {
      const t0 = performance.now();
      do each(items[i++]!);
      while (i < items.length && performance.now() - t0 < this.sliceMs);
      const took = performance.now() - t0;
      this.longestSliceMs = Math.max(this.longestSliceMs, took);
      this.slices++;
      if (took > 50) this.slicesOver50ms++;
      if (i < items.length) await yieldToEventLoop();
    }
  }

  /**
   * Which words the library looks up and which are only checked on its candidates. A very common
   * word (и, the, жыл) has a posting list of a large share of the archive: when rarer words exist,
   * they find the candidates and the common one is checked on each candidate's stored keys.
   */
  private plan(words: WordClause[], phrases: PhraseClause[]) {
    const limit = this.commonRatio * Math.max(1, this.size);
    const df = (w: WordClause) => this.store.dictionary.docFrequency(w.key);
    const lookup: WordClause[] = [];
    const check: WordClause[] = [];
    for (const w of words) (df(w) > limit ? check : lookup).push(w);
    for (const phrase of phrases) {
      const rare = phrase.words.filter((w) => df(w) <= limit);
      // Adjacency is verified on candidates anyway, so one rare word of a phrase is enough.
      lookup.push(...(rare.length ? rare : [phrase.words.reduce((a, b) => (df(b) < df(a) ? b : a))]));
    }
    if (lookup.length === 0 && check.length) {
      const rarest = check.reduce((a, b) => (df(b) < df(a) ? b : a));
      lookup.push(rarest);
      check.splice(check.indexOf(rarest), 1);
    }
    return { lookup, check };
  }

  /**
   * Exact key; inflected forms through the stem (a prefix scan for a long stripped stem, exact
   * look-ups of stem + known endings otherwise, ranked below the word itself); edit distance only
   * for a word the index lacks, since on folded keys a distance of one reaches many real words.
   */
  private wordQuery(word: WordClause, fuzzy: boolean): MiniQuery {
    const dictionary = this.store.dictionary;
    const unknown = dictionary.docFrequency(word.key) === 0;
    const distance = fuzzy && unknown && word.key.length >= 5 ? (word.key.length >= 9 ? 2 : 1) : 0;
    const exact: MiniQuery = { queries: [word.key], fuzzy: distance, prefix: false, combineWith: 'OR' };
    if (!word.stem) return exact;
    if (word.mode === 'prefix') return { combineWith: 'OR', queries: [exact, { queries: [word.stem], prefix: true, fuzzy: 0 }] };
    const forms = suffixForms(word.stem).filter((k) => k !== word.key && dictionary.docFrequency(k) > 0);
    if (forms.length === 0) return exact;
    return {
      combineWith: 'OR',
      queries: [exact, { queries: forms, prefix: false, fuzzy: 0, combineWith: 'OR', boostTerm: () => 0.5 }],
    };
  }

  /** Checks common words and phrase adjacency on a candidate's stored key sequence. */
  private verifier(check: WordClause[], phrases: PhraseClause[]): (s: StoredDoc) => boolean {
    if (check.length === 0 && phrases.length === 0) return () => true;
    const keys = this.store.dictionary.keys;
    const caches = new Map<WordClause, Map<number, boolean>>();
    const matches = (keyId: number, word: WordClause) => {
      if (keyId === FIELD_BREAK) return false;
      let cache = caches.get(word);
      if (!cache) caches.set(word, (cache = new Map()));
      let ok = cache.get(keyId);
      if (ok === undefined) cache.set(keyId, (ok = matchesWord(keys[keyId]!, word)));
      return ok;
    };
    return ({ chunk, start, length }) => {
      const end = start + length;
      for (const word of check) {
        let found = false;
        for (let at = start; at < end && !found; at++) found = matches(chunk[at]!, word);
        if (!found) return false;
      }
      return phrases.every(({ words }) => {
        for (let p = start; p + words.length <= end; p++) {
          if (words.every((w, j) => matches(chunk[p + j]!, w))) return true;
        }
        return false;
      });
    };
  }

  private toHit(c: Candidate, words: WordClause[], vocabularyMatches: string[]): SearchHit {
    const doc = c.stored.doc;
    const terms = new Set(Object.keys(c.match));
    const isMatch = (key: string) => terms.has(key) || words.some((w) => matchesWord(key, w));
    const facetValues = new Set(TAG_FACETS.flatMap((f) => doc.facets[f] ?? []));
    const hit: SearchHit = {
      id: doc.id, kind: doc.kind, score: c.score, recordedOn: doc.recordedOn ?? null,
      snippet: { text: '', highlights: [] },
      matchedTerms: vocabularyMatches.filter((t) => facetValues.has(t)),
    };
    switch (doc.kind) {
      case 'segment':
        Object.assign(hit, { interviewId: doc.interviewId, segmentId: doc.segmentId, start: doc.start, end: doc.end });
        hit.snippet = makeSnippet(doc.text, isMatch);
        break;
      case 'indexSegment':
        Object.assign(hit, { interviewId: doc.interviewId, segmentId: doc.segmentId, start: doc.start, end: doc.end ?? null });
        hit.title = doc.title;
        hit.snippet = makeSnippet(doc.synopsis || doc.keywords.join(', '), isMatch);
        break;
      case 'interview':
        Object.assign(hit, { interviewId: doc.interviewId, title: doc.title });
        hit.snippet = makeSnippet(doc.summary, isMatch);
        break;
      case 'narrator':
        Object.assign(hit, { narratorId: doc.narratorId, title: doc.names[0], narratorInterviewIds: (doc.access.interviews ?? []).flatMap((i) => (i._id ? [i._id] : [])) });
        hit.snippet = makeSnippet(doc.biography, isMatch);
        break;
      case 'collection':
        Object.assign(hit, { collectionId: doc.collectionId, title: doc.title });
        hit.snippet = makeSnippet(doc.description, isMatch);
        break;
    }
    return hit;
  }
}
