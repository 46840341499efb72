/**
 * FerretDB's SQLite backend under different settings, each on a FerretDB of its own started by the
 * project's launcher: one invented interview (300 segments) read by the raw driver and by the API's
 * page query without the cache (50 connections), the change log filled to `logEntries` (the write
 * cost: `synchronous` is a write setting) and polled at its head (the `_id` lookup that the launcher's
 * index serves). docs/decisions/ferretdb-settings.md says which is the default and why.
 */
import { Types } from 'mongoose';
import type { Database } from '../../server/src/db/connect.js';
import { ChangeLog, entryId } from '../../server/src/search/change-log.js';
import type { StorageSettings } from '../../server/src/storage/storage.js';
import type { FerretDbSettings } from '../../server/dev/services.js';
import { median, round } from '../stats.js';
import { onFreshFerretDb } from './fresh-ferretdb.js';

export const VARIANTS: { name: string; settings: FerretDbSettings }[] = [
  { name: "FerretDB's own defaults (WAL, synchronous FULL, 2 MB page cache), no _id expression index", settings: { idIndex: false } },
  { name: 'the same with the launcher\'s _id expression index (the default now)', settings: {} },
  { name: '+ synchronous NORMAL', settings: { sqliteParams: '_pragma=synchronous(normal)' } },
  { name: '+ 64 MB page cache per connection, 256 MB mmap', settings: { sqliteParams: '_pragma=cache_size(-65536)&_pragma=mmap_size(268435456)' } },
];

/** Fills the log in batches of 10,000 and times 50 polls at its head (nothing new, as every instance polls). */
export async function logFigures(db: Database, entries: number) {
  const log = new ChangeLog(db.models);
  const collection = db.models.SearchChange.collection;
  await log.append('Interview', new Types.ObjectId());
  const started = process.hrtime.bigint();
  for (let from = 2; from <= entries; from += 10_000) {
    const docs = [];
    for (let seq = from; seq < Math.min(from + 10_000, entries + 1); seq++) docs.push({ _id: entryId(seq), seq, kind: 'Interview', targetId: new Types.ObjectId(), at: new Date() });
    await collection.insertMany(docs, { ordered: false });
  }
  const fillS = Number(process.hrtime.bigint() - started) / 1e9;
  await collection.updateOne({ _id: new Types.ObjectId(`00000001${'0'.repeat(16)}`) }, { $max: { seq: entries } });
  // The launcher's keeper indexes a table within its 2 s round; a big table takes a few seconds more.
  await new Promise((ok) => setTimeout(ok, 15_000));
  const head = await log.head();
  const polls: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = process.hrtime.bigint();
    await log.readAfter(head);
    polls.push(Number(process.hrtime.bigint() - t) / 1e6);
    // An instance polls twice a second; stop early when one poll takes seconds (no index).
    if (polls.length >= 3 && median(polls) > 1000) break;
  }
  return { entries, fillSeconds: round(fillS, 1), insertsPerS: round(entries / fillS, 0), pollP50Ms: round(median(polls), 2), polls: polls.length };
}

export async function measureFerretDbSettings(storage: StorageSettings, durationS: number, logEntries: number, log: (line: string) => void) {
  const results = [];
  for (const variant of VARIANTS) {
    const fresh = { part: 'FerretDB settings', variant: variant.name, settings: variant.settings, folderTag: '', databaseTag: 'settings', storage, durationS, log };
    results.push(await onFreshFerretDb(fresh, async ({ db, page }) => {
      const changeLog = await logFigures(db, logEntries);
      log(`  change log of ${changeLog.entries}: filled at ${changeLog.insertsPerS} inserts/s, poll p50 ${changeLog.pollP50Ms} ms`);
      return { variant: variant.name, settings: variant.settings, rawDriverPageRead: page.rawDriverPageRead, pageQueryAnonymousNoCache: page.pageQueryAnonymousNoCache, changeLog };
    }));
  }
  return results;
}
