/**
 * The site's interview page under load, anonymous (its API answers from the anonymous cache) and as
 * a signed-in teacher (never from it): 50 connections; then 200 connections for `longS` seconds,
 * anonymous, counting errors and timeouts. The end-to-end stack (invented demo seed, built site) in a
 * process of its own, as the `site` section runs it.
 */
import { IDS, TEACHER } from '../../tests/e2e/support/seed-data.js';
import { ensureSiteBuilt } from '../site/build.js';
import { loadPage, type LoadResult } from '../site/load.js';
import { startBenchStack } from '../site/stack.js';

const summary = (r: LoadResult) => ({
  requestsPerS: r.requestsPerS, p50Ms: r.latencyMs.p50, p99Ms: r.latencyMs.p99, requests: r.requests,
  errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, statuses: r.statuses, apiP50Ms: r.serverTiming.apiP50Ms, renderP50Ms: r.serverTiming.renderP50Ms,
});

/** The stack answers its health check before its seed has finished: the teacher is asked again for a while. */
async function signIn(siteUrl: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await signInOnce(siteUrl);
    } catch (err) {
      if (attempt >= 4) throw err;
      await new Promise((ok) => setTimeout(ok, 5_000));
    }
  }
}

async function signInOnce(siteUrl: string): Promise<string> {
  const res = await fetch(`${siteUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }', variables: { e: TEACHER.email, p: TEACHER.password } }),
  });
  const body = (await res.json()) as { data?: { signIn?: { token: string } }; errors?: unknown };
  if (!body.data?.signIn) throw new Error(`the teacher could not sign in: ${JSON.stringify(body.errors)}`);
  return body.data.signIn.token;
}

export async function measureSitePages(durationS: number, longS: number, log: (line: string) => void) {
  ensureSiteBuilt(log);
  const stack = await startBenchStack(
    { site: Number(process.env.BENCH_SITE_PORT || 3181), api: Number(process.env.BENCH_API_PORT || 4181) },
    log,
  );
  try {
    const url = `${stack.siteUrl}/en/interviews/${IDS.publicInterview}`;
    const cookie = `archive_session=${await signIn(stack.siteUrl)}`;
    for (const headers of [{}, { cookie }] as Record<string, string>[]) await loadPage(url, 10, 2, headers); // warm both paths
    const anonymous = summary(await loadPage(url, 50, durationS));
    log(`site interview page, anonymous: ${anonymous.requestsPerS} req/s, p50 ${anonymous.p50Ms} ms, p99 ${anonymous.p99Ms} ms`);
    const teacher = summary(await loadPage(url, 50, durationS, { cookie }));
    log(`site interview page, teacher: ${teacher.requestsPerS} req/s, p50 ${teacher.p50Ms} ms, p99 ${teacher.p99Ms} ms`);
    const crowd = longS > 0 ? summary(await loadPage(url, 200, longS)) : null;
    if (crowd) log(`site interview page, anonymous, 200 connections ${longS} s: ${crowd.errors} errors, ${crowd.timeouts} timeouts, ${crowd.non2xx} non-2xx`);
    return { url: `/en/interviews/${IDS.publicInterview}`, connections: 50, durationS, anonymous, teacher, crowd200: crowd && { durationS: longS, ...crowd } };
  } finally {
    await stack.stop();
  }
}
