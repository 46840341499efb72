/**
 * The site's interview, collection and search pages under 50 connections, anonymous (the API answers
 * from the anonymous cache) and as a signed-in teacher (never from it); then 200 connections for
 * `longS` seconds on the anonymous interview page, counting errors and timeouts. On the end-to-end
 * stack (invented demo seed, built site) in a process of its own, as the `site` section runs it.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { IDS, SLUGS, TEACHER } from '../../tests/e2e/support/seed-data.js';
import type { StorageSettings } from '../../server/src/storage/storage.js';
import { ensureSiteBuilt } from '../site/build.js';
import { loadPage, type LoadResult } from '../site/load.js';
import { startBenchStack } from '../site/stack.js';

const summary = (r: LoadResult) => ({
  requestsPerS: r.requestsPerS, p50Ms: r.latencyMs.p50, p99Ms: r.latencyMs.p99, requests: r.requests,
  errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, statuses: r.statuses, apiP50Ms: r.serverTiming.apiP50Ms, renderP50Ms: r.serverTiming.renderP50Ms,
  rendered: r.serverTiming.samples, frontHits: r.serverTiming.frontSamples, frontP50Ms: r.serverTiming.frontP50Ms,
});
export type PageLoad = ReturnType<typeof summary>;

export const SITE_PAGES = {
  interview: `/en/interviews/${IDS.publicInterview}`,
  collection: `/en/collections/${SLUGS.flagship}`,
  search: '/en/search?q=Kazakhstan',
} as const;

export interface SiteStack {
  siteUrl: string;
  /** The stack's database and storage (tests/e2e/support/stack.ts writes them to its STACK_INFO file). */
  mongoUri: string;
  dbName: string;
  storage: StorageSettings;
  teacherToken: string;
  stop(): Promise<void>;
}

export async function startSiteStack(log: (line: string) => void): Promise<SiteStack> {
  ensureSiteBuilt(log);
  const ports = { site: Number(process.env.BENCH_SITE_PORT || 3181), api: Number(process.env.BENCH_API_PORT || 4181) };
  const stack = await startBenchStack(ports, log);
  try {
    const info = JSON.parse(readFileSync(`${process.env.TMPDIR || '/tmp'}/archive-e2e-stack-${ports.site}.json`, 'utf8')) as { mongoUri: string; dbName: string; storage: StorageSettings };
    await jobsDone(info.mongoUri, info.dbName, log);
    return { ...stack, ...info, teacherToken: await signIn(stack.siteUrl) };
  } catch (err) {
    await stack.stop();
    throw err;
  }
}

/** The stack's worker runs the seed's pipeline (probe, access copies, whisper.cpp) after start: measured after it. */
async function jobsDone(uri: string, dbName: string, log: (line: string) => void) {
  const client = await MongoClient.connect(uri);
  try {
    const started = Date.now();
    const jobs = client.db(dbName).collection('jobs');
    while (Date.now() - started < 300_000 && (await jobs.countDocuments({ $or: [{ state: 'running' }, { state: 'queued', runAt: { $lte: new Date() } }] })) > 0) await sleep(2_000);
    log(`the stack's seed jobs finished after ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    await client.close();
  }
}

async function signIn(siteUrl: string): Promise<string> {
  const res = await fetch(`${siteUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }', variables: { e: TEACHER.email, p: TEACHER.password } }),
  });
  const body = (await res.json()) as { data?: { signIn?: { token: string } }; errors?: unknown };
  if (!body.data?.signIn) throw new Error(`the teacher could not sign in: ${JSON.stringify(body.errors)}`);
  return body.data.signIn.token;
}

/** Each page answers 200 to both viewers before it is loaded: a bench of error pages measures nothing. */
async function checkPages(siteUrl: string, cookie: string, paths: Record<string, string>) {
  for (const path of Object.values(paths)) {
    for (const headers of [{}, { cookie }] as Record<string, string>[]) {
      const res = await fetch(`${siteUrl}${path}`, { headers, redirect: 'manual' });
      if (res.status !== 200) throw new Error(`${path} answered HTTP ${res.status}${'cookie' in headers ? ' to the teacher' : ''}`);
    }
  }
}

export async function measureSitePages(
  stack: Pick<SiteStack, 'siteUrl' | 'teacherToken'>,
  durationS: number,
  longS: number,
  log: (line: string) => void,
  /** The pages to load (another archive's: the synthetic one). */
  paths: Record<keyof typeof SITE_PAGES, string> = SITE_PAGES,
) {
  const cookie = `archive_session=${stack.teacherToken}`;
  await checkPages(stack.siteUrl, cookie, paths);
  const pages: Record<string, { anonymous: PageLoad; teacher: PageLoad }> = {};
  for (const [name, path] of Object.entries(paths)) {
    const url = `${stack.siteUrl}${path}`;
    for (const headers of [{}, { cookie }] as Record<string, string>[]) await loadPage(url, 10, 2, headers); // warm both paths
    const anonymous = summary(await loadPage(url, 50, durationS));
    log(`site ${name} page, anonymous: ${anonymous.requestsPerS} req/s, p50 ${anonymous.p50Ms} ms, p99 ${anonymous.p99Ms} ms, statuses ${JSON.stringify(anonymous.statuses)}`);
    const teacher = summary(await loadPage(url, 50, durationS, { cookie }));
    log(`site ${name} page, teacher: ${teacher.requestsPerS} req/s, p50 ${teacher.p50Ms} ms, p99 ${teacher.p99Ms} ms, statuses ${JSON.stringify(teacher.statuses)}`);
    pages[name] = { anonymous, teacher };
  }
  const crowd = longS > 0 ? summary(await loadPage(`${stack.siteUrl}${paths.interview}`, 200, longS)) : null;
  if (crowd) log(`site interview page, anonymous, 200 connections ${longS} s: ${crowd.requestsPerS} req/s, p99 ${crowd.p99Ms} ms, ${crowd.errors} errors, ${crowd.timeouts} timeouts, ${crowd.non2xx} non-2xx`);
  return { paths, connections: 50, durationS, pages, crowd200: crowd && { durationS: longS, ...crowd } };
}
