/**
 * The API's read path under 50 connections on a database that holds an archive (the e2e stack's demo
 * data, then the synthetic archive): bare Apollo (`{__typename}`), the raw driver read of one
 * interview page's records (the four queries the page needs, in a concurrent loop), and the
 * interview page's GraphQL query, anonymous with and without the anonymous cache, and as a teacher.
 * The APIs run in this process on the archive's database (the load generator shares their loop, as
 * it did for the figures).
 */
import autocannon from 'autocannon';
import { MongoClient, ObjectId } from 'mongodb';
import { createApi } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { connectDatabase } from '../../server/src/db/connect.js';
import { Storage, type StorageSettings } from '../../server/src/storage/storage.js';
import { median, percentile, round } from '../stats.js';
/** The site's interview page query (web/src/routes/[lang=lang]/(public)/interviews/[id]/+page.server.ts), its fields as the page asks. */
const PAGE_QUERY = `query InterviewPage($id: ID!, $transcript: String) { interview(id: $id) { id playbackUrl playbackKind waveformUrl
  title { kk ru en } summary { kk ru en } durationSeconds languages recordedOn place placeTerm { ...T } interviewers { name }
  narrators { id displayName { kk ru en } names { value script lang } birthYear birthPlace ethnicIdentity roles ethnicGroups { ...T } biography { kk ru en } }
  tags { ...T } indexSegments { id start end title { kk ru en } synopsis { kk ru en } keywords } transcripts { id language }
  transcript(language: $transcript) { id language status segments { id start end speaker text } } updatedAt } }
fragment T on VocabularyTerm { id key kind labels { kk ru en } startYear endYear }`;

