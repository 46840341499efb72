/**
 * Part 2 of `read`: the synthetic archive (bench/synthetic/, 1,000 interviews; --quick 100) on a
 * FerretDB of its own. Written through the models, then a stack of its own (synthetic-stack.ts: the
 * API with its anonymous cache, whose search index build is timed, and the built site) answers the
 * cached page query and the site's interview, collection and search pages, anonymous and as a
 * teacher, 50 connections; the raw driver read, the uncached page query and the teacher's page query
 * run on an API in this process, as for the demo (page-load.ts).
 */
import { readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '../../server/src/access/levels.js';
import { createApi } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { connectDatabase } from '../../server/src/db/connect.js';
import { Storage } from '../../server/src/storage/storage.js';
import { startDevServices } from '../../server/dev/services.js';
import { ensureSiteBuilt } from '../site/build.js';
import { startBenchStack } from '../site/stack.js';
import { round } from '../stats.js';
import { measurePageLoad, type Load } from './page-load.js';
import { measureSitePages } from './site-pages.js';
import { writeSyntheticArchive } from './synthetic-records.js';

const load = () => loadavg().map((l) => round(l, 2));

export async function measureSynthetic(interviews: number, durationS: number, log: (line: string) => void) {
  const services = await startDevServices({ log: () => undefined });
  try {
    const dbName = `bench_read_synthetic_${Date.now()}`;
    const db = await connectDatabase(services.mongoUri, dbName);
    try {
      const archive = await writeSyntheticArchive(db.models, interviews, log);
      const api = await createApi(loadConfig({ NODE_ENV: 'test' }), db, new Storage(services.storage));
      const teacher = await api.services.users.createDirectly({ email: 'bench.teacher@example.org', name: 'Bench Teacher', password: 'invented bench password', roles: [Role.teacher] });
      const teacherToken = (await api.services.auth.openSession(teacher)).token;
      await api.stop();
      ensureSiteBuilt(log);
      const infoFile = join(tmpdir(), `bench-synthetic-stack-${process.pid}.json`);
      const ports = { site: Number(process.env.BENCH_SYNTHETIC_SITE_PORT || 3182), api: Number(process.env.BENCH_SYNTHETIC_API_PORT || 4182) };
      const started = Date.now();
      const stack = await startBenchStack(ports, log, {
        script: 'bench/read/synthetic-stack.ts',
        env: { SYNTHETIC_STACK: JSON.stringify({ mongoUri: services.mongoUri, dbName, storage: services.storage, infoFile }) },
        startS: 1800,
      });
      try {
        const index = JSON.parse(readFileSync(infoFile, 'utf8')) as { searchBuildMs: number; searchBuild?: object; indexedDocuments: number };
        log(`synthetic stack up after ${Math.round((Date.now() - started) / 1000)} s; search index built in ${round(index.searchBuildMs / 1000, 1)} s (${index.indexedDocuments} documents)`);
        const loadBefore = load();
        const target = {
          mongoUri: services.mongoUri, dbName, storage: services.storage, interviewId: archive.page.interviewId.toHexString(),
          transcriptLanguage: archive.page.transcriptLanguage, segments: archive.page.segments, teacherToken,
        };
        const measured = await measurePageLoad(target, durationS, log, { cachedUrl: `http://127.0.0.1:${ports.api}/graphql` });
        const paths = {
          interview: `/en/interviews/${target.interviewId}`,
          collection: `/en/collections/${archive.collectionSlug}`,
          search: `/en/search?q=${encodeURIComponent(archive.searchQuery)}`,
        };
        const site = await measureSitePages({ siteUrl: stack.siteUrl, teacherToken }, durationS, 0, log, paths);
        return { loadAverage: { before: loadBefore, after: load() }, archive: { ...archive, page: undefined }, searchIndex: index, api: measured, site };
      } finally {
        await stack.stop();
        rmSync(infoFile, { force: true });
      }
    } finally {
      await db.conn.dropDatabase().catch(() => undefined);
      await db.close();
    }
  } finally {
    await services.stop();
  }
}

export type SyntheticResult = Partial<Awaited<ReturnType<typeof measureSynthetic>>>;

type Rows = Record<string, unknown>;

/** The synthetic part's rows, each beside the raw driver read of the same run. */
export function syntheticTable<R>(s: SyntheticResult | null, row: (r: Load & { statuses?: Record<string, number> }, raw: number) => R): Record<string, R> {
  const api = s?.api;
  if (!api?.bareApolloTypename) return {};
  const raw = api.rawDriverPageRead.requestsPerS;
  const table: Record<string, R> = {
    'synthetic: bare Apollo {__typename}': row(api.bareApolloTypename, raw),
    'synthetic: raw driver, page records': row(api.rawDriverPageRead, raw),
    'synthetic: API page query, anonymous, no cache': row(api.pageQueryAnonymousNoCache, raw),
    ...(api.pageQueryAnonymousCached && { 'synthetic: API page query, anonymous, cached': row(api.pageQueryAnonymousCached, raw) }),
    'synthetic: API page query, teacher': row(api.pageQueryTeacher, raw),
  };
  for (const [name, page] of Object.entries((s?.site as Rows | undefined)?.pages ?? {}) as [string, { anonymous: Load; teacher: Load }][]) {
    table[`synthetic: site ${name} page, anonymous`] = row(page.anonymous, raw);
    table[`synthetic: site ${name} page, teacher`] = row(page.teacher, raw);
  }
  return table;
}
