import lighthouse, { desktopConfig, type Result } from 'lighthouse';
import { median, round } from '../stats.js';

export type Preset = 'mobile' | 'desktop';
export const PRESETS: Preset[] = ['mobile', 'desktop'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

export interface Scores {
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  /** Lighthouse's measure of this machine's speed (a 2020 mid-range desktop scores about 1000–1500). */
  benchmarkIndex: number;
  /** Audits that lost points in any run (score below 0.9) with each run's value, to say why a score is low. */
  failing: string[];
  /** The scripts that kept the main thread busiest (Lighthouse's bootup-time, ms), in the median run. */
  scriptCpuMs: Record<string, number>;
}

/** One Lighthouse run against Chromium's DevTools port. Scores 0–100; the full report is returned too. */
export async function runLighthouse(url: string, port: number, preset: Preset): Promise<Result> {
  const result = await lighthouse(
    url,
    { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] },
    preset === 'desktop' ? desktopConfig : undefined,
  );
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  if (result.lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`);
  return result.lhr;
}

const score = (lhr: Result, category: (typeof CATEGORIES)[number]) => Math.round((lhr.categories[category]?.score ?? 0) * 100);
const metric = (lhr: Result, audit: string) => lhr.audits[audit]?.numericValue ?? Number.NaN;

/** audit id → display values, for the audits of our categories that lost points. */
function failingAudits(lhr: Result): [string, string][] {
  const failing: [string, string][] = [];
  for (const category of CATEGORIES) {
    for (const ref of lhr.categories[category]?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (!audit || audit.score === null || audit.score >= 0.9) continue;
      if (audit.scoreDisplayMode === 'informative' || audit.scoreDisplayMode === 'notApplicable') continue;
      failing.push([`${category}/${ref.id}`, audit.displayValue ?? '']);
    }
  }
  return failing;
}

function scriptCpu(lhr: Result): Record<string, number> {
  const details = lhr.audits['bootup-time']?.details as { items?: { url: string; scripting?: number; total?: number }[] } | undefined;
  const items = [...(details?.items ?? [])].sort((a, b) => (b.total ?? 0) - (a.total ?? 0)).slice(0, 5);
  return Object.fromEntries(items.map((item) => [item.url.replace(/^https?:\/\/[^/]+/, ''), round(item.total ?? 0, 0)]));
}

/** The median of each figure over the runs (each figure on its own, as Lighthouse's docs advise). */
export function summarise(runs: Result[]): Scores {
  const med = (pick: (lhr: Result) => number) => median(runs.map(pick));
  return {
    performance: med((l) => score(l, 'performance')),
    accessibility: med((l) => score(l, 'accessibility')),
    bestPractices: med((l) => score(l, 'best-practices')),
    seo: med((l) => score(l, 'seo')),
    lcpMs: round(med((l) => metric(l, 'largest-contentful-paint')), 0),
    tbtMs: round(med((l) => metric(l, 'total-blocking-time')), 0),
    cls: round(med((l) => metric(l, 'cumulative-layout-shift')), 3),
    benchmarkIndex: round(med((l) => l.environment.benchmarkIndex), 0),
    failing: failingOverRuns(runs),
    scriptCpuMs: scriptCpu(medianRun(runs)),
  };
}

/** Each audit that lost points once, with its value in every run where it did: `id (390 ms / 600 ms)`. */
function failingOverRuns(runs: Result[]): string[] {
  const values = new Map<string, string[]>();
  for (const [id, value] of runs.flatMap(failingAudits)) values.set(id, [...(values.get(id) ?? []), value || '-']);
  return [...values].map(([id, seen]) => `${id} (${seen.join(' / ')})`).sort();
}

/** The run whose performance score is the median one. */
function medianRun(runs: Result[]): Result {
  const sorted = [...runs].sort((a, b) => score(a, 'performance') - score(b, 'performance'));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** The script responses of a run, from Lighthouse's network records. */
export function scriptRequests(lhr: Result): { url: string; transferSize: number; resourceSize: number }[] {
  const details = lhr.audits['network-requests']?.details as { items?: Record<string, unknown>[] } | undefined;
  return (details?.items ?? [])
    .filter((item) => item.resourceType === 'Script')
    .map((item) => ({ url: String(item.url), transferSize: Number(item.transferSize ?? 0), resourceSize: Number(item.resourceSize ?? 0) }));
}