export interface Load {
  requestsPerS: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** One interview page's records, as the raw driver reads them. */
export interface PageRecords {
  interviewId: ObjectId;
  narratorIds: ObjectId[];
  termIds: ObjectId[];
  /** From the interview's list of parts (server/src/interviews/interview-parts.ts). */
  transcriptIds: ObjectId[];
}

/** The ids the page's records point to, read from the interview (and its narrators' groups). */
export async function pageRecords(uri: string, dbName: string, interviewId: string): Promise<PageRecords> {
  const client = await MongoClient.connect(uri);
  try {
    const db = client.db(dbName);
    const interview = await db.collection('interviews').findOne({ _id: new ObjectId(interviewId) });
    if (!interview) throw new Error(`no interview ${interviewId} in ${dbName}`);
    const narratorIds = (interview.narratorIds ?? []) as ObjectId[];
    const narrators = await db.collection('narrators').find({ _id: { $in: narratorIds } }).toArray();
    const termIds = [...(interview.tagIds ?? []), ...(interview.placeTermId ? [interview.placeTermId] : []), ...narrators.flatMap((n) => n.ethnicGroupIds ?? [])] as ObjectId[];
    const parts = await db.collection('interview_parts').findOne({ _id: interview._id });
    if (!parts?.complete) throw new Error(`interview ${interviewId} has no complete list of parts`);
    return { interviewId: interview._id as ObjectId, narratorIds, termIds, transcriptIds: (parts.transcriptIds ?? []) as ObjectId[] };
  } finally {
    await client.close();
  }
}

async function cannon(url: string, body: string, connections: number, durationS: number, headers: Record<string, string> = {}): Promise<Load> {
  const r = await autocannon({ url, connections, duration: durationS, timeout: 60, requests: [{ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }] });
  return { requestsPerS: round(r.requests.average, 1), p50Ms: r.latency.p50, p99Ms: r.latency.p99, requests: r.requests.total, errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx };
}

/**
 * The page's records straight from the driver, `connections` loops at once: the interview and its
 * list of parts, then its narrators, terms and transcripts, each record by `_id` (the only filter
 * FerretDB 1.24 reads through an index; a read by interviewId scans the transcripts table), as the
 * API's read layer reads them (server/src/db/id-lookup.ts).
 */
export async function rawReads(uri: string, dbName: string, ids: PageRecords, connections: number, durationS: number): Promise<Load> {
  const client = await MongoClient.connect(uri, { maxPoolSize: connections });
  try {
    const db = client.db(dbName);
    const latencies: number[] = [];
    const until = Date.now() + durationS * 1000;
    let errors = 0;
    const loop = async () => {
      while (Date.now() < until) {
        const t = process.hrtime.bigint();
        try {
          const byId = (collection: string, list: ObjectId[]) => list.map((_id) => db.collection(collection).findOne({ _id }));
          await Promise.all([db.collection('interviews').findOne({ _id: ids.interviewId }), db.collection('interview_parts').findOne({ _id: ids.interviewId })]);
          await Promise.all([...byId('narrators', ids.narratorIds), ...byId('vocabulary_terms', ids.termIds), ...byId('transcripts', ids.transcriptIds)]);
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        } catch {
          errors++;
        }
      }
    };
    await Promise.all(Array.from({ length: connections }, loop));
    return { requestsPerS: round(latencies.length / durationS, 1), p50Ms: round(median(latencies), 1), p99Ms: round(percentile(latencies, 99), 1), requests: latencies.length, errors, timeouts: 0, non2xx: 0 };
  } finally {
    await client.close();
  }
}

export interface ApiTarget {
  mongoUri: string;
  dbName: string;
  storage: StorageSettings;
  interviewId: string;
  transcriptLanguage: string;
  /** The number of segments the page's transcript has (the public may be given fewer: restricted passages are withheld). */
  segments: number;
  /** A signed-in teacher's session token on this database. */
  teacherToken: string;
}

/** One at a time, `times` in a row: for reads that take seconds each, where 50 connections would queue for many minutes. */
async function oneByOne(times: number, run: () => Promise<unknown>): Promise<Load> {
  const latencies: number[] = [];
  let errors = 0;
  for (let i = 0; i < times; i++) {
    const t = process.hrtime.bigint();
    try {
      await run();
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
    } catch {
      errors++;
    }
  }
  const p50 = median(latencies);
  return { requestsPerS: round(1000 / p50, 2), p50Ms: round(p50, 0), p99Ms: round(percentile(latencies, 99), 0), requests: latencies.length, errors, timeouts: 0, non2xx: 0 };
}

export interface PageLoadOptions {
  /** Just the raw driver read and the uncached page query: what FerretDB's settings change (ferretdb-settings.ts). */
  only?: 'database';
  /**
   * Reads that go to the database (raw driver, uncached, teacher) one at a time, three times, instead
   * of 50 connections, and no cached instance: on an archive where one read takes seconds (FerretDB's
   * SQLite backend reads a whole table for any filter but _id; docs/decisions/ferretdb-settings.md),
   * and where building the search index, which the cache follows, reads the transcripts table once
   * per interview (hours for 1,000 interviews).
   */
  oneByOne?: boolean;
  /** The anonymous-cached page query is measured on this API (a stack of its own, whose search index is built) instead of one in this process. */
  cachedUrl?: string;
}

export interface DatabaseReads { connections: number; durationS: number; rawDriverPageRead: Load; pageQueryAnonymousNoCache: Load }
interface PageLoad extends DatabaseReads { bareApolloTypename: Load; pageQueryAnonymousCached: Load | null; pageQueryTeacher: Load; databaseReadsOneByOne?: string }

export function measurePageLoad(target: ApiTarget, durationS: number, log: (line: string) => void, options: PageLoadOptions & { only: 'database' }): Promise<DatabaseReads>;
export function measurePageLoad(target: ApiTarget, durationS: number, log: (line: string) => void, options?: Omit<PageLoadOptions, 'only'>): Promise<PageLoad>;
export async function measurePageLoad(target: ApiTarget, durationS: number, log: (line: string) => void, options: PageLoadOptions = {}): Promise<DatabaseReads | PageLoad> {
  const only = options.only;
  const db = await connectDatabase(target.mongoUri, target.dbName);
  const apis: Awaited<ReturnType<typeof createApi>>[] = [];
  try {
    const ids = await pageRecords(target.mongoUri, target.dbName, target.interviewId);
    const config = loadConfig({ NODE_ENV: 'test' });
    const start = async (anonymousCache: boolean, noSearch = false) => {
      const api = await createApi(config, db, new Storage(target.storage), { anonymousCache });
      apis.push(api);
      await new Promise<void>((ok) => api.httpServer.listen(0, '127.0.0.1', ok));
      const address = api.httpServer.address();
      if (!options.oneByOne && !noSearch) await api.services.search.start();
      return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`;
    };
    const plain = await start(false, Boolean(options.cachedUrl));
    const cached = options.cachedUrl ?? (only || options.oneByOne ? plain : await start(true));
    const teacher = { authorization: `Bearer ${target.teacherToken}` };
    const page = JSON.stringify({ query: PAGE_QUERY, variables: { id: target.interviewId, transcript: target.transcriptLanguage } });
    const first = (await (await fetch(plain, { method: 'POST', headers: { 'content-type': 'application/json' }, body: page })).json()) as { errors?: unknown; data?: { interview?: { transcript?: { segments: unknown[] } } } };
    if (first.errors || !first.data?.interview?.transcript?.segments.length || first.data.interview.transcript.segments.length > target.segments) throw new Error(`the page query failed: ${JSON.stringify(first).slice(0, 300)}`);
    const c = 50;
    const post = (url: string, headers: Record<string, string> = {}) => async () => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: page });
      if (!res.ok || ((await res.json()) as { errors?: unknown }).errors) throw new Error(`HTTP ${res.status}`);
    };
    if (!options.oneByOne) await cannon(plain, page, 10, 2); // warm both code paths
    const raw = options.oneByOne ? await oneByOne(3, () => rawReads(target.mongoUri, target.dbName, ids, 1, 0.001)) : await rawReads(target.mongoUri, target.dbName, ids, c, durationS);
    log(`raw driver, one page's records: ${raw.requestsPerS} page reads/s, p50 ${raw.p50Ms} ms, p99 ${raw.p99Ms} ms`);
    const uncached = options.oneByOne ? await oneByOne(3, post(plain)) : await cannon(plain, page, c, durationS);
    log(`page query, anonymous, no cache: ${uncached.requestsPerS} req/s, p50 ${uncached.p50Ms} ms, p99 ${uncached.p99Ms} ms`);
    if (only) return { connections: c, durationS, rawDriverPageRead: raw, pageQueryAnonymousNoCache: uncached };
    if (!options.oneByOne) await cannon(cached, page, 10, 2);
    const typename = await cannon(plain, JSON.stringify({ query: '{ __typename }' }), c, durationS);
    log(`bare Apollo {__typename}: ${typename.requestsPerS} req/s, p50 ${typename.p50Ms} ms, p99 ${typename.p99Ms} ms`);
    const withCache = options.oneByOne ? null : await cannon(cached, page, c, durationS);
    if (withCache) log(`page query, anonymous, cached: ${withCache.requestsPerS} req/s, p50 ${withCache.p50Ms} ms, p99 ${withCache.p99Ms} ms`);
    const asTeacher = options.oneByOne ? await oneByOne(3, post(cached, teacher)) : await cannon(cached, page, c, durationS, teacher);
    log(`page query, teacher: ${asTeacher.requestsPerS} req/s, p50 ${asTeacher.p50Ms} ms, p99 ${asTeacher.p99Ms} ms`);
    return {
      connections: c,
      durationS,
      ...(options.oneByOne && { databaseReadsOneByOne: 'raw driver, uncached and teacher: 3 in a row, one at a time; no cached instance (its search index would take hours to build)' }),
      bareApolloTypename: typename,
      rawDriverPageRead: raw,
      pageQueryAnonymousNoCache: uncached,
      pageQueryAnonymousCached: withCache,
      pageQueryTeacher: asTeacher,
    };
  } finally {
    for (const api of apis) await api.stop();
    await db.close();
  }
}
