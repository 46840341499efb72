/**
 * The way out: the archive as BagIt bags, one per interview and one for the archive as a whole.
 *
 * Records are written in the archive's own JSON, which is MongoDB Extended JSON of the stored
 * documents (ids and dates keep their types), so `import-bags` puts back exactly what was there.
 * Next to it, the open formats people read without this software: WebVTT, OHMS XML, Dublin Core.
 * This is a tool for administrators on the archive's own machines: it exports everything,
 * restricted passages included, and never leaves the archive through the API.
 */
import { BSON } from 'mongodb';

const { EJSON } = BSON;
import { Types } from 'mongoose';
import { Role } from '../access/levels.js';
import type { CollectionImageDoc } from '../collections/collection-image.model.js';
import type { Models } from '../db/models.js';
import { createReads } from '../db/reads.js';
import { mediaOf, transcriptsOf } from '../db/stored-parts.js';
import { dcElementsXml, dublinCore, OAI_DC_OPEN } from '../exports/dublin-core.js';
import type { ExportService } from '../exports/export.service.js';
import { listInterviewParts } from '../interviews/interview-parts.js';
import type { InterviewDoc } from '../interviews/interview.model.js';
import type { MediaAssetDoc } from '../interviews/media-asset.model.js';
import type { Storage } from '../storage/storage.js';
import { writeOhmsXml, writeVtt } from '../../../shared/formats/index.js';
import { BagWriter, safeSegment } from './bagit.js';

export const SOURCE_ORGANIZATION = 'History of the ethnic groups of Almaty (oral-history archive)';
export const ARCHIVE_BAG = 'archive';
export const interviewBagName = (id: string) => `interview-${id}`;
/** Where a collection picture's bytes are in the archive bag (its key's last part: `<imageId>.<ext>`). */
export const collectionImagePath = (image: Pick<CollectionImageDoc, 'key'>) => `data/collection-images/${safeSegment(image.key.split('/').pop()!)}`;

/** Pretty EJSON, stable across runs, so an unchanged record is skipped on resume and equal in round trips. */
export const toArchiveJson = (value: unknown) => `${EJSON.stringify(value, undefined, 2, { relaxed: false })}\n`;

export interface ExportProgress {
  /** A new file starts: its bag, name and size (bytes) when known. */
  start(bag: string, file: string, size: number): void;
  bytes(n: number): void;
  done(note: string): void;
}

export interface ExportOptions {
  models: Models;
  storage: Storage;
  exports: ExportService;
  siteUrl: string;
  out: string;
  /** Only these interviews (hex ids); all when empty. The archive bag is always written. */
  interviewIds?: string[];
  progress?: ExportProgress;
  now?: () => Date;
}

export interface ExportSummary {
  bags: string[];
  written: number;
  skipped: number;
}

/** The master as received: the latest ready master of the interview. */
export const masterOf = (assets: MediaAssetDoc[]) =>
  assets.filter((a) => a.kind === 'master' && a.status === 'ready').sort((a, b) => +b.createdAt - +a.createdAt)[0] ?? null;

// The export sees what an administrator sees (restricted passages and chapters included).
const ADMIN = { userId: new Types.ObjectId().toHexString(), roles: [Role.admin] };

export async function exportBags(options: ExportOptions): Promise<ExportSummary> {
  const { models } = options;
  const now = options.now ?? (() => new Date());
  const summary: ExportSummary = { bags: [], written: 0, skipped: 0 };
  const filter = options.interviewIds?.length ? { _id: { $in: options.interviewIds.map((id) => new Types.ObjectId(id)) } } : {};
  const interviews = await models.Interview.find(filter).sort({ _id: 1 }).lean<InterviewDoc[]>();
  if (options.interviewIds?.length && interviews.length !== options.interviewIds.length) {
    const found = new Set(interviews.map((i) => i._id.toHexString()));
    throw new Error(`no interview with the id ${options.interviewIds.filter((id) => !found.has(id)).join(', ')}`);
  }
  // A bag must hold every record, and a list can lack one for up to a day (a lost race, until the daily
  // repair): the exported interviews' lists are completed from what is stored first. One pass over the
  // transcripts and one over the media, where reading each bag's by interviewId scans both per bag.
  await listInterviewParts(models, { repair: true, only: interviews.map((i) => i._id) });
  const listed: { bag: string; id: string; title: unknown; masterSha256: string | null }[] = [];
  for (const interview of interviews) {
    const result = await exportInterview(options, interview, now());
    summary.bags.push(result.bag);
    summary.written += result.writer.written;
    summary.skipped += result.writer.skipped;
    listed.push({ bag: result.bag, id: interview._id.toHexString(), title: interview.title, masterSha256: result.masterSha256 });
  }
  const archive = await exportArchiveBag(options, listed, now());
  summary.bags.push(ARCHIVE_BAG);
  summary.written += archive.written;
  summary.skipped += archive.skipped;
  return summary;
}

