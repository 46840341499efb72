/**
 * The measurement behind docs/decisions/search-engine.md: MiniSearch and FlexSearch indexing the same
 * synthetic transcript segments with our folding, then answering the same 200 queries (all hits,
 * since facet counts need every hit, not a top 100). Each engine runs in a child process of its own
 * so memory figures do not mix. Usage: tsx bench/compare-engines.ts [--hours N]
 *
 * flexsearch is a devDependency only for this comparison.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import FlexSearch from 'flexsearch';
import MiniSearch from 'minisearch';
import { foldText } from '../server/src/search/normalize.js';
import { generateArchive } from './synthetic/archive.js';
import { benchQueries } from './synthetic/queries.js';
import { percentile } from './stats.js';

type Variant = 'minisearch-prefix-fuzzy' | 'minisearch-prefix' | 'flexsearch-forward' | 'flexsearch-strict';
const VARIANTS: Variant[] = ['minisearch-prefix-fuzzy', 'minisearch-prefix', 'flexsearch-forward', 'flexsearch-strict'];

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

interface Measured {
  variant: Variant;
  segments: number;
  buildMs: number;
  heapMiB: number;
  rssMiB: number;
  p50: number;
  p95: number;
  p99: number;
  meanHits: number;
}

async function measure(variant: Variant, hours: number): Promise<Measured> {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  const archive = generateArchive({ hours });
  const queries = benchQueries(archive).map((q) => foldText(q.q.replace(/["«»]/g, '')));
  const segments = archive.segments.map((s, i) => ({ id: i, text: s.text }));
  archive.lemmaOf.clear();
  archive.wordCounts.clear();
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  let search: (keys: string[]) => number;
  if (variant.startsWith('minisearch')) {
    const ms = new MiniSearch<{ id: number; text: string }>({
      fields: ['text'],
      tokenize: (text) => foldText(text),
      processTerm: (t) => t,
    });
    ms.addAll(segments);
    const fuzzy = variant === 'minisearch-prefix-fuzzy';
    search = (keys) =>
      ms.search({
        combineWith: 'AND',
        queries: keys.map((k) => ({ queries: [k], prefix: k.length >= 5, fuzzy: fuzzy && k.length >= 5 ? 1 : 0 })),
      }, { tokenize: (s) => [s], processTerm: (t) => t }).length;
  } else {
    const index = new FlexSearch.Index({
      tokenize: variant === 'flexsearch-forward' ? 'forward' : 'strict',
      encode: (text: string) => foldText(text),
    });
    for (const s of segments) index.add(s.id, s.text);
    search = (keys) => (index.search(keys.join(' '), { limit: 1_000_000 }) as unknown[]).length;
  }
  const buildMs = performance.now() - t0;
  gc();
  const heapMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  const rssMiB = process.memoryUsage().rss / 2 ** 20;
  const times: number[] = [];
  let hits = 0;
  for (let round = 0; round < 3; round++) {
    for (const keys of queries) {
      const q0 = performance.now();
      hits += search(keys);
      times.push(performance.now() - q0);
    }
  }
  return {
    variant, segments: segments.length, buildMs, heapMiB, rssMiB,
    p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99),
    meanHits: hits / times.length,
  };
}

const hours = Number(arg('hours') ?? 1000);
const only = arg('variant') as Variant | undefined;
if (only) {
  console.log(JSON.stringify(await measure(only, hours)));
} else {
  const rows: Measured[] = [];
  for (const variant of VARIANTS) {
    const out = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx',
      fileURLToPath(import.meta.url), '--variant', variant, '--hours', String(hours)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    rows.push(JSON.parse(out.trim().split('\n').pop()!) as Measured);
    console.error(`done ${variant}`);
  }
  console.table(rows.map((r) => ({
    variant: r.variant, segments: r.segments, 'build s': (r.buildMs / 1000).toFixed(1), 'index heap MiB': r.heapMiB.toFixed(0),
    'RSS MiB': r.rssMiB.toFixed(0), 'p50 ms': r.p50.toFixed(2), 'p95 ms': r.p95.toFixed(2), 'p99 ms': r.p99.toFixed(2),
    'mean hits': r.meanHits.toFixed(0),
  })));
}
