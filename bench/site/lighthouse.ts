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
  /** Audits that lost points in any run (score below 0.9), to say why a score is low. */
  failing: string[];
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

function failingAudits(lhr: Result): string[] {
  const failing: string[] = [];
  for (const category of CATEGORIES) {
    for (const ref of lhr.categories[category]?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (!audit || audit.score === null || audit.score >= 0.9) continue;
      if (audit.scoreDisplayMode === 'informative' || audit.scoreDisplayMode === 'notApplicable') continue;
      const value = audit.displayValue ? ` (${audit.displayValue})` : '';
      failing.push(`${category}/${ref.id}${value}`);
    }
  }
  return failing;
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
    failing: [...new Set(runs.flatMap(failingAudits))].sort(),
  };
}

/** The script responses of a run, from Lighthouse's network records. */
export function scriptRequests(lhr: Result): { url: string; transferSize: number; resourceSize: number }[] {
  const details = lhr.audits['network-requests']?.details as { items?: Record<string, unknown>[] } | undefined;
  return (details?.items ?? [])
    .filter((item) => item.resourceType === 'Script')
    .map((item) => ({ url: String(item.url), transferSize: Number(item.transferSize ?? 0), resourceSize: Number(item.resourceSize ?? 0) }));
}