async function exportInterview(options: ExportOptions, interview: InterviewDoc, baggingDate: Date) {
  const { models, storage, progress } = options;
  const id = interview._id.toHexString();
  const bag = interviewBagName(id);
  const writer = new BagWriter(`${options.out}/${bag}`);
  const add = async (path: string, text: string) => {
    progress?.start(bag, path, Buffer.byteLength(text));
    await writer.addBytes(path, text);
    progress?.done('written');
  };

  // Through the list just completed, in `_id` order.
  const assets = await mediaOf(models, interview._id);
  const master = masterOf(assets);
  // Access copies, peaks and transcription WAVs are derived: a fresh archive makes them again.
  const kept = assets.filter((a) => a.kind === 'master' || a.kind === 'release_document').map(({ upload: _upload, ...a }) => a);
  if (master) {
    const path = `data/master/${safeSegment(master.fileName)}`;
    progress?.start(bag, path, master.size);
    await writer.addStream(path, () => storage.stream(master.key) as never, master.sha256 ?? null, (n) => progress?.bytes(n));
    progress?.done('written');
  }
  const releaseKey = interview.release?.documentKey;
  if (releaseKey) {
    const path = `data/release/${safeSegment(interview.release?.documentName || releaseKey.split('/').pop()!)}`;
    const record = assets.find((a) => a.key === releaseKey);
    progress?.start(bag, path, record?.size ?? 0);
    await writer.addStream(path, () => storage.stream(releaseKey) as never, record?.sha256 ?? null, (n) => progress?.bytes(n));
    progress?.done('written');
  }

  await add('data/interview.json', toArchiveJson({ interview, mediaAssets: kept }));
  await add('data/index.json', toArchiveJson(interview.indexSegments));
  const transcripts = (await transcriptsOf(models, interview._id)).sort((a, b) => (a.language < b.language ? -1 : a.language > b.language ? 1 : 0));
  const revisions = await models.TranscriptRevision.find({ interviewId: interview._id }).sort({ _id: 1 }).lean();
  await add('data/transcripts/transcripts.json', toArchiveJson({ transcripts, revisions }));
  const meta = await options.exports.meta(interview, 'en', options.siteUrl);
  const index = options.exports.index(ADMIN, interview, 'en');
  for (const t of transcripts) {
    const segments = t.segments.map((s) => ({ start: s.start, end: s.end, speaker: s.speaker ?? null, text: s.text }));
    await add(`data/transcripts/${safeSegment(t.language)}.vtt`, writeVtt(segments));
    await add(`data/transcripts/${safeSegment(t.language)}.ohms.xml`, writeOhmsXml(meta, segments, index));
  }
  if (!transcripts.length) await add('data/transcripts/index.ohms.xml', writeOhmsXml(meta, [], index));

  const dc = await dublinCore(createReads(models), interview, options.siteUrl);
  await add('data/metadata/dublin-core.xml', `<?xml version="1.0" encoding="UTF-8"?>\n${OAI_DC_OPEN}${dcElementsXml(dc)}</oai_dc:dc>\n`);
  await add('data/metadata/metadata.json', `${JSON.stringify({ id, dublinCore: dc }, null, 2)}\n`);

  const targets = [interview._id, ...assets.map((a) => a._id), ...transcripts.map((t) => t._id)];
  const events = await models.AuditEvent.find({ targetId: { $in: targets } }).sort({ at: 1, _id: 1 }).lean();
  await add('data/audit-events.json', toArchiveJson(events));

  await writer.finish([
    ['Source-Organization', SOURCE_ORGANIZATION],
    ['Bagging-Date', baggingDate.toISOString().slice(0, 10)],
    ['External-Identifier', `${options.siteUrl}/interviews/${id}`],
    ['External-Description', `Oral-history interview ${id}: master recording, release, transcripts, index, metadata and audit trail`],
  ]);
  return { bag, writer, masterSha256: master?.sha256 ?? null };
}

async function exportArchiveBag(options: ExportOptions, interviews: unknown[], baggingDate: Date) {
  const { models, progress } = options;
  const writer = new BagWriter(`${options.out}/${ARCHIVE_BAG}`);
  const add = async (path: string, text: string) => {
    progress?.start(ARCHIVE_BAG, path, Buffer.byteLength(text));
    await writer.addBytes(path, text);
    progress?.done('written');
  };
  await add('data/vocabulary.json', toArchiveJson(await models.VocabularyTerm.find().sort({ _id: 1 }).lean()));
  await add('data/narrators.json', toArchiveJson(await models.Narrator.find().sort({ _id: 1 }).lean()));
  await add('data/collections.json', toArchiveJson(await models.Collection.find().sort({ _id: 1 }).lean()));
  // Lessons are collections too (a teacher's own); their pictures are records of their own, and
  // the pictures' bytes (only confirmed ones: a pending upload may hold anything) go beside them.
  const images = await models.CollectionImage.find().sort({ _id: 1 }).lean<CollectionImageDoc[]>();
  await add('data/collection-images.json', toArchiveJson(images));
  for (const image of images.filter((i) => i.status === 'ready')) {
    const path = collectionImagePath(image);
    progress?.start(ARCHIVE_BAG, path, image.size);
    await writer.addStream(path, () => options.storage.stream(image.key) as never, null, (n) => progress?.bytes(n));
    progress?.done('written');
  }
  // Who may do what, never how they sign in: no password hashes, sessions, tokens or invitations.
  const users = await models.User.find({}, { passwordHash: 0 }).sort({ _id: 1 }).lean();
  await add('data/users.json', toArchiveJson(users));
  await add('data/interview-bags.json', toArchiveJson(interviews));
  await writer.finish([
    ['Source-Organization', SOURCE_ORGANIZATION],
    ['Bagging-Date', baggingDate.toISOString().slice(0, 10)],
    ['External-Identifier', `${options.siteUrl}/`],
    ['External-Description', 'The archive as a whole: vocabulary, narrators, collections and lessons, users and roles, and the list of interview bags'],
    ['Bag-Group-Identifier', 'almaty-oral-history-archive'],
  ]);
  return writer;
}
