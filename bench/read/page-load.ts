/**
 * The API's read path under 50 connections: bare Apollo (`{__typename}`), the raw driver read of one
 * interview page's records (the four queries the page needs, in a concurrent loop), and the interview
 * page's GraphQL query, anonymous, with and without the anonymous cache, and as a teacher. One invented interview with
 * two narrators, three terms and a transcript of 300 segments.
 */
import autocannon from 'autocannon';
import { MongoClient, ObjectId } from 'mongodb';
import { createApi } from '../../server/src/app.js';
import { Role } from '../../server/src/access/levels.js';
import { loadConfig } from '../../server/src/config.js';
import { connectDatabase, type Database } from '../../server/src/db/connect.js';
import { Storage } from '../../server/src/storage/storage.js';
import type { StorageSettings } from '../../server/dev/services.js';
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
  non2xx: number;
}

async function seed(db: Database) {
  const m = db.models;
  const terms = (await m.VocabularyTerm.insertMany([
    { kind: 'ethnic_group', key: 'uyghurs', labels: { en: 'Uyghurs' } },
    { kind: 'era', key: 'ww2', labels: { en: 'Second World War' } },
    { kind: 'place', key: 'almaty', labels: { en: 'Almaty' } },
  ])) as unknown as { _id: ObjectId }[];
  const narrators = (await m.Narrator.insertMany(
    ['Invented Narrator One', 'Invented Narrator Two'].map((en) => ({ names: [{ value: en, script: 'Latn' }], displayName: { en }, ethnicGroupIds: [terms[0]!._id], createdBy: new ObjectId() })),
  )) as unknown as { _id: ObjectId }[];
  const interview = await (m.Interview as unknown as { create(doc: unknown): Promise<unknown> }).create({
    title: { en: 'An invented interview for the bench' }, accessLevel: 'public', status: 'published',
    release: { permits: 'public', withdrawn: false }, createdBy: new ObjectId(), narratorIds: narrators.map((n) => n._id),
    tagIds: terms.map((t) => t._id), languages: ['kk'], durationSeconds: 1800,
  });
  await m.Transcript.create({
    interviewId: (interview as unknown as { _id: ObjectId })._id, language: 'kk', status: 'approved',
    segments: Array.from({ length: 300 }, (_, i) => ({ start: i * 6, end: i * 6 + 5.5, speaker: i % 2 ? 'N' : 'I', text: `Бұл ойдан шығарылған сөйлем ${i}, the bench's invented sentence.` })),
  });
  return { interviewId: (interview as unknown as { _id: ObjectId })._id, narratorIds: narrators.map((n) => n._id), termIds: terms.map((t) => t._id) };
}

async function cannon(url: string, body: string, connections: number, durationS: number, headers: Record<string, string> = {}): Promise<Load> {
  const r = await autocannon({ url, connections, duration: durationS, timeout: 60, requests: [{ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }] });
  return { requestsPerS: round(r.requests.average, 1), p50Ms: r.latency.p50, p99Ms: r.latency.p99, requests: r.requests.total, errors: r.errors, non2xx: r.non2xx };
}

/** The page's records straight from the driver, `connections` loops at once. */
async function rawReads(uri: string, dbName: string, ids: Awaited<ReturnType<typeof seed>>, connections: number, durationS: number): Promise<Load> {
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
          await db.collection('interviews').findOne({ _id: ids.interviewId });
          await Promise.all([
            db.collection('narrators').find({ _id: { $in: ids.narratorIds } }).toArray(),
            db.collection('vocabulary_terms').find({ _id: { $in: ids.termIds } }).toArray(),
            db.collection('transcripts').find({ interviewId: ids.interviewId }).toArray(),
          ]);
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        } catch {
          errors++;
        }
      }
    };
    await Promise.all(Array.from({ length: connections }, loop));
    return { requestsPerS: round(latencies.length / durationS, 1), p50Ms: round(median(latencies), 1), p99Ms: round(percentile(latencies, 99), 1), requests: latencies.length, errors, non2xx: 0 };
  } finally {
    await client.close();
  }
}

