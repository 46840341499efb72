/**
 * A FerretDB of its own for one variant of the FerretDB parts (ferretdb-settings.ts, ferretdb-backends.ts):
 * started by the project's launcher with the variant's settings, one invented interview seeded and a
 * teacher signed in, its page read measured (raw driver and uncached page query); then the part's own
 * work on the same database, and the FerretDB stopped and its folder removed whatever happened.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObjectId } from 'mongodb';
import { Role } from '../../server/src/access/levels.js';
import { createApi } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { connectDatabase, type Database } from '../../server/src/db/connect.js';
import { Storage, type StorageSettings } from '../../server/src/storage/storage.js';
import { POSTGRESQL_STOP_GRACE_MS, startFerretDb, stopChild, type FerretDbSettings } from '../../server/dev/services.js';
import { measurePageLoad, type DatabaseReads } from './page-load.js';

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

export interface FreshFerretDbOptions {
  /** Begins the log line that names the variant (`FerretDB settings`, `FerretDB backend`). */
  part: string;
  variant: string;
  settings: FerretDbSettings;
  /** Names the data folder and the database: `bench-ferretdb-<tag>…`, `bench_<tag>_<time>`. */
  folderTag: string;
  databaseTag: string;
  storage: StorageSettings;
  durationS: number;
  log: (line: string) => void;
}

export interface FreshFerretDb { db: Database; uri: string; dbName: string; page: DatabaseReads }

export async function onFreshFerretDb<T>(o: FreshFerretDbOptions, work: (fresh: FreshFerretDb) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `bench-ferretdb-${o.folderTag}`));
  const ferret = await startFerretDb(dir, () => undefined, undefined, o.settings);
  try {
    const dbName = `bench_${o.databaseTag}_${Date.now()}`;
    const db = await connectDatabase(ferret.uri, dbName);
    try {
      const interviewId = await seed(db);
      const token = await teacherToken(db, o.storage);
      o.log(`${o.part}: ${o.variant}`);
      const page = await measurePageLoad({ mongoUri: ferret.uri, dbName, storage: o.storage, interviewId, transcriptLanguage: 'kk', segments: 300, teacherToken: token }, o.durationS, o.log, { only: 'database' });
      return await work({ db, uri: ferret.uri, dbName, page });
    } finally {
      await db.close();
    }
  } finally {
    // PostgreSQL checkpoints on a clean stop: give it the time it takes rather than kill it mid-write.
    await stopChild(ferret.child, ferret.backend === 'postgresql' ? POSTGRESQL_STOP_GRACE_MS : undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
