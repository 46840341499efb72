/**
 * What the engine keeps beside the library's inverted index: each document with its folded words as
 * interned ids (phrase adjacency and common-word checks without re-reading text), its facet values
 * as interned ids (filters and counts in typed arrays), and document frequencies per key (to tell a
 * misspelt word from a known one, and a common word from a rare one).
 */
import { foldText } from './normalize.js';
import { FACET_NAMES, type FacetName, type FacetValues, type SearchDoc } from './types.js';

/** Separates fields in a document's key sequence, so a phrase never spans a title and a text. */
export const FIELD_BREAK = -1;

export interface StoredDoc {
  doc: SearchDoc;
  /**
   * Folded words of every indexed field, as key ids, fields separated by FIELD_BREAK: the range
   * [start, start + length) of a pooled chunk (a typed array of its own per document would cost
   * more in object headers than its ~25 keys).
   */
  chunk: Int32Array;
  start: number;
  length: number;
  /** Interned facet values; shared by every document with the same facets object. */
  facetIds: Int32Array;
}

/**
 * Key sequences of all documents in a few large chunks. A removed document's range becomes a hole;
 * when holes are half of what is in use, the live ranges are copied into fresh chunks.
 */
class KeyPool {
  private chunk: Int32Array;
  private used = 0;
  private live = 0;
  private holes = 0;

  constructor(private readonly size: number) {
    this.chunk = new Int32Array(size);
  }

  reserve(length: number): { chunk: Int32Array; start: number } {
    if (this.used + length > this.chunk.length) {
      this.chunk = new Int32Array(Math.max(this.size, length));
      this.used = 0;
    }
    const start = this.used;
    this.used += length;
    this.live += length;
    return { chunk: this.chunk, start };
  }

  release(length: number): boolean {
    this.live -= length;
    this.holes += length;
    return this.holes > this.size && this.holes > this.live;
  }

  compact(docs: Iterable<StoredDoc>): void {
    this.chunk = new Int32Array(this.size);
    this.used = this.live = this.holes = 0;
    for (const stored of docs) {
      const { chunk, start } = this.reserve(stored.length);
      chunk.set(stored.chunk.subarray(stored.start, stored.start + stored.length), start);
      stored.chunk = chunk;
      stored.start = start;
    }
  }
}

/** The text fields the engine indexes, per document kind. */
export function indexedFields(doc: SearchDoc): { title: string; text: string; keywords: string } {
  switch (doc.kind) {
    case 'segment':
      return { title: '', text: doc.text, keywords: '' };
    case 'indexSegment':
      return { title: doc.title, text: doc.synopsis, keywords: doc.keywords.join(' ; ') };
    case 'interview':
      return { title: [doc.title, ...doc.names].join(' ; '), text: doc.summary, keywords: doc.keywords.join(' ; ') };
    case 'narrator':
      return { title: doc.names.join(' ; '), text: doc.biography, keywords: '' };
    case 'collection':
      return { title: doc.title, text: doc.description, keywords: '' };
  }
}

export class KeyDictionary {
  private readonly ids = new Map<string, number>();
  readonly keys: string[] = [];
  /** Number of documents containing each key. */
  readonly df: number[] = [];

  intern(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.ids.set(key, id);
      this.keys.push(key);
      this.df.push(0);
    }
    return id;
  }

  id(key: string): number | undefined {
    return this.ids.get(key);
  }

  docFrequency(key: string): number {
    const id = this.ids.get(key);
    return id === undefined ? 0 : this.df[id]!;
  }
}

export class FacetDictionary {
  private readonly ids = new Map<string, number>();
  readonly facetOf: FacetName[] = [];
  readonly valueOf: string[] = [];
  private readonly cache = new WeakMap<FacetValues, Int32Array>();

  id(facet: FacetName, value: string): number | undefined {
    return this.ids.get(`${facet}\u0000${value}`);
  }

