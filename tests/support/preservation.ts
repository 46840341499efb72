import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { inject } from 'vitest';
import { AccessLevel, Role } from '../../server/src/access/levels.js';
import { keys } from '../../server/src/storage/keys.js';
import { exportBags } from '../../server/src/preservation/export-bags.js';
import type { TestArchive } from './archive.js';
import { narrator, term } from './factories.js';

export const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** The environment the command-line tools read to reach this test archive. */
export function archiveEnv(archive: TestArchive): NodeJS.ProcessEnv {
  const storage = inject('storage');
  return {
    NODE_ENV: 'test',
    MONGODB_URI: `${inject('mongoUri').replace(/\/?$/, '/')}${archive.db.conn.name}`,
    S3_ENDPOINT: storage.endpoint,
    S3_BUCKET: storage.bucket,
    S3_REGION: storage.region,
    S3_ACCESS_KEY_ID: storage.accessKeyId,
    S3_SECRET_ACCESS_KEY: storage.secretAccessKey,
  };
}

/** An interview with a master in storage (ready, checksum recorded), a release, a transcript with history and a chapter. */
export async function seedPreservedInterview(
  archive: TestArchive,
  options: { title: string; access?: 'public' | 'research'; master?: Uint8Array; editorId?: string },
) {
  const { models } = archive.db;
  const editorId = new Types.ObjectId(options.editorId ?? new Types.ObjectId().toHexString());
  const narratorId = await narrator(archive, `Narrator of ${options.title}`);
  const tagId = await term(archive, 'topic', `topic-${new Types.ObjectId().toHexString()}`, 'Trade');
  const id = new Types.ObjectId();
  const assetId = new Types.ObjectId();
  const releaseId = new Types.ObjectId();
  const master = options.master ?? new TextEncoder().encode(`RIFF not really a wave: ${options.title} ${id.toHexString()}`);
  const release = new TextEncoder().encode(`%PDF-1.4 release of ${options.title}`);
  const masterKey = keys.master(id.toHexString(), assetId.toHexString(), 'field recording.wav');
  const releaseKey = keys.releaseDocument(id.toHexString(), releaseId.toHexString(), 'release.pdf');
  await archive.storage.put(masterKey, master, 'audio/wav');
  await archive.storage.put(releaseKey, release, 'application/pdf');
  await models.Interview.create({
    _id: id,
    title: { en: options.title, ru: `${options.title} (ru)` },
    summary: { en: 'An invented summary' },
    narratorIds: [new Types.ObjectId(narratorId)],
    interviewers: [{ name: 'An Interviewer' }],
    recordedOn: new Date('2024-05-01'),
    languages: ['ru'],
    durationSeconds: 12,
    tagIds: [new Types.ObjectId(tagId)],
    indexSegments: [{ start: 0, end: 6, title: { en: 'Childhood' }, synopsis: { en: 'Early years' }, keywords: ['bazaar'] }],
    release: { permits: AccessLevel.public, withdrawn: false, documentKey: releaseKey, documentName: 'release.pdf', signedOn: new Date('2024-05-01') },
    accessLevel: (options.access ?? 'public') as AccessLevel,
    status: 'published',
    provenance: { sha256: sha256(master), uploadedAt: new Date('2024-05-02'), uploadedBy: editorId },
    createdBy: editorId,
  });
  await models.MediaAsset.create([
    { _id: assetId, interviewId: id, kind: 'master', key: masterKey, fileName: 'field recording.wav', contentType: 'audio/wav', size: master.length, sha256: sha256(master), status: 'ready', createdBy: editorId },
    { _id: releaseId, interviewId: id, kind: 'release_document', key: releaseKey, fileName: 'release.pdf', contentType: 'application/pdf', size: release.length, sha256: sha256(release), status: 'ready', createdBy: editorId },
  ]);
  const transcript = await models.Transcript.create({
    interviewId: id,
    language: 'ru',
    status: 'corrected',
    source: 'manual',
    segments: [
      { start: 0, end: 6, speaker: 'Narrator', text: 'Я родилась на базаре.' },
      { start: 6, end: 12, speaker: 'Narrator', text: 'A restricted passage', accessLevel: AccessLevel.research },
    ],
  });
  await models.TranscriptRevision.create({ transcriptId: transcript._id, interviewId: id, version: 1, by: editorId, at: new Date('2024-06-01'), summary: 'corrected a word', changes: [{ segmentId: transcript.segments[0]!._id, before: { text: 'Я родилась' }, after: { text: 'Я родилась на базаре.' } }] });
  await models.AuditEvent.create({ actorId: editorId, action: 'interview.publish', targetType: 'interview', targetId: id, at: new Date('2024-06-02'), after: { status: 'published' } });
  return { id: id.toHexString(), master, masterKey, masterSha256: sha256(master) };
}

/** A small archive: two interviews, one public and one for researchers, an editor, a collection. */
export async function seedSmallArchive(archive: TestArchive) {
  const editor = await archive.userWithRoles([Role.editor], 'An Editor');
  const first = await seedPreservedInterview(archive, { title: 'The bazaar', editorId: editor.id });
  const second = await seedPreservedInterview(archive, { title: 'The railway', access: 'research', editorId: editor.id });
  const collection = await archive.db.models.Collection.create({
    title: { en: 'Markets' },
    slug: `markets-${new Types.ObjectId().toHexString().slice(-6)}`,
    status: 'published',
    createdBy: new Types.ObjectId(editor.id),
  });
  // A confirmed picture of the collection: its bytes travel in the archive bag.
  const imageId = new Types.ObjectId();
  const imageKey = keys.collectionImage(collection._id.toHexString(), imageId.toHexString(), 'png');
  const image = Uint8Array.from({ length: 2_000 }, (_, i) => (i * 7) % 256);
  await archive.storage.put(imageKey, image, 'image/png');
  await archive.db.models.CollectionImage.create({ _id: imageId, collectionId: collection._id, key: imageKey, contentType: 'image/png', size: image.length, status: 'ready', createdBy: new Types.ObjectId(editor.id) });
  return { editor, first, second, image: { key: imageKey, sha256: sha256(image) } };
}

export const exportOf = (archive: TestArchive, out: string, interviewIds?: string[]) =>
  exportBags({
    models: archive.db.models,
    storage: archive.storage,
    exports: archive.api.services.exports,
    siteUrl: 'http://localhost:3000',
    out,
    interviewIds,
  });
