/**
 * FerretDB's SQLite backend under different settings, each on a FerretDB of its own started by the
 * project's launcher: one invented interview (300 segments) read by the raw driver and by the API's
 * page query without the cache (50 connections), the change log filled to `logEntries` (the write
 * cost: `synchronous` is a write setting) and polled at its head (the `_id` lookup that the launcher's
 * index serves). docs/decisions/ferretdb-settings.md says which is the default and why.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Types } from 'mongoose';
import { ObjectId } from 'mongodb';
import { Role } from '../../server/src/access/levels.js';
import { createApi } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { connectDatabase, type Database } from '../../server/src/db/connect.js';
import { ChangeLog, entryId } from '../../server/src/search/change-log.js';
import { Storage, type StorageSettings } from '../../server/src/storage/storage.js';
import { startFerretDb, stopChild, type FerretDbSettings } from '../../server/dev/services.js';
import { median, round } from '../stats.js';
import { measurePageLoad } from './page-load.js';

export const VARIANTS: { name: string; settings: FerretDbSettings }[] = [
  { name: "FerretDB's own defaults (WAL, synchronous FULL, 2 MB page cache), no _id expression index", settings: { idIndex: false } },
  { name: 'the same with the launcher\'s _id expression index (the default now)', settings: {} },
  { name: '+ synchronous NORMAL', settings: { sqliteParams: '_pragma=synchronous(normal)' } },
  { name: '+ 64 MB page cache per connection, 256 MB mmap', settings: { sqliteParams: '_pragma=cache_size(-65536)&_pragma=mmap_size(268435456)' } },
];

/** One invented interview of 300 segments with its narrators and terms; its id. */
export async function seed(db: Database) {
  const m = db.models;
  const terms = (await m.VocabularyTerm.insertMany([
    { kind: 'ethnic_group', key: 'uyghurs', labels: { en: 'Uyghurs' } },
    { kind: 'era', key: 'ww2', labels: { en: 'Second World War' } },
    { kind: 'place', key: 'almaty', labels: { en: 'Almaty' } },
  ])) as unknown as { _id: ObjectId }[];
  const narrators = (await m.Narrator.insertMany(
    ['Invented Narrator One', 'Invented Narrator Two'].map((en) => ({ names: [{ value: en, script: 'Latn' }], displayName: { en }, ethnicGroupIds: [terms[0]!._id], createdBy: new ObjectId() })),
  )) as unknown as { _id: ObjectId }[];
  const interview = (await (m.Interview as unknown as { create(doc: unknown): Promise<{ _id: ObjectId }> }).create({
    title: { en: 'An invented interview for the bench' }, accessLevel: 'public', status: 'published',
    release: { permits: 'public', withdrawn: false }, createdBy: new ObjectId(), narratorIds: narrators.map((n) => n._id),
    tagIds: terms.map((t) => t._id), languages: ['kk'], durationSeconds: 1800,
  }));
  await m.Transcript.create({
    interviewId: interview._id, language: 'kk', status: 'approved',
    segments: Array.from({ length: 300 }, (_, i) => ({ start: i * 6, end: i * 6 + 5.5, speaker: i % 2 ? 'N' : 'I', text: `Бұл ойдан шығарылған сөйлем ${i}, the bench's invented sentence.` })),
  });
  return interview._id.toHexString();
}

export async function teacherToken(db: Database, storage: StorageSettings) {
  const api = await createApi(loadConfig({ NODE_ENV: 'test' }), db, new Storage(storage));
  try {
    const user = await api.services.users.createDirectly({ email: 'bench.teacher@example.org', name: 'Bench Teacher', password: 'invented bench password', roles: [Role.teacher] });
    return (await api.services.auth.openSession(user)).token;
  } finally {
    await api.stop();
  }
}

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
    const dir = mkdtempSync(join(tmpdir(), 'bench-ferretdb-'));
    const ferret = await startFerretDb(dir, () => undefined, undefined, variant.settings);
    try {
      const dbName = `bench_settings_${Date.now()}`;
      const db = await connectDatabase(ferret.uri, dbName);
      try {
        const interviewId = await seed(db);
        const token = await teacherToken(db, storage);
        log(`FerretDB settings: ${variant.name}`);
        const page = await measurePageLoad({ mongoUri: ferret.uri, dbName, storage, interviewId, transcriptLanguage: 'kk', segments: 300, teacherToken: token }, durationS, log, { only: 'database' });
        const changeLog = await logFigures(db, logEntries);
        log(`  change log of ${changeLog.entries}: filled at ${changeLog.insertsPerS} inserts/s, poll p50 ${changeLog.pollP50Ms} ms`);
        results.push({ variant: variant.name, settings: variant.settings, rawDriverPageRead: page.rawDriverPageRead, pageQueryAnonymousNoCache: page.pageQueryAnonymousNoCache, changeLog });
      } finally {
        await db.close();
      }
    } finally {
      await stopChild(ferret.child);
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}
