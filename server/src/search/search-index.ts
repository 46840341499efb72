/**
 * The API's search index: built from the database at start (so it is right after a restart), then
 * kept in step by a change log in the database that every API instance tails. FerretDB has no change
 * streams, so instances poll the log (every 500 ms, so the anonymous cache keyed by it follows a change within 1 s); each instance applies every change itself, so
 * several instances converge on the same index. An archive that outgrows one machine's memory moves
 * this behind the same SearchEngine interface to a search server (OpenSearch or Meilisearch with the
 * same folding as an analyzer), fed by the same log.
 *
 * The engine lives in a worker thread (engine-host.ts): this class reads the database and sends
 * documents; a thread that dies is replaced and rebuilt from the database, and until then searches
 * wait for the new one.
 */
import { Types } from 'mongoose';
import type { Actor } from '../access/actor.js';
import type { Models } from '../db/models.js';
import { type HostedQueryOptions, WorkerEngine } from './engine-host.js';
import { type Change, ChangeLog, READER_HEARTBEAT_MS } from './change-log.js';
import { streamArchive, type StreamCounts } from './archive-stream.js';
import { SearchFeed } from './feed.js';
import type { Localized } from '../common/localized.js';
import type { SearchDoc, SearchResponse, VocabularyEntry } from './types.js';

export const SEARCH_CHANGES = 'search_changes';
export type ChangeKind = 'Interview' | 'Transcript' | 'Narrator' | 'Collection' | 'VocabularyTerm';
/**
 * What the log records: what search shows, and what else the public sees (the anonymous cache is keyed
 * by the log's position, so a revoked class link or a replaced media file must move it too).
 */
// A User's roles or status close the class links they made.
const KINDS: readonly string[] = ['Interview', 'Transcript', 'Narrator', 'Collection', 'VocabularyTerm', 'ClassLink', 'MediaAsset', 'CollectionImage', 'User'];

/** Records that something the public may see has changed; called for every audited change. */
export async function markSearchChange(models: Models, kind: string, targetId: Types.ObjectId): Promise<void> {
  if (!KINDS.includes(kind)) return;
  await new ChangeLog(models).append(kind, targetId);
}

export class SearchIndex {
  /** Started on first use: a SearchIndex that is never started costs no thread. */
  private thread: WorkerEngine | undefined;
  private readonly feed: SearchFeed;
  private built: Promise<void> | undefined;
  /** Settles when the current engine thread holds the whole archive (after a start, a rebuild or a restart). */
  private ready: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The last change log position applied here (the anonymous cache keys its answers by it). */
  private applied = 0;
  private readonly log: ChangeLog;
  /** This instance as a reader of the log, so the sweep keeps what it still needs. */
  private readonly readerId = new Types.ObjectId();
  private reported = { position: -1, at: 0 };
  private polledAt = 0;
  private readonly listeners = new Set<(position: number) => void>();
  /**
   * The narrators each interview named when it was last indexed here: a narrator taken off an
   * interview must be re-judged too, or they stay visible through an interview that no longer names them.
   */
  private readonly narratorsIndexedFor = new Map<string, string[]>();
  /**
   * The vocabulary's names by term id, as this index last read them (with the terms it matches):
   * facet values are named from here, so a results page reads no term from the database.
   */
  private termNames = new Map<string, Localized>();
  private polling = false;
  private current: Promise<number> | undefined;
  private stopped = false;
  /** The last full build: what it read and how long it took (for operators and the bench). */
  lastBuild: (StreamCounts & { ms: number }) | undefined;
  /** Engine threads replaced after they died, and the last reason (for operators and tests). */
  restarts = 0;
  lastFailure: Error | undefined;

  constructor(private readonly models: Models, private readonly pollMs = 500) {
    this.feed = new SearchFeed(models);
    this.log = new ChangeLog(models);
  }

  /** The change log position this instance has applied; it moves after each poll that found changes. */
  get position(): number {
    return this.applied;
  }

  /**
   * When this instance last finished reading the log (ms since the epoch; 0 before the first poll and
   * after stop): the anonymous cache answers only while this is recent.
   */
  get lastPolledAt(): number {
    return this.stopped ? 0 : this.polledAt;
  }

