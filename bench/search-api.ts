/**
 * The measured side of the search benchmark, in a process of its own that holds what an API process
 * holds: the engine thread (engine-host.ts) and a main thread that feeds it interview by interview.
 * The corpus generator runs in the parent (search.bench.ts), which writes the documents to a file,
 * so this process's resident memory counts the search engine, not the generator's archive.
 *
 * Reads <dir>/corpus.bin (length-prefixed v8.serialize batches, one per interview: the documents of
 * an interview share their access and facet objects, as the database feed makes them) and
 * <dir>/queries.json; sends its figures to the parent over the IPC channel.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { deserialize } from 'node:v8';
import { ANONYMOUS, type Actor } from '../server/src/access/actor.js';
import { Role } from '../server/src/access/levels.js';
import { WorkerEngine } from '../server/src/search/engine-host.js';
import type { QueryOptions, SearchDoc, SegmentSearchDoc } from '../server/src/search/types.js';
import { STRATEGIES } from './matching.js';
import { median, percentile, round } from './stats.js';
import type { BenchQuery } from './synthetic/queries.js';
import { ALL_TERMS } from './synthetic/vocabulary.js';

const dir = process.argv[2]!;
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const mib = (bytes: number) => round(bytes / 2 ** 20, 0);
const ms = (ns: number) => round(ns / 1e6);
const summary = (values: number[]) => ({ p50: round(percentile(values, 50)), p95: round(percentile(values, 95)), p99: round(percentile(values, 99)) });

/** One interview's documents at a time, read as the API reads them from the database: a little at a time. */
async function* batches(): AsyncGenerator<Buffer> {
  const file = await open(`${dir}/corpus.bin`);
  try {
    const head = Buffer.alloc(4);
    for (let at = 0; (await file.read(head, 0, 4, at)).bytesRead === 4;) {
      const body = Buffer.alloc(head.readUInt32LE(0));
      await file.read(body, 0, body.length, at + 4);
      yield body;
      at += 4 + body.length;
    }
  } finally {
    await file.close();
  }
}

async function latencies(engine: WorkerEngine, queries: BenchQuery[], rounds: number, extra: Partial<QueryOptions> = {}, actor: Actor = ANONYMOUS) {
  const times: number[][] = queries.map(() => []);
  let hits = 0;
  for (let r = 0; r < rounds; r++) {
    for (const [i, q] of queries.entries()) {
      const t0 = performance.now();
      const response = await engine.query(q.q, { filters: q.filters, facets: q.facets, limit: 20, ...extra }, { actor, now: new Date() });
      times[i]!.push(performance.now() - t0);
      if (r === 0) hits += response.total;
    }
  }
  return { perQuery: times.map(median), meanHits: hits / queries.length };
}

