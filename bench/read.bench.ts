/**
 * `read` (issue 11): the public read path. The API under 50 connections (bare Apollo, the raw driver
 * read of a page's records, the page query anonymous with and without the cache and as a teacher;
 * 10 s each, --quick 4 s), the site's interview page anonymous and as a teacher (50 connections; then
 * 200 connections for 60 s, --quick 20 s, anonymous, with the error count; `--no-site`, `--no-crowd`
 * leave them out), and the change log's polling cost with a million entries behind it against a
 * hundred (--quick: 100,000; `--only-page` skips the log, whose million inserts take minutes). Runs on
 * its own FerretDB and s3rver (or MONGODB_URI / S3_ENDPOINT); the site on its e2e stack.
 */
import { existsSync, readFileSync } from 'node:fs';
import { startDevServices } from '../server/dev/services.js';
import { measureChangeLogPoll } from './read/change-log-poll.js';
import { measurePageLoad } from './read/page-load.js';
import { measureSitePages } from './read/site-pages.js';

export const section = 'read';

function lastChangeLogPoll(): unknown {
  const path = new URL('./results.json', import.meta.url);
  if (!existsSync(path)) return null;
  const last = (JSON.parse(readFileSync(path, 'utf8')) as { read?: { changeLogPoll?: object & { measuredAt?: string }; at?: string } }).read;
  return last?.changeLogPoll ? { measuredAt: last.changeLogPoll.measuredAt ?? last.at, ...last.changeLogPoll } : null;
}

const log = (line: string) => console.log(`[read] ${line}`);

export async function run({ quick }: { quick: boolean }) {
  const services = await startDevServices({ log });
  try {
    const page = await measurePageLoad(services.mongoUri, services.storage, quick ? 4 : 10, log);
    const site = process.argv.includes('--no-site') ? null : await measureSitePages(quick ? 4 : 10, process.argv.includes('--no-crowd') ? 0 : quick ? 20 : 60, log);
    const row = (r: { requestsPerS: number; p50Ms: number; p99Ms: number; errors: number }) => ({ requestsPerS: r.requestsPerS, p50Ms: r.p50Ms, p99Ms: r.p99Ms, errors: r.errors });
    console.table({
      'bare Apollo {__typename}': row(page.bareApolloTypename),
      'raw driver, page records': row(page.rawDriverPageRead),
      'API page query, anonymous, no cache': row(page.pageQueryAnonymousNoCache),
      'API page query, anonymous, cached': row(page.pageQueryAnonymousCached),
      'API page query, teacher': row(page.pageQueryTeacher),
      ...(site && {
        'site interview page, anonymous': row(site.anonymous),
        'site interview page, teacher': row(site.teacher),
        ...(site.crowd200 && { [`site interview page, anonymous, 200 conn ${site.crowd200.durationS} s`]: row(site.crowd200) }),
      }),
    });
    const ratios = {
      ...page.ratios,
      ...(site && {
        siteAnonymousToRawDriver: Math.round((site.anonymous.requestsPerS / page.rawDriverPageRead.requestsPerS) * 100) / 100,
        siteTeacherToRawDriver: Math.round((site.teacher.requestsPerS / page.rawDriverPageRead.requestsPerS) * 100) / 100,
      }),
    };
    console.table(ratios);
    // The log's figures take minutes to fill: a page-only run keeps the last ones, with their date.
    if (process.argv.includes('--only-page')) return { page, site, ratios, changeLogPoll: lastChangeLogPoll() };
    const changeLog = await measureChangeLogPoll(services.mongoUri, quick ? 100_000 : 1_000_000, log);
    const result = { page, site, ratios, changeLogPoll: changeLog };
    console.table({
      '100 entries': { pollP50Ms: changeLog.small.poll.p50Ms, rangeQueryP50Ms: changeLog.small.legacyRangeQuery.p50Ms },
      [`${changeLog.large.entries} entries`]: { pollP50Ms: changeLog.large.poll.p50Ms, rangeQueryP50Ms: changeLog.large.legacyRangeQuery.p50Ms },
    });
    return result;
  } finally {
    await services.stop();
  }
}
