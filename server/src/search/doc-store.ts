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
  /** Folded words of every indexed field, as key ids, fields separated by FIELD_BREAK. */
  keys: Int32Array;
  /** Interned facet values; shared by every document with the same facets object. */
  facetIds: Int32Array;
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

  /** Per key id, the serial of the last document that counted it in df (no Set per document). */
  private readonly lastCounted: number[] = [];
  private serial = 0;

  /** Stores a document and returns its fields as folded key strings, ready for the library. */
  put(doc: SearchDoc): { title: string[]; text: string[]; keywords: string[] } {
    const fields = indexedFields(doc);
    const folded = { title: foldText(fields.title), text: foldText(fields.text), keywords: foldText(fields.keywords) };
    const keys = new Int32Array(folded.title.length + folded.text.length + folded.keywords.length + 2);
    const serial = ++this.serial;
    let at = 0;
    for (const field of [folded.title, folded.text, folded.keywords]) {
      if (at > 0) keys[at++] = FIELD_BREAK;
      for (const key of field) {
        const id = this.dictionary.intern(key);
        keys[at++] = id;
        if (this.lastCounted[id] !== serial) {
          this.lastCounted[id] = serial;
          this.dictionary.df[id]!++;
        }
      }
    }
    this.byId.set(doc.id, { doc, keys, facetIds: this.facets.encode(doc.facets) });
    const interviewId = 'interviewId' in doc ? doc.interviewId : undefined;
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
    for (const keyId of new Set(stored.keys)) if (keyId !== FIELD_BREAK) this.dictionary.df[keyId]!--;
    this.byId.delete(id);
    const interviewId = 'interviewId' in stored.doc ? stored.doc.interviewId : undefined;
    if (interviewId) {
      const ids = this.byInterview.get(interviewId);
      ids?.delete(id);
      if (ids?.size === 0) this.byInterview.delete(interviewId);
    }
    return true;
  }
}