async function main() {
  const queries = JSON.parse(readFileSync(`${dir}/queries.json`, 'utf8')) as BenchQuery[];
  const engine = new WorkerEngine({ onExit: (err) => { console.error('engine thread died:', err); process.exit(1); } });
  // The machine's own noise: the same monitor on an idle event loop (only the engine thread starting).
  const idle = monitorEventLoopDelay({ resolution: 1 });
  idle.enable();
  await engine.stats();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  idle.disable();
  const idleLoop = { maxMs: ms(idle.max), p99Ms: ms(idle.percentile(99)) };
  gc();
  const rssBefore = process.memoryUsage().rss;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  // The build as the API does it: vocabulary, then one message per interview read from storage.
  let t0 = performance.now();
  const cpu0 = process.cpuUsage();
  loop.enable();
  await engine.setVocabulary(ALL_TERMS.map((t) => ({ id: t.id, labels: [...t.labels, ...t.forms.kk, ...t.forms.ru, ...t.forms.en] })));
  // Keeps one interview of each kind in hand for the update burst below.
  const sample: SearchDoc[][] = [];
  let messages = 0;
  // The main thread's own synchronous work per interview (decoding it, copying it into the message):
  // the event-loop delay above also counts the OS giving the core to other processes.
  let longestFeedStepMs = 0;
  for await (const body of batches()) {
    const s0 = performance.now();
    const docs = deserialize(body) as SearchDoc[];
    const added = engine.add(docs);
    longestFeedStepMs = Math.max(longestFeedStepMs, performance.now() - s0);
    await added;
    messages++;
    if (sample.length < 20 && messages % 50 === 7 && docs.some((d) => d.kind === 'segment')) sample.push(docs);
  }
  loop.disable();
  const buildS = (performance.now() - t0) / 1000;
  // CPU seconds of this process, both threads and V8's helpers.
  const cpu = process.cpuUsage(cpu0);
  const buildLoop = { maxMs: ms(loop.max), p99Ms: ms(loop.percentile(99)), meanMs: ms(loop.mean), longestFeedStepMs: round(longestFeedStepMs) };
  const threadStats = await engine.stats(true);
  gc();
  const memory = process.memoryUsage();
  console.log(`built ${engine.size} documents in ${round(buildS, 1)} s; RSS ${mib(memory.rss)} MiB; main-thread longest block ${buildLoop.maxMs} ms`);

  await latencies(engine, queries, 1); // warm-up: JIT and caches, as on a running server
  const measured = await latencies(engine, queries, 3);
  const byKind: Record<string, unknown> = {};
  for (const kind of new Set(queries.map((q) => q.kind))) byKind[kind] = summary(measured.perQuery.filter((_, i) => queries[i]!.kind === kind));
  const withFacets = measured.perQuery.filter((_, i) => queries[i]!.facets);
  const staff = await latencies(engine, queries, 1, {}, { userId: 'bench', roles: [Role.editor] });

  // Freshness: an edited transcript (every segment of one interview replaced) until it is found.
  const target = sample[Math.floor(sample.length / 2)]!;
  const interviewId = (target.find((d) => d.kind === 'segment') as SegmentSearchDoc).interviewId;
  const edited = target.map((d) => (d.kind === 'segment' ? { ...d, text: `${d.text} Zhanaozen` } : d));
  t0 = performance.now();
  await engine.removeInterview(interviewId);
  await engine.add(edited);
  const found = (await engine.query('Жаңаөзен', {}, { actor: { userId: 'bench', roles: [Role.admin] }, now: new Date() })).total;
  const updateMs = performance.now() - t0;

  // A burst of updates (20 interviews re-indexed back to back) while queries keep coming.
  const burstLoop = monitorEventLoopDelay({ resolution: 1 });
  burstLoop.enable();
  t0 = performance.now();
  const burstQueries: number[] = [];
  let burstDone = false;
  const querying = (async () => {
    for (let i = 0; !burstDone; i++) {
      const q = queries[i % queries.length]!;
      const q0 = performance.now();
      await engine.query(q.q, { facets: q.facets, limit: 20 }, { actor: ANONYMOUS, now: new Date() });
      burstQueries.push(performance.now() - q0);
    }
  })();
  for (const docs of sample) {
    const id = docs.find((d): d is SegmentSearchDoc => d.kind === 'segment')!.interviewId;
    await engine.removeInterview(id);
    await engine.add(docs);
  }
  burstDone = true;
  await querying;
  const burstS = (performance.now() - t0) / 1000;
  burstLoop.disable();
  const burst = {
    interviews: sample.length, documents: sample.reduce((n, d) => n + d.length, 0), seconds: round(burstS, 2),
    eventLoopMaxMs: ms(burstLoop.max), eventLoopP99Ms: ms(burstLoop.percentile(99)),
    queriesMeanwhile: burstQueries.length, queryP50Ms: round(percentile(burstQueries, 50)), queryP95Ms: round(percentile(burstQueries, 95)),
  };

  const matching = [];
  for (const { name, matching: m } of STRATEGIES) {
    const speed = await latencies(engine, queries, 1, { matching: m });
    matching.push({ strategy: name, ...summary(speed.perQuery), meanHits: round(speed.meanHits, 0) });
  }
  await engine.stop();

  process.send!({
    documents: threadStats.documents, keys: threadStats.keys,
    buildS: round(buildS, 1), buildCpuS: round((cpu.user + cpu.system) / 1e6, 1), messages,
    rssMiB: mib(memory.rss), rssBeforeBuildMiB: mib(rssBefore),
    engineHeapMiB: mib(threadStats.heapUsed), mainHeapMiB: mib(memory.heapUsed), externalMiB: mib(memory.external),
    mainThreadEventLoop: { idle: idleLoop, build: buildLoop, updateBurst: burst },
    engineThreadSlices: { longestMs: round(threadStats.longestSliceMs), count: threadStats.slices, over50ms: threadStats.slicesOver50ms },
    queries: { count: queries.length, ...summary(measured.perQuery), withFacets: summary(withFacets), byKind, meanHits: round(measured.meanHits, 0) },
    queriesAsStaff: { ...summary(staff.perQuery), meanHits: round(staff.meanHits, 0) },
    perQuery: measured.perQuery,
    update: { segments: edited.length, searchableAfterMs: round(updateMs), found },
    matching,
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
