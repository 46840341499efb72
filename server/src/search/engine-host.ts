/**
 * The search engine in a worker thread, seen from the API's main thread: the same operations as
 * SearchEngine, each a message and a promise. The main thread only reads the database and copies
 * documents into messages; indexing and its garbage collection run on the thread's own heap.
 *
 * A thread that dies (out of memory, a bug) rejects what it was asked and reports through onExit;
 * SearchIndex then starts a new one and rebuilds it from the database.
 */
import { Worker } from 'node:worker_threads';
import type { SearchDoc, SearchResponse, VocabularyEntry } from './types.js';
import type { EngineStats, Envelope, HostedQueryOptions, Replies, Reply, Request, Viewer } from './worker-protocol.js';

export type { HostedQueryOptions, Viewer } from './worker-protocol.js';

const WORKER_URL = new URL('./engine-worker.mjs', import.meta.url);
const MESSAGE_DOCS = 200;

interface Pending {
  resolve: (value: never) => void;
  reject: (err: Error) => void;
}

export interface HostOptions {
  /** Called once when the thread ends without stop(): its error, or its exit code. */
  onExit?: (error: Error) => void;
  /** Heap limit of the thread in MiB (V8's default otherwise). */
  maxHeapMiB?: number;
}

export class WorkerEngine {
  readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private documents = 0;
  private ended: Error | undefined;
  private stopping = false;

  constructor(private readonly options: HostOptions = {}) {
    this.worker = new Worker(WORKER_URL, {
      resourceLimits: options.maxHeapMiB ? { maxOldGenerationSizeMb: options.maxHeapMiB } : undefined,
    });
    // An idle engine thread does not keep a command-line process alive; one with work pending does.
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => this.settle(reply));
    let failure: Error | undefined;
    this.worker.on('error', (err) => {
      failure = err;
    });
    this.worker.on('exit', (code) => {
      const error = failure ?? new Error(`the search engine thread exited (code ${code})`);
      this.ended = this.stopping ? new Error('the search engine was stopped') : error;
      for (const p of this.pending.values()) p.reject(this.ended);
      this.pending.clear();
      if (!this.stopping) this.options.onExit?.(error);
    });
  }

  /** Documents indexed, as of the last reply. */
  get size(): number {
    return this.documents;
  }

  get alive(): boolean {
    return !this.ended;
  }

  /**
   * In messages of at most MESSAGE_DOCS documents: copying a message is synchronous work on the
   * main thread, so a long transcript is not one long copy. Messages are handled in order.
   */
  async add(docs: Iterable<SearchDoc>): Promise<void> {
    const all = Array.from(docs);
    const sent: Promise<void>[] = [];
    for (let i = 0; i < all.length || i === 0; i += MESSAGE_DOCS) sent.push(this.call({ op: 'add', docs: all.slice(i, i + MESSAGE_DOCS) }));
    await Promise.all(sent);
  }

  remove(ids: Iterable<string>): Promise<void> {
    return this.call({ op: 'remove', ids: Array.from(ids) });
  }

  removeInterview(interviewId: string): Promise<void> {
    return this.call({ op: 'removeInterview', interviewId });
  }

  setVocabulary(terms: readonly VocabularyEntry[]): Promise<void> {
    return this.call({ op: 'setVocabulary', terms });
  }

  /** The thread judges each hit with the access policy's functions for this viewer. */
  query(q: string, options: HostedQueryOptions, viewer: Viewer): Promise<SearchResponse> {
    return this.call({ op: 'query', q, options, viewer });
  }

  stats(gc = false): Promise<EngineStats> {
    return this.call({ op: 'stats', gc });
  }

  /** Ends the thread; what it was still asked is rejected. */
  async stop(): Promise<void> {
    if (this.ended) return;
    this.stopping = true;
    await this.worker.terminate();
  }

  private call<R extends Request>(request: R): Promise<Replies[R['op']]> {
    if (this.ended) return Promise.reject(this.ended);
    const id = this.nextId++;
    return new Promise<Replies[R['op']]>((resolve, reject) => {
      // A request that cannot be copied (a function, a symbol) fails here, before anything waits on it.
      this.worker.postMessage({ ...request, id } satisfies Envelope);
      this.pending.set(id, { resolve: resolve as (value: never) => void, reject });
      if (this.pending.size === 1) this.worker.ref();
    });
  }

  private settle(reply: Reply) {
    const p = this.pending.get(reply.id);
    this.documents = reply.size;
    if (!p) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.ok) p.resolve(reply.value as never);
    else p.reject(Object.assign(new Error(`search engine: ${reply.error.message}`), { cause: reply.error.stack }));
  }
}
