/**
 * The public site (issue 6, "Performance"): Lighthouse 12 in Debian's Chromium on the home, a
 * collection, an interview and the search page, mobile and desktop, median of 3 runs (--quick: 1);
 * the JavaScript the interview page loads, gzipped, against its 100 KB budget; the interview page's
 * server render under autocannon (50 connections, 20 s; --quick: 5 s) with the API's share of it, read
 * from the site's Server-Timing header. Starts the end-to-end stack with its invented demo seed on
 * BENCH_SITE_PORT / BENCH_API_PORT (3180 / 4180; not 4190, which fetch refuses as a "bad port"), and builds the site first if web/build is stale.
 */
import { loadavg } from 'node:os';
import { IDS, SLUGS } from '../tests/e2e/support/seed-data.js';
import { ensureSiteBuilt } from './site/build.js';
import { launchChromium } from './site/chromium.js';
import { fetchGzip } from './site/compression.js';
import { PRESETS, runLighthouse, scriptRequests, summarise, type Scores } from './site/lighthouse.js';
import { loadPage } from './site/load.js';
import { startBenchStack } from './site/stack.js';
import { round } from './stats.js';

export const section = 'site';

const TARGETS = { performance: 95, accessibility: 95, interviewJsGzipKB: 100 };
const PAGES = {
  home: '/en',
  collection: `/en/collections/${SLUGS.flagship}`,
  interview: `/en/interviews/${IDS.publicInterview}`,
  search: '/en/search?q=%D0%A3%D1%88%D1%82%D0%BE%D0%B1%D0%B5', // "Уштобе", a word of the seeded transcript
} as const;
type Page = keyof typeof PAGES;

const log = (line: string) => console.log(`[site] ${line}`);
const kb = (bytes: number) => round(bytes / 1024, 1);
const loads = () => loadavg().map((l) => round(l, 1));

export async function run({ quick }: { quick: boolean }) {
  const runs = quick ? 1 : 3;
  const loadS = quick ? 5 : 20;
  const loadAverageBefore = loads();
  const build = ensureSiteBuilt(log);
  const stack = await startBenchStack(
    { site: Number(process.env.BENCH_SITE_PORT || 3180), api: Number(process.env.BENCH_API_PORT || 4180) },
    log,
  );
  try {
    const chromium = await launchChromium();
    const lighthouse: Record<string, { url: string; status: 'measured' | 'not built'; mobile?: Scores; desktop?: Scores }> = {};
    let interviewScripts: ReturnType<typeof scriptRequests> = [];
    try {
      for (const [page, path] of Object.entries(PAGES) as [Page, string][]) {
        const url = `${stack.siteUrl}${path}`;
        // The search page is built on another branch: until it exists it is reported, not failed.
        const status = (await fetch(url, { redirect: 'manual' })).status;
        if (page === 'search' && status === 404) {
          log(`${path}: 404, not built yet`);
          lighthouse[page] = { url: path, status: 'not built' };
          continue;
        }
        if (status !== 200) throw new Error(`${path} answered HTTP ${status}`);
        lighthouse[page] = { url: path, status: 'measured' };
        for (const preset of PRESETS) {
          const reports = [];
          for (let i = 0; i < runs; i++) reports.push(await runLighthouse(url, chromium.port, preset));
          lighthouse[page][preset] = summarise(reports);
          if (page === 'interview' && preset === 'mobile') interviewScripts = scriptRequests(reports[0]!);
          log(`${path} ${preset}: ${JSON.stringify(lighthouse[page][preset])}`);
        }
      }
    } finally {
      await chromium.stop();
    }

    // Each script measured as the site serves it to a client asking for gzip.
    const served = await Promise.all(interviewScripts.map((s) => fetchGzip(s.url)));
    const gzipBytes = served.reduce((sum, s) => sum + s.gzipBytes, 0);
    const html = await fetchGzip(`${stack.siteUrl}${PAGES.interview}`);
    const interviewJs = {
      scripts: served.length,
      gzipKB: kb(gzipBytes),
      // Chromium asks for Brotli too: what Lighthouse saw on the wire, headers included.
      transferredKB: kb(interviewScripts.reduce((sum, s) => sum + s.transferSize, 0)),
      uncompressedKB: kb(interviewScripts.reduce((sum, s) => sum + s.resourceSize, 0)),
      servedGzipped: served.every((s) => s.encoding === 'gzip'),
      budgetKB: TARGETS.interviewJsGzipKB,
      withinBudget: kb(gzipBytes) <= TARGETS.interviewJsGzipKB,
      html: { encoding: html.encoding, wireKB: kb(html.wireBytes), gzipKB: kb(html.gzipBytes) },
    };

    // Warm the site's and the API's code paths first, so the run measures the steady state.
    const interviewUrl = `${stack.siteUrl}${PAGES.interview}`;
    await loadPage(interviewUrl, 10, 3);
    const loadAverageBeforeLoad = loads();
    const load = await loadPage(interviewUrl, 50, loadS);

    const result = {
      chromium: chromium.version,
      lighthouseRuns: runs,
      targets: TARGETS,
      build,
      lighthouse,
      interviewJs,
      interviewLoad: { ...load, url: PAGES.interview, loadAverageAtStart: loadAverageBeforeLoad },
      loadAverage: { before: loadAverageBefore, after: loads() },
    };
    printTables(result.lighthouse, interviewJs, load);
    return result;
  } finally {
    await stack.stop();
  }
}

function printTables(
  lighthouse: Record<string, { url: string; status: string; mobile?: Scores; desktop?: Scores }>,
  js: { gzipKB: number; budgetKB: number; scripts: number; withinBudget: boolean },
  load: Awaited<ReturnType<typeof loadPage>>,
) {
  const rows: Record<string, unknown>[] = [];
  for (const [page, entry] of Object.entries(lighthouse)) {
    if (entry.status !== 'measured') {
      rows.push({ page, preset: '-', perf: entry.status });
      continue;
    }
    for (const preset of PRESETS) {
      const s = entry[preset]!;
      rows.push({ page, preset, perf: s.performance, a11y: s.accessibility, bp: s.bestPractices, seo: s.seo, 'LCP ms': s.lcpMs, 'TBT ms': s.tbtMs, CLS: s.cls, 'machine index': s.benchmarkIndex });
    }
  }
  console.table(rows);
  console.log(`interview page JS: ${js.gzipKB} KB gzipped in ${js.scripts} scripts (budget ${js.budgetKB} KB: ${js.withinBudget ? 'within' : 'OVER'})`);
  console.table({
    [`interview SSR, ${load.connections} connections, ${load.durationS} s`]: {
      'req/s': load.requestsPerS,
      'p50 ms': load.latencyMs.p50,
      'p97.5 ms': load.latencyMs.p97_5,
      'p99 ms': load.latencyMs.p99,
      'render p50 ms': load.serverTiming.renderP50Ms,
      'API p50 ms': load.serverTiming.apiP50Ms,
      'API share p50': load.serverTiming.apiShareOfRenderP50,
      errors: load.errors + load.non2xx,
    },
  });
}