  /** Called with the new position after each poll that applied changes. */
  onAdvance(listener: (position: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private get engine(): WorkerEngine {
    this.thread ??= this.spawn();
    return this.thread;
  }

  private set engine(engine: WorkerEngine) {
    this.thread = engine;
  }

  /** Builds the index (once) and starts following the change log. */
  start(): Promise<void> {
    this.built ??= this.build().then(() => {
      if (this.stopped) return;
      this.timer = setInterval(() => {
        // A failed poll (the database blinked) is retried by the next one; the log keeps the changes.
        this.poll().catch((err: unknown) => {
          // After stop() the database may be closing under a poll already under way: nothing to report.
          if (!this.stopped) console.error('search: applying changes failed, will retry:', (err as Error).message);
        });
      }, this.pollMs);
      this.timer.unref();
    });
    return this.built;
  }

  /** Stops following the log and ends the engine thread; resolves once a poll under way has finished. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.stopped = true;
    await this.current?.catch(() => undefined);
    await this.thread?.stop();
    // A build under way notices at its next step and reads no more from the database.
    await this.ready?.catch(() => undefined);
  }

  async query(actor: Actor, q: string, options: HostedQueryOptions, now = new Date()): Promise<SearchResponse> {
    if (this.stopped) throw new Error('search: the index is stopped');
    await this.start();
    await this.ready;
    return this.engine.query(q, options, { actor, now });
  }

  get size(): number {
    return this.thread?.size ?? 0;
  }

  /** The names of these terms (null for an id the vocabulary lacks), as of this index's position. */
  termLabels(ids: readonly string[]): (Localized | null)[] {
    return ids.map((id) => this.termNames.get(id) ?? null);
  }

  private setVocabulary(engine: WorkerEngine, terms: readonly VocabularyEntry[]): Promise<void> {
    this.termNames = new Map(terms.flatMap((t) => (t.names ? [[t.id, t.names] as const] : [])));
    return engine.setVocabulary(terms);
  }

  /** A full rebuild from the database (the rebuildSearchIndex mutation; a restart does the same). */
  async rebuild(): Promise<void> {
    await this.swapIn(this.spawn());
  }

  /** The engine thread, for operators' statistics and the tests that stop it by force. */
  get host(): WorkerEngine {
    return this.engine;
  }

  private spawn(): WorkerEngine {
    const engine: WorkerEngine = new WorkerEngine({ onExit: (error) => this.died(engine, error) });
    return engine;
  }

  /** A dead thread: say so, and put a rebuilt one in its place (searches wait for it meanwhile). */
  private died(engine: WorkerEngine, error: Error) {
    if (this.stopped || engine !== this.thread) return;
    this.lastFailure = error;
    this.restarts++;
    console.error(`search: the engine thread failed (${error.message}); restarting and rebuilding from the database`);
    const fresh = this.spawn();
    this.engine = fresh;
    const rebuilt = this.fill(fresh).catch((err: unknown) => {
      if (this.stopped) return;
      this.lastFailure = err as Error;
      console.error('search: rebuilding after a failure failed:', (err as Error).message);
    });
    this.ready = rebuilt.then(() => this.advance(this.applied));
    // Changes logged while rebuilding are read by the next poll (the rebuild reads the database after
    // the position it keeps); applying one twice is harmless.
  }

  /** Fills a fresh thread and swaps it in; the old one answers until then. */
  private async swapIn(fresh: WorkerEngine) {
    try {
      await this.fill(fresh);
    } catch (err) {
      await fresh.stop();
      throw err;
    }
    const old = this.engine;
    this.engine = fresh;
    await old.stop();
    // Search answers change with the new index even though the position does not: tell the cache.
    this.advance(this.applied);
  }

  private async build() {
    // The position before the build: changes during it are read afterwards, so none is missed.
    this.applied = await this.log.head();
    this.ready = this.fill(this.engine);
    try {
      await this.ready;
    } catch (err) {
      // Stopped while building (the API shutting down): nothing to report.
      if (!this.stopped) throw err;
    }
  }

  /** Streams the archive into an engine, each collection read once (archive-stream.ts). */
  private async fill(engine: WorkerEngine) {
    // After stop() (or the thread's death) no more database reads.
    const running = () => !this.stopped && engine.alive;
    this.narratorsIndexedFor.clear();
    const started = Date.now();
    const counts = await streamArchive(this.models, {
      running,
      vocabulary: (terms) => this.setVocabulary(engine, terms),
      add: (docs) => engine.add(docs),
      interviewNarrators: (id, narratorIds) => {
        if (narratorIds.length) this.narratorsIndexedFor.set(id, narratorIds);
      },
    });
    this.lastBuild = { ...counts, ms: Date.now() - started };
  }

  /** Applies the changes logged since the last poll; public for tests that do not want to wait. */
  poll(): Promise<number> {
    if (this.stopped) return Promise.resolve(0);
    // A poll under way: wait for it rather than answer before it has read anything.
    if (this.polling) return this.current ?? Promise.resolve(0);
    this.current = this.pollOnce();
    return this.current;
  }

  private async pollOnce(): Promise<number> {
    this.polling = true;
    try {
      const { changes, gap } = await this.log.readAfter(this.applied);
      if (gap) {
        // Silent past the readers' timeout, this instance lost entries to the sweep: start over.
        console.error('search: the change log moved past this instance; rebuilding from the database');
        const head = await this.log.head();
        await this.rebuild();
        this.advance(head);
        return 0;
      }
      for (const change of changes) {
        if (this.stopped) break;
        await this.apply(change);
        this.applied = change.seq;
      }
      if (changes.length) this.advance(this.applied);
      if (!this.stopped) this.polledAt = Date.now();
      await this.heartbeat();
      return changes.length;
    } finally {
      this.polling = false;
    }
  }

  private advance(position: number) {
    this.applied = Math.max(this.applied, position);
    for (const listener of this.listeners) listener(this.applied);
  }

  /** Tells the sweep where this instance is: when it moved, and at least every READER_HEARTBEAT_MS. */
  private async heartbeat(now = Date.now()) {
    if (this.reported.position === this.applied && now - this.reported.at < READER_HEARTBEAT_MS) return;
    await this.log.report(this.readerId, this.applied, new Date(now));
    this.reported = { position: this.applied, at: now };
  }

  private async apply(change: Change) {
    const id = change.targetId.toHexString();
    switch (change.kind) {
      case 'Transcript': {
        const t = await this.models.Transcript.findById(change.targetId, { interviewId: 1 }).lean();
        if (t) await this.reindexInterview(t.interviewId.toHexString());
        return;
      }
      case 'Interview':
        return this.reindexInterview(id);
      case 'Narrator':
        return this.replace(`nar:${id}`, await this.feed.narratorDoc(id));
      case 'Collection':
        return this.replace(`col:${id}`, await this.feed.collectionDoc(id));
      case 'VocabularyTerm':
        await this.setVocabulary(this.engine, await this.feed.vocabulary());
        return;
    }
  }

  /** An interview's documents, and its narrators' (whose visibility follows their interviews). */
  private async reindexInterview(id: string) {
    await this.engine.removeInterview(id);
    const before = this.narratorsIndexedFor.get(id) ?? [];
    await this.engine.add(this.remember(id, await this.feed.interviewDocs(id)));
    const now = this.narratorsIndexedFor.get(id) ?? [];
    for (const n of new Set([...before, ...now])) await this.replace(`nar:${n}`, await this.feed.narratorDoc(n));
  }

  /** Notes the narrators an interview's documents name (from its interview document), and passes the documents on. */
  private remember(interviewId: string, docs: SearchDoc[]): SearchDoc[] {
    const own = docs.find((d) => d.kind === 'interview');
    if (own && own.kind === 'interview' && own.narratorIds?.length) this.narratorsIndexedFor.set(interviewId, [...own.narratorIds]);
    else this.narratorsIndexedFor.delete(interviewId);
    return docs;
  }

  private async replace(docId: string, doc: Awaited<ReturnType<SearchFeed['narratorDoc']>>) {
    await this.engine.remove([docId]);
    if (doc) await this.engine.add([doc]);
  }
}
