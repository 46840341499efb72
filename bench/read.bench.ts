/**
 * `read` (issue 11): the public read path, in one run.
 *
 * 1. Demo data, on the end-to-end stack (invented demo seed, built site): the API (bare Apollo
 *    `{__typename}`, the raw driver read of the interview page's records, the page query anonymous
 *    without and with the anonymous cache and as a teacher) and the site's interview, collection and
 *    search pages anonymous and as a signed-in teacher: 50 connections, 10 s each (--quick 4 s); then
 *    200 connections on the anonymous interview page for 60 s (--quick 20 s) with errors and timeouts.
 * 2. A synthetic archive of 1,000 interviews (bench/synthetic/, --quick 100) on a FerretDB of its own:
 *    the same API rows, and the site's pages, on a stack of its own (bench/read/synthetic-stack.ts:
 *    the API with its anonymous cache and the built site), whose search index build is timed.
 * 3. The change log's poll with 1,000,000 entries behind it against 100 (--quick 100,000).
 * 4. FerretDB's SQLite settings (ferretdb-settings.ts).
 * 5. FerretDB's backends, SQLite against PostgreSQL (ferretdb-backends.ts).
 * `--no-demo`, `--no-site`, `--no-synthetic`, `--no-log`, `--no-settings`, `--no-backends` leave a part out (and keep its last figures).
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { startDevServices } from '../server/dev/services.js';
import { IDS, SEGMENTS } from '../tests/e2e/support/seed-data.js';
import { measureChangeLogPoll } from './read/change-log-poll.js';
import { backendTable, measureFerretDbBackends } from './read/ferretdb-backends.js';
import { measureFerretDbSettings } from './read/ferretdb-settings.js';
import { measurePageLoad, type Load } from './read/page-load.js';
import { measureSitePages, startSiteStack } from './read/site-pages.js';
import { measureSynthetic, type SyntheticResult, syntheticTable } from './read/synthetic-run.js';
import { round } from './stats.js';

export const section = 'read';

const log = (line: string) => console.log(`[read] ${line}`);
const flag = (name: string) => process.argv.includes(name);
const load = () => loadavg().map((l) => round(l, 2));

function last(part: string): unknown {
  const path = new URL('./results.json', import.meta.url);
  if (!existsSync(path)) return null;
  const read = (JSON.parse(readFileSync(path, 'utf8')) as { read?: Record<string, unknown> & { at?: string } }).read;
  return read?.[part] ? { keptFrom: read.at, ...(read[part] as object) } : null;
}

type Row = Pick<Load, 'requestsPerS' | 'p50Ms' | 'p99Ms' | 'errors' | 'timeouts' | 'non2xx'> & { statuses?: Record<string, number> };
const row = (r: Row, raw: number) => ({
  'req/s': r.requestsPerS, p50: r.p50Ms, p99: r.p99Ms, errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx,
  statuses: r.statuses ? Object.entries(r.statuses).map(([s, n]) => `${s}:${n}`).join(' ') : '',
  '× raw driver': round(r.requestsPerS / raw, 2),
});

async function demo(durationS: number, longS: number) {
  const stack = await startSiteStack(log);
  try {
    const target = { mongoUri: stack.mongoUri, dbName: stack.dbName, storage: stack.storage, interviewId: IDS.publicInterview, transcriptLanguage: 'ru', segments: SEGMENTS.length, teacherToken: stack.teacherToken };
    const loadBefore = load();
    const api = await measurePageLoad(target, durationS, log);
    const site = flag('--no-site') ? null : await measureSitePages(stack, durationS, longS, log);
    return { loadAverage: { before: loadBefore, after: load() }, api, site };
  } finally {
    await stack.stop();
  }
}

export async function run({ quick }: { quick: boolean }) {
  const durationS = quick ? 4 : 10;
  const result: Record<string, unknown> = { startedAt: new Date().toISOString(), loadAverageAtStart: load() };
  const d = (flag('--no-demo') ? last('demo') : await demo(durationS, flag('--no-crowd') ? 0 : quick ? 20 : 60)) as Awaited<ReturnType<typeof demo>>;
  result.demo = d;
  const s = flag('--no-synthetic') ? last('synthetic') : await measureSynthetic(quick ? 100 : 1000, durationS, log);
  result.synthetic = s;
  let services;
  if (!flag('--no-log') || !flag('--no-settings') || !flag('--no-backends')) services = await startDevServices({ log: () => undefined });
  try {
    result.changeLogPoll = flag('--no-log') ? last('changeLogPoll') : await measureChangeLogPoll(services!.mongoUri, quick ? 100_000 : 1_000_000, log);
    result.ferretdbSettings = flag('--no-settings') ? last('ferretdbSettings') : await measureFerretDbSettings(services!.storage, durationS, quick ? 20_000 : 200_000, log);
    result.ferretdbBackends = flag('--no-backends') ? last('ferretdbBackends') : await measureFerretDbBackends(services!.storage, durationS, quick ? 20_000 : 200_000, quick ? 100 : 1000, log);
  } finally {
    await services?.stop();
  }
  result.loadAverageAtEnd = load();

  const table: Record<string, ReturnType<typeof row>> = {};
  if (d?.api) {
    const raw = d.api.rawDriverPageRead.requestsPerS;
    Object.assign(table, {
      'demo: bare Apollo {__typename}': row(d.api.bareApolloTypename, raw),
      'demo: raw driver, page records': row(d.api.rawDriverPageRead, raw),
      'demo: API page query, anonymous, no cache': row(d.api.pageQueryAnonymousNoCache, raw),
      ...(d.api.pageQueryAnonymousCached && { 'demo: API page query, anonymous, cached': row(d.api.pageQueryAnonymousCached, raw) }),
      'demo: API page query, teacher': row(d.api.pageQueryTeacher, raw),
    });
    for (const [name, page] of Object.entries(d.site?.pages ?? {})) {
      table[`demo: site ${name} page, anonymous`] = row(page.anonymous, raw);
      table[`demo: site ${name} page, teacher`] = row(page.teacher, raw);
    }
    if (d.site?.crowd200) table[`demo: site interview page, anonymous, 200 conn ${d.site.crowd200.durationS} s`] = row(d.site.crowd200, raw);
  }
  Object.assign(table, syntheticTable(s as SyntheticResult | null, row));
  console.table(table);
  result.table = table;
  const poll = result.changeLogPoll as Awaited<ReturnType<typeof measureChangeLogPoll>> | null;
  if (poll?.small) {
    console.table({
      '100 entries': { pollP50Ms: poll.small.poll.p50Ms, rangeQueryP50Ms: poll.small.legacyRangeQuery.p50Ms },
      [`${poll.large.entries} entries`]: { pollP50Ms: poll.large.poll.p50Ms, rangeQueryP50Ms: poll.large.legacyRangeQuery.p50Ms },
    });
  }
  const settings = result.ferretdbSettings as Awaited<ReturnType<typeof measureFerretDbSettings>> | null;
  if (Array.isArray(settings)) {
    console.table(Object.fromEntries(settings.map((v) => [v.variant, {
      'raw page reads/s': v.rawDriverPageRead.requestsPerS, 'raw p99': v.rawDriverPageRead.p99Ms,
      'API no cache req/s': v.pageQueryAnonymousNoCache.requestsPerS, 'API p99': v.pageQueryAnonymousNoCache.p99Ms,
      'log inserts/s': v.changeLog.insertsPerS, [`poll p50 ms (${v.changeLog.entries})`]: v.changeLog.pollP50Ms,
    }])));
  }
  const backends = result.ferretdbBackends as Awaited<ReturnType<typeof measureFerretDbBackends>> | null;
  if (Array.isArray(backends)) console.table(backendTable(backends));
  console.log(`load average: at start ${JSON.stringify(result.loadAverageAtStart)}, at end ${JSON.stringify(result.loadAverageAtEnd)}`);
  return result;
}
