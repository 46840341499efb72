/**
 * Messages between the API's main thread and the thread that hosts the search engine. Everything is
 * plain data (structured clone): documents of one interview sent in one message keep sharing their
 * access and facet objects, so visibility is still judged once per interview. A query carries the
 * viewer (actor and time), not a copy of any rule: the thread applies the access policy's own
 * functions (visibilityFor) to it.
 */
import type { Actor } from '../access/actor.js';
import type { QueryOptions, SearchDoc, SearchResponse, VocabularyEntry } from './types.js';

export interface Viewer {
  actor: Actor;
  now: Date;
}

export type HostedQueryOptions = Omit<QueryOptions, 'visible'>;

export interface EngineStats {
  documents: number;
  keys: number;
  longestSliceMs: number;
  slices: number;
  slicesOver50ms: number;
  heapUsed: number;
}

export type Request =
  | { op: 'add'; docs: SearchDoc[] }
  | { op: 'remove'; ids: string[] }
  | { op: 'removeInterview'; interviewId: string }
  | { op: 'setVocabulary'; terms: readonly VocabularyEntry[] }
  | { op: 'query'; q: string; options: HostedQueryOptions; viewer: Viewer }
  /** Benchmarks: collect garbage in the thread (when started with --expose-gc) and report. */
  | { op: 'stats'; gc?: boolean };

export interface Replies {
  add: void;
  remove: void;
  removeInterview: void;
  setVocabulary: void;
  query: SearchResponse;
  stats: EngineStats;
}

export type Envelope = Request & { id: number };

export type Reply =
  | { id: number; ok: true; value: unknown; size: number }
  | { id: number; ok: false; error: { message: string; stack?: string }; size: number };
