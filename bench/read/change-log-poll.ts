/**
 * What one poll of the change log costs with few and with very many entries behind it. The poll is
 * ChangeLog.readAfter at the head (nothing new: what every instance does every second); beside it, the
 * range query the log was polled by before (`at >= since`, with an index on `at`), which FerretDB's
 * SQLite backend answers by reading the whole table.
 */
import { Types } from 'mongoose';
import { connectDatabase } from '../../server/src/db/connect.js';
import { ChangeLog, entryId } from '../../server/src/search/change-log.js';
import { median, percentile, round } from '../stats.js';

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function timeEach(times: number, fn: () => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = process.hrtime.bigint();
    await fn();
    samples.push(ms(t));
  }
  return { p50Ms: round(median(samples), 3), p99Ms: round(percentile(samples, 99), 3), samples: times };
}

export async function measureChangeLogPoll(mongoUri: string, large: number, log: (line: string) => void) {
  const db = await connectDatabase(mongoUri, `bench_read_log_${Date.now()}`);
  try {
    const changeLog = new ChangeLog(db.models);
    const entries = db.models.SearchChange.collection;
    for (let i = 0; i < 100; i++) await changeLog.append('Interview', new Types.ObjectId());
    const legacy = () => entries.find({ at: { $gte: new Date(Date.now() - 6_000) } }).sort({ at: 1 }).toArray();
    const poll = () => changeLog.readAfter(head);
    let head = await changeLog.head();
    const small = { entries: 100, poll: await timeEach(200, poll), legacyRangeQuery: await timeEach(5, legacy) };
    log(`change log, 100 entries: poll p50 ${small.poll.p50Ms} ms, range query p50 ${small.legacyRangeQuery.p50Ms} ms`);

    // Filled in bulk as the log would be after years: old entries, dense positions.
    const old = new Date(Date.now() - 365 * 24 * 3600_000);
    const started = process.hrtime.bigint();
    const batch = 10_000;
    for (let from = head + 1; from <= large; from += batch) {
      const docs = [];
      for (let seq = from; seq < Math.min(from + batch, large + 1); seq++) docs.push({ _id: entryId(seq), seq, kind: 'Interview', targetId: new Types.ObjectId(), at: old });
      await entries.insertMany(docs, { ordered: false });
    }
    await entries.updateOne({ _id: new Types.ObjectId(`00000001${'0'.repeat(16)}`) }, { $max: { seq: large } });
    const fillS = round(ms(started) / 1000, 1);
    head = await changeLog.head();
    log(`change log filled to ${head} entries in ${fillS} s`);
    // The launcher indexes the table by FerretDB's _id lookup expression every 2 s (server/dev/ferretdb/
    // id-index.go); a million rows take it about ten seconds. Polls measured after that.
    const indexWait = process.hrtime.bigint();
    for (let t = process.hrtime.bigint(); ms(indexWait) < 60_000; t = process.hrtime.bigint()) {
      await poll();
      if (ms(t) < 50) break;
      await new Promise((ok) => setTimeout(ok, 1000));
    }
    const big = {
      entries: head,
      poll: await timeEach(200, poll),
      // One run: it reads the whole table, tens of seconds at a million.
      legacyRangeQuery: await timeEach(1, legacy),
    };
    log(`change log, ${head} entries: poll p50 ${big.poll.p50Ms} ms, range query ${big.legacyRangeQuery.p50Ms} ms`);
    return { small, large: { ...big, fillSeconds: fillS, indexWaitS: round(ms(indexWait) / 1000, 1) }, pollRatioLargeToSmall: round(big.poll.p50Ms / small.poll.p50Ms, 2) };
  } finally {
    await db.conn.dropDatabase().catch(() => undefined);
    await db.close();
  }
}
