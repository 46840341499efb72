/**
 * The way back in: bags written by `npm run export` loaded into an archive, empty or not.
 *
 * Every bag is validated (every checksum, the oxum, the tag manifest) and checked against the
 * archive before anything is written; one problem anywhere and nothing is written, with every
 * problem listed by bag and file. An interview already in the archive (same id, or a master with
 * the same SHA-256) is refused the same way.
 *
 * Writing is idempotent and ordered so that nothing shows half-imported: the bytes go to storage
 * first, then the records by id (replace-or-insert, so a rerun after a crash writes them again),
 * and the interview itself last. Access copies are made again by the worker from the master.
 */
import { listInterviewParts } from '../interviews/interview-parts.js';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BSON } from 'mongodb';
import type { CollectionImageDoc } from '../collections/collection-image.model.js';
import type { AnyModel, Models } from '../db/models.js';
import type { InterviewDoc } from '../interviews/interview.model.js';
import type { MediaAssetDoc } from '../interviews/media-asset.model.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Storage } from '../storage/storage.js';
import { type BagProblem, validateBag, type ValidBag } from './bagit.js';
import { ARCHIVE_BAG, collectionImagePath, masterOf } from './export-bags.js';

const { EJSON } = BSON;

export interface ImportProblem extends BagProblem {
  bag: string;
}

export interface ImportOptions {
  models: Models;
  storage: Storage;
  queue: JobQueue;
  dir: string;
  log?: (line: string) => void;
}

export interface ImportSummary {
  problems: ImportProblem[];
  interviews: string[];
}

/** The largest JSON record file read into memory (a transcript history of many hours stays far below). */
const MAX_JSON_BYTES = 256 * 1024 ** 2;

interface InterviewBag {
  name: string;
  bag: ValidBag;
  interview: InterviewDoc;
  mediaAssets: MediaAssetDoc[];
}

async function readJson<T>(bag: ValidBag, path: string, problems: ImportProblem[], name: string): Promise<T | null> {
  const file = join(bag.dir, ...path.split('/'));
  const size = await stat(file).then((s) => s.size, () => -1);
  if (size < 0) {
    problems.push({ bag: name, file: path, problem: 'missing' });
    return null;
  }
  if (size > MAX_JSON_BYTES) {
    problems.push({ bag: name, file: path, problem: `larger than ${MAX_JSON_BYTES} bytes, the most a record file may hold` });
    return null;
  }
  try {
    return EJSON.parse(await readFile(file, 'utf8'), { relaxed: false }) as T;
  } catch (err) {
    problems.push({ bag: name, file: path, problem: `is not the archive's JSON: ${(err as Error).message}` });
    return null;
  }
}

export async function importBags(options: ImportOptions): Promise<ImportSummary> {
  const { models, dir } = options;
  const log = options.log ?? (() => {});
  const problems: ImportProblem[] = [];
  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  if (!names.length) problems.push({ bag: dir, file: '', problem: 'holds no bags' });

  const valid = new Map<string, ValidBag>();
  for (const name of names) {
    log(`checking ${name}`);
    const { bag, problems: found } = await validateBag(join(dir, name));
    problems.push(...found.map((p) => ({ bag: name, ...p })));
    if (bag) valid.set(name, bag);
  }

  const interviews: InterviewBag[] = [];
  for (const [name, bag] of valid) {
    if (name === ARCHIVE_BAG) continue;
    const record = await readJson<{ interview: InterviewDoc; mediaAssets: MediaAssetDoc[] }>(bag, 'data/interview.json', problems, name);
    if (!record?.interview?._id) {
      if (record) problems.push({ bag: name, file: 'data/interview.json', problem: 'has no interview record' });
      continue;
    }
    const master = masterOf(record.mediaAssets);
    if (master) {
      const file = bag.payload.find((e) => e.path.startsWith('data/master/'));
      if (!file) problems.push({ bag: name, file: 'data/master/', problem: 'the interview has a master recording but the bag holds none' });
      else if (file.digests.sha256 !== master.sha256) {
        problems.push({ bag: name, file: file.path, problem: `SHA-256 ${file.digests.sha256} is not the ${master.sha256} recorded at upload` });
      }
      const same = await models.MediaAsset.findOne({ kind: 'master', sha256: master.sha256 }, { interviewId: 1 }).lean();
      if (same) problems.push({ bag: name, file: file?.path ?? 'data/master/', problem: `already in the archive: interview ${same.interviewId} has a master with this SHA-256` });
    }
    if (await models.Interview.exists({ _id: record.interview._id })) {
      problems.push({ bag: name, file: 'data/interview.json', problem: `interview ${record.interview._id} is already in the archive` });
    }
    interviews.push({ name, bag, interview: record.interview, mediaAssets: record.mediaAssets });
  }
  // An export lists its interview bags: a missing one means the copy is incomplete.
  const archiveBag = valid.get(ARCHIVE_BAG);
  const listed = archiveBag ? await readJson<{ bag: string }[]>(archiveBag, 'data/interview-bags.json', problems, ARCHIVE_BAG) : null;
  for (const entry of listed ?? []) {
    if (!names.includes(entry.bag)) problems.push({ bag: ARCHIVE_BAG, file: 'data/interview-bags.json', problem: `lists ${entry.bag}, which is not in ${dir}` });
  }
  const archiveRecords = archiveBag ? await readArchiveRecords(archiveBag, problems) : null;
  if (problems.length) return { problems, interviews: [] };

  if (archiveRecords) await writeArchiveRecords(options, archiveBag!, archiveRecords, log);
  const imported: string[] = [];
  for (const item of interviews) {
    log(`importing ${item.name}`);
    await writeInterview(options, item);
    imported.push(item.interview._id.toHexString());
  }
  // Written raw, past the models' hooks: list each interview's transcripts and media
  // (interviews/interview-parts.ts), one pass for all. Until then they are read by interviewId.
  if (interviews.length) await listInterviewParts(options.models, { repair: true, only: interviews.map((i) => i.interview._id) });
  return { problems: [], interviews: imported };
}