export async function measurePageLoad(mongoUri: string, storage: StorageSettings, durationS: number, log: (line: string) => void) {
  const dbName = `bench_read_page_${Date.now()}`;
  const db = await connectDatabase(mongoUri, dbName);
  const apis: Awaited<ReturnType<typeof createApi>>[] = [];
  try {
    const ids = await seed(db);
    const config = loadConfig({ NODE_ENV: 'test' });
    const start = async (anonymousCache: boolean) => {
      const api = await createApi(config, db, new Storage(storage), { anonymousCache });
      apis.push(api);
      await new Promise<void>((ok) => api.httpServer.listen(0, '127.0.0.1', ok));
      const address = api.httpServer.address();
      await api.services.search.start();
      return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`;
    };
    const plain = await start(false);
    const cached = await start(true);
    // A teacher's session: signed in, never answered from the anonymous cache.
    const users = apis[1]!.services;
    const teacherUser = await users.users.createDirectly({ email: 'bench.teacher@example.org', name: 'Bench Teacher', password: 'invented bench password', roles: [Role.teacher] });
    const teacher = { authorization: `Bearer ${(await users.auth.openSession(teacherUser)).token}` };
    const page = JSON.stringify({ query: PAGE_QUERY, variables: { id: ids.interviewId.toHexString(), transcript: 'kk' } });
    const first = (await (await fetch(plain, { method: 'POST', headers: { 'content-type': 'application/json' }, body: page })).json()) as { errors?: unknown; data?: { interview?: { transcript?: { segments: unknown[] } } } };
    if (first.errors || first.data?.interview?.transcript?.segments.length !== 300) throw new Error(`the page query failed: ${JSON.stringify(first).slice(0, 300)}`);
    const c = 50;
    await cannon(plain, page, 10, 2); // warm both code paths
    await cannon(cached, page, 10, 2);
    const typename = await cannon(plain, JSON.stringify({ query: '{ __typename }' }), c, durationS);
    log(`bare Apollo {__typename}: ${typename.requestsPerS} req/s, p50 ${typename.p50Ms} ms, p99 ${typename.p99Ms} ms`);
    const raw = await rawReads(mongoUri, dbName, ids, c, durationS);
    log(`raw driver, one page's records: ${raw.requestsPerS} page reads/s, p50 ${raw.p50Ms} ms, p99 ${raw.p99Ms} ms`);
    const uncached = await cannon(plain, page, c, durationS);
    log(`page query, anonymous, no cache: ${uncached.requestsPerS} req/s, p50 ${uncached.p50Ms} ms, p99 ${uncached.p99Ms} ms`);
    const withCache = await cannon(cached, page, c, durationS);
    log(`page query, anonymous, cached: ${withCache.requestsPerS} req/s, p50 ${withCache.p50Ms} ms, p99 ${withCache.p99Ms} ms`);
    const asTeacher = await cannon(cached, page, c, durationS, teacher);
    log(`page query, teacher: ${asTeacher.requestsPerS} req/s, p50 ${asTeacher.p50Ms} ms, p99 ${asTeacher.p99Ms} ms`);
    return {
      connections: c,
      durationS,
      bareApolloTypename: typename,
      rawDriverPageRead: raw,
      pageQueryAnonymousNoCache: uncached,
      pageQueryAnonymousCached: withCache,
      pageQueryTeacher: asTeacher,
      ratios: {
        cachedToUncached: round(withCache.requestsPerS / uncached.requestsPerS, 1),
        cachedToRawDriver: round(withCache.requestsPerS / raw.requestsPerS, 1),
        uncachedToRawDriver: round(uncached.requestsPerS / raw.requestsPerS, 2),
        cachedToBareApollo: round(withCache.requestsPerS / typename.requestsPerS, 2),
      },
    };
  } finally {
    for (const api of apis) await api.stop();
    await db.conn.dropDatabase().catch(() => undefined);
    await db.close();
  }
}
