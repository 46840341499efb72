/**
 * FerretDB's two backends side by side, each on a FerretDB of its own started by the project's
 * launcher with its default settings: SQLite files, and a private cluster of Debian's PostgreSQL
 * (server/dev/ferretdb/postgresql.go). The same rows as ferretdb-settings.ts (raw driver page read
 * and the API's page query without the cache, 50 connections; the change log filled and polled),
 * plus what the backends differ in most: reading a big table by a field that is not `_id`, i.e.
 * transcripts by `interviewId` among `transcripts` of them (FerretDB's explain says whether the
 * filter reached the backend, and PostgreSQL's plan whether an index served it).
 * docs/decisions/ferretdb-settings.md ("Backend") says which is the default and why.
 */
import { MongoClient, ObjectId } from 'mongodb';
import type { Database } from '../../server/src/db/connect.js';
import type { FerretDbBackend } from '../../server/dev/postgresql-binaries.js';
import type { StorageSettings } from '../../server/src/storage/storage.js';
import { median, percentile, round } from '../stats.js';
import { logFigures } from './ferretdb-settings.js';
import { onFreshFerretDb } from './fresh-ferretdb.js';

export const BACKENDS: { name: string; backend: FerretDbBackend; idIndex: boolean }[] = [
  { name: 'sqlite (with the _id expression index, the default)', backend: 'sqlite', idIndex: true },
  { name: "postgresql, FerretDB's own indexes only", backend: 'postgresql', idIndex: false },
  { name: "postgresql with the launcher's GIN indexes", backend: 'postgresql', idIndex: true },
];

/** Transcripts of ~450 segments each (the synthetic archive's 1,000 interviews hold 454,210), written in batches. */
async function writeTranscripts(db: Database, count: number) {
  const ids: ObjectId[] = [];
  const started = process.hrtime.bigint();
  for (let from = 0; from < count; from += 20) {
    const docs = [];
    for (let i = from; i < Math.min(from + 20, count); i++) {
      const interviewId = new ObjectId();
      ids.push(interviewId);
      docs.push({
        interviewId, language: 'kk', status: 'approved', source: 'manual', version: 1, createdAt: new Date(), updatedAt: new Date(),
        segments: Array.from({ length: 450 }, (_, s) => ({ _id: new ObjectId(), start: s * 12, end: s * 12 + 11.5, speaker: s % 2 ? 'N' : 'I', text: `Invented sentence ${s} of interview ${i}, ойдан шығарылған сөйлем.`, accessLevel: null })),
      });
    }
    await db.models.Transcript.collection.insertMany(docs, { ordered: false });
  }
  return { ids, writeSeconds: round(Number(process.hrtime.bigint() - started) / 1e9, 1) };
}

/** What FerretDB's explain says of a find: pushed down to the backend or not, and the backend's plan nodes. */
async function explainFind(uri: string, dbName: string, filter: object) {
  const client = await MongoClient.connect(uri);
  try {
    const out = await client.db(dbName).command({ explain: { find: 'transcripts', filter }, verbosity: 'queryPlanner' });
    const nodes: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === 'Node Type') nodes.push(String(x) + ((v as Record<string, unknown>)['Index Name'] ? ` (${String((v as Record<string, unknown>)['Index Name'])})` : ''));
          else if (k === 'detail' && typeof x === 'string') nodes.push(x);
          else walk(x);
        }
      }
    };
    walk(out.queryPlanner);
    return { filterPushdown: Boolean(out.filterPushdown), plan: nodes.join(' > ') || JSON.stringify(out.queryPlanner).slice(0, 200) };
  } finally {
    await client.close();
  }
}

/** One transcript by interviewId at a time (the way a page reads it); stops early when one read takes seconds. */
async function readsByField(uri: string, dbName: string, ids: ObjectId[]) {
  const client = await MongoClient.connect(uri);
  try {
    const transcripts = client.db(dbName).collection('transcripts');
    const latencies: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t = process.hrtime.bigint();
      const found = await transcripts.find({ interviewId: ids[(i * 37) % ids.length] }).toArray();
      if (found.length !== 1) throw new Error(`read by interviewId found ${found.length} transcripts, not 1`);
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (latencies.length >= 3 && median(latencies) > 2000) break;
    }
    return { reads: latencies.length, p50Ms: round(median(latencies), 1), p99Ms: round(percentile(latencies, 99), 1) };
  } finally {
    await client.close();
  }
}

export async function measureFerretDbBackends(storage: StorageSettings, durationS: number, logEntries: number, transcripts: number, log: (line: string) => void) {
  const results = [];
  for (const { name, backend, idIndex } of BACKENDS) {
    const fresh = { part: 'FerretDB backend', variant: name, settings: { backend, idIndex }, folderTag: `${backend}-`, databaseTag: 'backend', storage, durationS, log };
    results.push(await onFreshFerretDb(fresh, async ({ db, uri, dbName, page }) => {
      const written = await writeTranscripts(db, transcripts);
      await new Promise((ok) => setTimeout(ok, 5_000)); // the keepers' round (2 s), and a big table's index build
      const byField = { transcripts: transcripts + 1, writeSeconds: written.writeSeconds, ...(await readsByField(uri, dbName, written.ids)), explain: await explainFind(uri, dbName, { interviewId: written.ids[0] }) };
      log(`  transcripts by interviewId among ${byField.transcripts}: p50 ${byField.p50Ms} ms (pushdown ${byField.explain.filterPushdown}; ${byField.explain.plan})`);
      const changeLog = await logFigures(db, logEntries);
      log(`  change log of ${changeLog.entries}: filled at ${changeLog.insertsPerS} inserts/s, poll p50 ${changeLog.pollP50Ms} ms`);
      return { variant: name, backend, idIndex, rawDriverPageRead: page.rawDriverPageRead, pageQueryAnonymousNoCache: page.pageQueryAnonymousNoCache, transcriptsByInterviewId: byField, changeLog };
    }));
  }
  return results;
}

/** The part's table, a row per backend. */
export const backendTable = (results: Awaited<ReturnType<typeof measureFerretDbBackends>>) =>
  Object.fromEntries(results.map((r) => [r.variant, {
    'raw page reads/s': r.rawDriverPageRead.requestsPerS, 'raw p99': r.rawDriverPageRead.p99Ms,
    'API no cache req/s': r.pageQueryAnonymousNoCache.requestsPerS, 'API p99': r.pageQueryAnonymousNoCache.p99Ms,
    [`transcript by interviewId p50 ms (of ${r.transcriptsByInterviewId.transcripts})`]: r.transcriptsByInterviewId.p50Ms,
    'pushdown / plan': `${r.transcriptsByInterviewId.explain.filterPushdown} / ${r.transcriptsByInterviewId.explain.plan}`,
    'log inserts/s': r.changeLog.insertsPerS, [`poll p50 ms (${r.changeLog.entries})`]: r.changeLog.pollP50Ms,
  }]));
