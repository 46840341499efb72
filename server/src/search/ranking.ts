/**
 * After the library has found candidates: filters, facet counts over the hits that survive them,
 * ordering, and the page. Everything here works on interned ids and memoises per shared object,
 * because a common word can match tens of thousands of segments of a few hundred interviews.
 */
import type { DocStore, StoredDoc } from './doc-store.js';
import type { FacetCount, FacetName, SearchFilters } from './types.js';

export interface Candidate {
  stored: StoredDoc;
  score: number;
  /** Number of the query's vocabulary terms this document is tagged with. */
  tier: number;
  /** Index terms (folded keys) that matched, with their fields, for the snippet. */
  match: Record<string, string[]>;
}

/** A filter over stored documents; facet checks are memoised per shared facet array. */
export function compileFilter(store: DocStore, filters: SearchFilters | undefined): (s: StoredDoc) => boolean {
  if (!filters) return () => true;
  const kinds = filters.kinds?.length ? new Set(filters.kinds) : null;
  const interviews = filters.interviewIds?.length ? new Set(filters.interviewIds) : null;
  const { recordedFrom, recordedTo } = filters;
  const facetSets: Array<Set<number>> = [];
  for (const [name, values] of Object.entries(filters) as Array<[string, unknown]>) {
    if (name === 'kinds' || name === 'interviewIds' || name === 'recordedFrom' || name === 'recordedTo') continue;
    if (!Array.isArray(values) || values.length === 0) continue;
    const ids = new Set<number>();
    for (const v of values as string[]) {
      const id = store.facets.id(name as FacetName, v);
      if (id !== undefined) ids.add(id);
    }
    facetSets.push(ids);
  }
  const memo = new Map<Int32Array, boolean>();
  const facetsPass = (facetIds: Int32Array) => {
    let pass = memo.get(facetIds);
    if (pass === undefined) {
      pass = facetSets.every((set) => facetIds.some((id) => set.has(id)));
      memo.set(facetIds, pass);
    }
    return pass;
  };
  return ({ doc, facetIds }) => {
    if (kinds && !kinds.has(doc.kind)) return false;
    if (interviews && !('interviewId' in doc && interviews.has(doc.interviewId))) return false;
    if (recordedFrom !== undefined || recordedTo !== undefined) {
      const at = doc.recordedOn;
      if (at == null) return false;
      if (recordedFrom !== undefined && at < recordedFrom) return false;
      if (recordedTo !== undefined && at > recordedTo) return false;
    }
    return facetSets.length === 0 || facetsPass(facetIds);
  };
}

export function countFacets(store: DocStore, hits: readonly Candidate[], names: readonly FacetName[]) {
  const out: Partial<Record<FacetName, FacetCount[]>> = {};
  if (names.length === 0) return out;
  const wanted = new Set(names);
  const counts = new Int32Array(store.facets.facetOf.length);
  for (const hit of hits) for (const id of hit.stored.facetIds) counts[id]!++;
  for (const name of names) out[name] = [];
  counts.forEach((count, id) => {
    const facet = store.facets.facetOf[id]!;
    if (count > 0 && wanted.has(facet)) out[facet]!.push({ value: store.facets.valueOf[id]!, count });
  });
  for (const name of names) out[name]!.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return out;
}

export type Order = (a: Candidate, b: Candidate) => number;

export function orderFor(sort: 'relevance' | 'date' | 'date_asc' | undefined): Order {
  const byId: Order = (a, b) => (a.stored.doc.id < b.stored.doc.id ? -1 : a.stored.doc.id > b.stored.doc.id ? 1 : 0);
  const start = (c: Candidate) => ('start' in c.stored.doc ? c.stored.doc.start : 0);
  if (sort === 'date' || sort === 'date_asc') {
    const sign = sort === 'date' ? -1 : 1;
    return (a, b) => {
      const da = a.stored.doc.recordedOn;
      const db = b.stored.doc.recordedOn;
      // Undated documents go last in either direction.
      if (da == null || db == null) return da == null ? (db == null ? byId(a, b) : 1) : -1;
      return sign * (da - db) || start(a) - start(b) || byId(a, b);
    };
  }
  // Tagged with a term the query names ranks above plain text; then the text score.
  return (a, b) => b.tier - a.tier || b.score - a.score || byId(a, b);
}

/** The first `k` hits in order, without sorting all of them when k is small. */
export function topK(hits: Candidate[], k: number, order: Order): Candidate[] {
  if (k <= 0) return [];
  if (hits.length <= k * 4) return hits.sort(order).slice(0, k);
  const top: Candidate[] = [];
  for (const hit of hits) {
    if (top.length === k && order(hit, top[k - 1]!) >= 0) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (order(top[mid]!, hit) <= 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, hit);
    if (top.length > k) top.pop();
  }
  return top;
}
