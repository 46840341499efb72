/**
 * The baseline: what an archive without a search engine does, a case-insensitive $regex scan over
 * the segment texts in the database (FerretDB, started like the test suite starts it). Same queries,
 * same data; it cannot fold scripts, so it also finds less. The full archive scan is slow, so the
 * full run times every 10th query of the mix (20 queries, ~20 s each), the quick run every 5th (40).
 */
import { MongoClient } from 'mongodb';
import { startDevServices } from '../server/dev/services.js';
import type { SegmentSearchDoc } from '../server/src/search/types.js';
import { percentile, round } from './stats.js';
import type { BenchQuery } from './synthetic/queries.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Words (or the phrase) of a query as regexes on the raw text: no folding, no inflection. */
export function regexFilter(q: string): Record<string, unknown> {
  const phrases = [...q.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
  const words = q.replace(/"[^"]*"/g, ' ').split(/\s+/).filter(Boolean);
  const parts = [...phrases.map((p) => p.split(/\s+/).map(escape).join('\\s+')), ...words.map(escape)];
  const clauses = parts.map((p) => ({ text: { $regex: p, $options: 'i' } }));
  return clauses.length === 1 ? clauses[0]! : { $and: clauses };
}

export async function regexBaseline(segments: SegmentSearchDoc[], queries: BenchQuery[], engineTimes: number[], quick: boolean) {
  const services = await startDevServices({ log: () => undefined });
  const client = await MongoClient.connect(services.mongoUri);
  try {
    const collection = client.db('bench_search').collection('segments');
    await collection.drop().catch(() => undefined);
    let t0 = performance.now();
    for (let i = 0; i < segments.length; i += 2000) {
      await collection.insertMany(segments.slice(i, i + 2000).map((s) => ({
        interviewId: s.interviewId, start: s.start, end: s.end, language: s.language, text: s.text,
      })));
    }
    const insertS = (performance.now() - t0) / 1000;
    console.log(`baseline: inserted ${segments.length} segments into FerretDB in ${round(insertS, 1)} s`);
    const picked = queries.map((q, i) => ({ q, i })).filter(({ i }) => i % (quick ? 5 : 10) === 0);
    const times: number[] = [];
    let hits = 0;
    // One run per query: a scan takes seconds, far above the machine's noise.
    for (const { q } of picked) {
      t0 = performance.now();
      const found = await collection.find(regexFilter(q.q), { projection: { _id: 1 } }).toArray();
      times.push(performance.now() - t0);
      hits += found.length;
    }
    const engineSame = picked.map(({ i }) => engineTimes[i]!);
    return {
      database: 'FerretDB 1.24 (SQLite backend), case-insensitive $regex, all hits',
      queries: picked.length,
      insertS: round(insertS, 1),
      p50: round(percentile(times, 50)),
      p95: round(percentile(times, 95)),
      p99: round(percentile(times, 99)),
      meanHits: round(hits / picked.length, 0),
      engineP50SameQueries: round(percentile(engineSame, 50)),
      ratioP50: round(percentile(times, 50) / Math.max(0.001, percentile(engineSame, 50)), 0),
      ratioP95: round(percentile(times, 95) / Math.max(0.001, percentile(engineSame, 95)), 0),
    };
  } finally {
    await client.close();
    await services.stop();
  }
}
