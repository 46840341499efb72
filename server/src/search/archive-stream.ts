/**
 * The whole archive's search documents for a fresh index, reading each collection once, by one
 * cursor: terms, collections, narrators, interviews, then the transcripts, streamed. Reading the
 * transcripts once per interview by `interviewId` scanned the whole transcripts table each time on
 * FerretDB 1.24 (docs/decisions/ferretdb-settings.md): hours at 1,000 interviews.
 *
 * Memory: what is kept while streaming is per interview and per narrator (its facets, its guard, the
 * narrators' names and the guards of the interviews naming them), never the text of the transcripts,
 * which go to the engine a batch at a time as the cursor reads them. The engine itself holds the
 * index, as it always has.
 */
import type { CollectionDoc } from '../collections/collection.model.js';
import type { Models } from '../db/models.js';
import type { InterviewDoc } from '../interviews/interview.model.js';
import type { NarratorDoc } from '../narrators/narrator.model.js';
import type { TranscriptDoc } from '../transcripts/transcript.model.js';
import type { VocabularyTermDoc } from '../vocabulary/vocabulary.model.js';
import {
  collectionDocOf, guardOf, type InterviewBase, interviewBase, interviewOwnDocs, narratorDocOf, transcriptDocs, vocabularyEntries,
} from './feed.js';
import type { SearchDoc, VocabularyEntry } from './types.js';

/** Documents per batch handed to the engine (it splits them into messages again). */
const BATCH = 2_000;
/** Transcripts per cursor batch: each may hold thousands of segments. */
const TRANSCRIPTS_PER_BATCH = 8;

export interface ArchiveSink {
  vocabulary(terms: VocabularyEntry[]): Promise<void>;
  add(docs: SearchDoc[]): Promise<void>;
  /** The narrators an interview's documents name (the index re-judges them when it changes). */
  interviewNarrators(interviewId: string, narratorIds: string[]): void;
  /** Checked before each read: false stops the stream (the index stopped). */
  running(): boolean;
}

export interface StreamCounts {
  interviews: number;
  transcripts: number;
  documents: number;
}

export async function streamArchive(models: Models, sink: ArchiveSink): Promise<StreamCounts> {
  const counts: StreamCounts = { interviews: 0, transcripts: 0, documents: 0 };
  let batch: SearchDoc[] = [];
  const push = async (docs: SearchDoc[]) => {
    batch.push(...docs);
    counts.documents += docs.length;
    if (batch.length >= BATCH) await flush();
  };
  const flush = async () => {
    const out = batch;
    batch = [];
    if (out.length) await sink.add(out);
  };
  async function* each<T>(cursor: AsyncIterable<unknown>): AsyncGenerator<T> {
    for await (const doc of cursor) {
      if (!sink.running()) throw new Error('search: the index stopped while building');
      yield doc as T;
    }
  }

  const terms = await models.VocabularyTerm.find({}).lean<VocabularyTermDoc[]>();
  await sink.vocabulary(vocabularyEntries(terms));
  const termKind = new Map(terms.map((t) => [t._id.toHexString(), t.kind]));

  const showing = new Map<string, string[]>();
  for await (const c of each<CollectionDoc>(models.Collection.find({}).lean().cursor())) {
    await push([collectionDocOf(c)]);
    if (c.status !== 'published') continue;
    for (const block of c.blocks) {
      if (!block.interviewId) continue;
      const k = String(block.interviewId);
      const list = showing.get(k) ?? [];
      if (!list.includes(c._id.toHexString())) showing.set(k, [...list, c._id.toHexString()]);
    }
  }

  const narrators = new Map<string, NarratorDoc>();
  for await (const n of each<NarratorDoc>(models.Narrator.find({}).lean().cursor())) narrators.set(n._id.toHexString(), n);
  const guardsOfNarrator = new Map<string, ReturnType<typeof guardOf>[]>();

  const bases = new Map<string, InterviewBase>();
  for await (const interview of each<InterviewDoc>(models.Interview.find({}).lean().cursor())) {
    const id = interview._id.toHexString();
    const named = interview.narratorIds.map((n) => narrators.get(String(n))).filter((n): n is NarratorDoc => Boolean(n));
    const parts = { narrators: named, termKind: (t: string) => termKind.get(t), collectionIds: showing.get(id) ?? [] };
    const base = interviewBase(interview, parts);
    bases.set(id, base);
    for (const n of interview.narratorIds.map(String)) guardsOfNarrator.set(n, [...(guardsOfNarrator.get(n) ?? []), base.guard]);
    sink.interviewNarrators(id, interview.narratorIds.map(String));
    await push(interviewOwnDocs(interview, parts, base));
    counts.interviews++;
  }
  for (const [id, n] of narrators) await push([narratorDocOf(n, guardsOfNarrator.get(id) ?? [])]);
  narrators.clear();

  const transcripts = models.Transcript.find({}).lean().cursor({ batchSize: TRANSCRIPTS_PER_BATCH });
  for await (const t of each<TranscriptDoc>(transcripts)) {
    // A transcript of an interview written after the interviews were read: its change is in the log.
    const base = bases.get(String(t.interviewId));
    if (!base) continue;
    await push(transcriptDocs(t, base));
    counts.transcripts++;
  }
  await flush();
  return counts;
}
