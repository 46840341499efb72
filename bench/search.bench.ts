/**
 * Search on a synthetic archive of 1,000 hours (--quick: 50; BENCH_HOURS=n for any size): index
 * build time, memory, the longest block of the main thread's event loop while building and during a
 * burst of updates, latency of 200 mixed queries (median of 3 runs per query, then p50/p95/p99), how
 * fast an edit becomes searchable, folding collisions, the matching strategies, and the same queries
 * as a case-insensitive $regex scan in FerretDB as the baseline (BENCH_NO_BASELINE=1 skips it).
 *
 * This process generates the archive; the engine is measured in a child process (search-api.ts) that
 * reads the documents from a file, so its memory is the engine's and not the generator's.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { DEFAULT_MATCHING } from '../server/src/search/query-parser.js';
import type { SearchDoc } from '../server/src/search/types.js';
import { measureCollisions } from './fold-collisions.js';
import { matchQuality, STRATEGIES } from './matching.js';
import { regexBaseline } from './regex-baseline.js';
import { percentile, round } from './stats.js';
import { generateArchive } from './synthetic/archive.js';
import { benchQueries } from './synthetic/queries.js';

export const section = 'search';

/** Writes the archive as one serialized batch per interview (what the database feed sends), then narrators and collections. */
function writeCorpus(path: string, docs: readonly SearchDoc[]) {
  const byInterview = new Map<string, SearchDoc[]>();
  const others: SearchDoc[] = [];
  for (const doc of docs) {
    const id = 'interviewId' in doc ? doc.interviewId : undefined;
    if (!id) others.push(doc);
    else if (byInterview.has(id)) byInterview.get(id)!.push(doc);
    else byInterview.set(id, [doc]);
  }
  const chunks: Buffer[] = [];
  for (const batch of [...byInterview.values(), ...(others.length ? [others] : [])]) {
    const body = serialize(batch);
    const head = Buffer.alloc(4);
    head.writeUInt32LE(body.length);
    chunks.push(head, body);
  }
  writeFileSync(path, Buffer.concat(chunks));
}

/** Runs the measured, API-like process (search-api.ts) and returns what it reports. */
function measureInChild(dir: string): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    // Same runtime flags as this process (tsx's loader, --expose-gc); a heap of its own.
    const child = fork(new URL('./search-api.ts', import.meta.url), [dir], { stdio: 'inherit' });
    let result: Record<string, any> | undefined;
    child.on('message', (m) => (result = m as Record<string, any>));
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`search-api.ts exited with ${code} and no result`))));
  });
}

export async function run({ quick }: { quick: boolean }): Promise<Record<string, unknown>> {
  // BENCH_HOURS: a smaller archive while developing (the full run is 1,000 hours).
  const hours = Number(process.env.BENCH_HOURS) || (quick ? 50 : 1000);
  const t0 = performance.now();
  const archive = generateArchive({ hours });
  const generateS = (performance.now() - t0) / 1000;
  const queries = benchQueries(archive);
  const collisions = measureCollisions(archive.lemmaOf, archive.wordCounts);
  archive.lemmaOf.clear();
  archive.wordCounts.clear();
  console.log(`archive: ${archive.segments.length} segments, ${archive.interviews} interviews, ${round(archive.hours, 0)} h (${round(generateS, 1)} s)`);

  const dir = mkdtempSync(join(tmpdir(), 'search-bench-'));
  let measured: Record<string, any>;
  const loadBefore = loadavg();
  try {
    writeCorpus(join(dir, 'corpus.bin'), archive.docs);
    writeFileSync(join(dir, 'queries.json'), JSON.stringify(queries));
    measured = await measureInChild(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const loadAfter = loadavg();
  const { perQuery, matching: speeds, ...engineFigures } = measured;

  const matching = STRATEGIES.map(({ name, matching: m }, i) => {
    const quality = matchQuality(m);
    return {
      strategy: name, chosen: JSON.stringify(m) === JSON.stringify(DEFAULT_MATCHING),
      precision: round(quality.precision), recall: round(quality.recall), f1: round(quality.f1),
      ...speeds[i],
    };
  });

  const engineStats = {
    segments: archive.segments.length, hours: round(archive.hours, 0), generateS: round(generateS, 1),
    ...engineFigures,
    loadAverage: loadBefore.map((l) => round(l, 1)),
    loadAverageAfter: loadAfter.map((l) => round(l, 1)),
  };
  const baseline = process.env.BENCH_NO_BASELINE
    ? { skipped: 'BENCH_NO_BASELINE' }
    : await regexBaseline(archive.segments, queries, perQuery as number[], quick);
  const targets = { p95Ms: 30, buildS: 90, rssMiB: 1536, updateMs: 2000 };
  printTables(engineStats, matching, baseline, collisions);
  return {
    engine: 'minisearch@7.2.0 in a worker thread',
    measured: 'a child process holding only the engine thread and a main thread that feeds it from a file (not the generator)',
    targets, ...engineStats, matching, baseline, collisions,
  };
}

function printTables(stats: Record<string, any>, matching: object[], baseline: Record<string, any>, collisions: Record<string, any>) {
  console.table({
    'index build (s)': { value: stats.buildS, target: '≤ 90' },
    'index build CPU (s)': { value: stats.buildCpuS, target: '' },
    'load average (1/5/15 min)': { value: stats.loadAverage.join(' / '), target: '' },
    'RSS after build (MiB)': { value: stats.rssMiB, target: '≤ 1536' },
    'engine thread heap (MiB)': { value: stats.engineHeapMiB, target: '' },
    'main thread: longest delay, idle (ms)': { value: stats.mainThreadEventLoop.idle.maxMs, target: '' },
    'main thread: longest feed step (ms)': { value: stats.mainThreadEventLoop.build.longestFeedStepMs, target: '' },
    'main thread: longest block, build (ms)': { value: stats.mainThreadEventLoop.build.maxMs, target: '' },
    'main thread: longest block, update burst (ms)': { value: stats.mainThreadEventLoop.updateBurst.eventLoopMaxMs, target: '' },
    'engine thread: longest slice (ms)': { value: stats.engineThreadSlices.longestMs, target: '' },
    'query p50 (ms)': { value: stats.queries.p50, target: '' },
    'query p95 (ms)': { value: stats.queries.p95, target: '≤ 30' },
    'query p99 (ms)': { value: stats.queries.p99, target: '' },
    'edit searchable after (ms)': { value: stats.update.searchableAfterMs, target: '≤ 2000' },
    'regex baseline p50 (ms)': { value: baseline.p50, target: '' },
    'regex baseline p95 (ms)': { value: baseline.p95, target: '' },
    'baseline / engine p50': { value: baseline.ratioP50, target: '' },
    'baseline / engine p95': { value: baseline.ratioP95, target: '' },
  });
  console.table(stats.queries.byKind);
  console.table(matching);
  console.log('folding collisions on the synthetic vocabulary:', JSON.stringify({ ...collisions, examples: undefined }));
}
