/**
 * `read` (issue 11): the public read path. The change log's polling cost with a million entries behind
 * it against a hundred (--quick: 100,000). Runs on its own FerretDB (or MONGODB_URI).
 */
import { startDevServices } from '../server/dev/services.js';
import { measureChangeLogPoll } from './read/change-log-poll.js';

export const section = 'read';

const log = (line: string) => console.log(`[read] ${line}`);

export async function run({ quick }: { quick: boolean }) {
  const services = await startDevServices({ log });
  try {
    const changeLog = await measureChangeLogPoll(services.mongoUri, quick ? 100_000 : 1_000_000, log);
    const result = { changeLogPoll: changeLog };
    console.table({
      '100 entries': { pollP50Ms: changeLog.small.poll.p50Ms, rangeQueryP50Ms: changeLog.small.legacyRangeQuery.p50Ms },
      [`${changeLog.large.entries} entries`]: { pollP50Ms: changeLog.large.poll.p50Ms, rangeQueryP50Ms: changeLog.large.legacyRangeQuery.p50Ms },
    });
    return result;
  } finally {
    await services.stop();
  }
}