type ArchiveRecords = Record<'vocabulary' | 'narrators' | 'collections' | 'collectionImages' | 'users', Record<string, unknown>[]>;

async function readArchiveRecords(bag: ValidBag, problems: ImportProblem[]): Promise<ArchiveRecords> {
  const files = { vocabulary: 'vocabulary.json', narrators: 'narrators.json', collections: 'collections.json', collectionImages: 'collection-images.json', users: 'users.json' };
  const out = {} as ArchiveRecords;
  for (const [key, file] of Object.entries(files) as [keyof ArchiveRecords, string][]) {
    out[key] = (await readJson<Record<string, unknown>[]>(bag, `data/${file}`, problems, ARCHIVE_BAG)) ?? [];
  }
  for (const image of readyImages(out)) {
    const path = collectionImagePath(image);
    if (!bag.payload.some((e) => e.path === path)) problems.push({ bag: ARCHIVE_BAG, file: path, problem: `missing: collection picture ${String(image._id)} is recorded as ready` });
  }
  return out;
}

const readyImages = (records: ArchiveRecords) =>
  records.collectionImages.filter((i) => i.status === 'ready') as unknown as (CollectionImageDoc & Record<string, unknown>)[];

/** Replace-or-insert by id: a rerun writes the same documents again instead of twice. */
async function putAll(model: AnyModel, docs: Record<string, unknown>[]) {
  if (!docs.length) return;
  await model.collection.bulkWrite(docs.map((doc) => ({ replaceOne: { filter: { _id: doc._id as never }, replacement: doc, upsert: true } })));
}

async function writeArchiveRecords(options: ImportOptions, bag: ValidBag, records: ArchiveRecords, log: (line: string) => void) {
  const { models, storage } = options;
  log('importing the archive bag');
  // The pictures' bytes before their records, as with masters: no record points at nothing.
  for (const image of readyImages(records)) {
    const file = bag.payload.find((e) => e.path === collectionImagePath(image))!;
    await storage.putStream(image.key, createReadStream(join(bag.dir, ...file.path.split('/'))), file.size, image.contentType);
  }
  await putAll(models.VocabularyTerm, records.vocabulary);
  await putAll(models.Narrator, records.narrators);
  await putAll(models.Collection, records.collections);
  await putAll(models.CollectionImage, records.collectionImages);
  // People come back with their roles but no way to sign in: an administrator sets their passwords
  // again (a bag never holds credentials). Someone already here under that e-mail is left alone.
  const users = [];
  for (const user of records.users) {
    if (await models.User.exists({ $or: [{ _id: user._id as never }, { email: user.email as string }] })) continue;
    users.push({ ...user, passwordHash: '!imported: set a new password' });
  }
  await putAll(models.User, users);
}

async function writeInterview(options: ImportOptions, item: InterviewBag) {
  const { models, storage, queue } = options;
  const { bag, interview, mediaAssets } = item;
  const id = interview._id.toHexString();
  const master = masterOf(mediaAssets);
  const upload = async (path: string, asset: MediaAssetDoc) => {
    const file = bag.payload.find((e) => e.path === path || (path.endsWith('/') && e.path.startsWith(path)));
    if (!file) return;
    await storage.putStream(asset.key, createReadStream(join(bag.dir, ...file.path.split('/'))), file.size, asset.contentType);
  };
  if (master) await upload('data/master/', master);
  const release = mediaAssets.find((a) => a.kind === 'release_document' && a.key === interview.release?.documentKey);
  if (release) await upload('data/release/', release);

  const transcripts = await readJson<{ transcripts: Record<string, unknown>[]; revisions: Record<string, unknown>[] }>(bag, 'data/transcripts/transcripts.json', [], item.name);
  const events = await readJson<Record<string, unknown>[]>(bag, 'data/audit-events.json', [], item.name);
  await putAll(models.MediaAsset, mediaAssets as never);
  await putAll(models.Transcript, transcripts?.transcripts ?? []);
  await putAll(models.TranscriptRevision, transcripts?.revisions ?? []);
  await putAll(models.AuditEvent, events ?? []);
  // Last: until this write the interview does not exist for anyone.
  await putAll(models.Interview, [interview as never]);
  if (master) await queue.enqueue('probe-media', { mediaAssetId: master._id.toHexString() }, { interviewId: id, dedupeKey: `probe-media:${master._id.toHexString()}` });
  await queue.enqueue('index-interview', { interviewId: id }, { interviewId: id, dedupeKey: `index-interview:${id}:import` });
}