  private intern(facet: FacetName, value: string): number {
    const name = `${facet}\u0000${value}`;
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.facetOf.length;
      this.ids.set(name, id);
      this.facetOf.push(facet);
      this.valueOf.push(value);
    }
    return id;
  }

  /** Documents of one interview share a facets object: intern it once. */
  encode(values: FacetValues): Int32Array {
    let encoded = this.cache.get(values);
    if (!encoded) {
      const ids: number[] = [];
      for (const facet of FACET_NAMES) for (const v of values[facet] ?? []) ids.push(this.intern(facet, v));
      encoded = Int32Array.from(new Set(ids));
      this.cache.set(values, encoded);
    }
    return encoded;
  }
}

export class DocStore {
  readonly byId = new Map<string, StoredDoc>();
  readonly byInterview = new Map<string, Set<string>>();
  readonly dictionary = new KeyDictionary();
  readonly facets = new FacetDictionary();
  private readonly pool: KeyPool;
  /**
   * Strings repeated on many documents (an interview id, a kind, a language): documents arrive
   * copied from another thread, each with its own copy of them; one copy is kept.
   */
  private readonly strings = new Map<string, string>();

  private shared(value: string): string {
    let kept = this.strings.get(value);
    if (kept === undefined) this.strings.set(value, (kept = value));
    return kept;
  }

  /** Per key id, the serial of the last document that counted it in df (no Set per document). */
  private readonly lastCounted: number[] = [];
  private serial = 0;

  /** keyChunk: ids per pooled chunk (small in tests, to exercise compaction). */
  constructor(keyChunk = 1 << 20) {
    this.pool = new KeyPool(keyChunk);
  }

  /** Stores a document and returns its fields as folded key strings, ready for the library. */
  put(doc: SearchDoc): { title: string[]; text: string[]; keywords: string[] } {
    const fields = indexedFields(doc);
    const folded = { title: foldText(fields.title), text: foldText(fields.text), keywords: foldText(fields.keywords) };
    const length = folded.title.length + folded.text.length + folded.keywords.length + 2;
    const { chunk, start } = this.pool.reserve(length);
    const serial = ++this.serial;
    let at = start;
    for (const field of [folded.title, folded.text, folded.keywords]) {
      if (at > start) chunk[at++] = FIELD_BREAK;
      for (const key of field) {
        const id = this.dictionary.intern(key);
        chunk[at++] = id;
        if (this.lastCounted[id] !== serial) {
          this.lastCounted[id] = serial;
          this.dictionary.df[id]!++;
        }
      }
    }
    const mutable = doc as { kind: string; interviewId?: string; language?: string };
    mutable.kind = this.shared(doc.kind);
    if (mutable.interviewId) mutable.interviewId = this.shared(mutable.interviewId);
    if (mutable.language) mutable.language = this.shared(mutable.language);
    this.byId.set(doc.id, { doc, chunk, start, length, facetIds: this.facets.encode(doc.facets) });
    const interviewId = mutable.interviewId;
    if (interviewId) {
      let ids = this.byInterview.get(interviewId);
      if (!ids) this.byInterview.set(interviewId, (ids = new Set()));
      ids.add(doc.id);
    }
    return folded;
  }

  delete(id: string): boolean {
    const stored = this.byId.get(id);
    if (!stored) return false;
    const serial = ++this.serial;
    for (let at = stored.start; at < stored.start + stored.length; at++) {
      const keyId = stored.chunk[at]!;
      if (keyId === FIELD_BREAK || this.lastCounted[keyId] === serial) continue;
      this.lastCounted[keyId] = serial;
      this.dictionary.df[keyId]!--;
    }
    this.byId.delete(id);
    if (this.pool.release(stored.length)) this.pool.compact(this.byId.values());
    const interviewId = 'interviewId' in stored.doc ? stored.doc.interviewId : undefined;
    if (interviewId) {
      const ids = this.byInterview.get(interviewId);
      ids?.delete(id);
      if (ids?.size === 0) this.byInterview.delete(interviewId);
    }
    return true;
  }
}
