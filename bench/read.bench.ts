/**
 * `read` (issue 11): the public read path. The API under 50 connections (bare Apollo, the raw driver
 * read of a page's records, the page query anonymous with and without the cache; 10 s each, --quick 4 s),
 * and the change log's polling cost with a million entries behind it against a hundred (--quick:
 * 100,000; `--only-page` skips the log, whose million inserts take minutes). Runs on its own FerretDB
 * and s3rver (or MONGODB_URI / S3_ENDPOINT).
 */
import { startDevServices } from '../server/dev/services.js';
import { measureChangeLogPoll } from './read/change-log-poll.js';
import { measurePageLoad } from './read/page-load.js';

export const section = 'read';

const log = (line: string) => console.log(`[read] ${line}`);

export async function run({ quick }: { quick: boolean }) {
  const services = await startDevServices({ log });
  try {
    const page = await measurePageLoad(services.mongoUri, services.storage, quick ? 4 : 10, log);
    console.table({
      'bare Apollo {__typename}': page.bareApolloTypename,
      'raw driver, page records': page.rawDriverPageRead,
      'page query, anonymous, no cache': page.pageQueryAnonymousNoCache,
      'page query, anonymous, cached': page.pageQueryAnonymousCached,
    });
    console.table(page.ratios);
    if (process.argv.includes('--only-page')) return { page };
    const changeLog = await measureChangeLogPoll(services.mongoUri, quick ? 100_000 : 1_000_000, log);
    const result = { page, changeLogPoll: changeLog };
    console.table({
      '100 entries': { pollP50Ms: changeLog.small.poll.p50Ms, rangeQueryP50Ms: changeLog.small.legacyRangeQuery.p50Ms },
      [`${changeLog.large.entries} entries`]: { pollP50Ms: changeLog.large.poll.p50Ms, rangeQueryP50Ms: changeLog.large.legacyRangeQuery.p50Ms },
    });
    return result;
  } finally {
    await services.stop();
  }
}
