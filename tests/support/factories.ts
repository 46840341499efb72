import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { AccessLevel } from '../../server/src/access/levels.js';
import type { CopyAudience, WorkflowStatus } from '../../server/src/access/policy.js';
import { rangesFingerprint, withheldRanges } from '../../server/src/access/withheld.js';
import type { InterviewDoc } from '../../server/src/interviews/interview.model.js';
import { restrictionSource } from '../../server/src/media/viewer-copy.js';
import { keys } from '../../server/src/storage/keys.js';
import type { TestArchive } from './archive.js';

/** A vocabulary term written straight to the database (the vocabulary API has tests of its own). */
export async function term(archive: TestArchive, kind: 'ethnic_group' | 'era' | 'place' | 'topic', key: string, en = key) {
  const doc = await archive.db.models.VocabularyTerm.create({ kind, key, labels: { en } });
  return doc._id.toHexString();
}

export async function narrator(archive: TestArchive, en = 'Invented Narrator') {
  const doc = await archive.db.models.Narrator.create({
    names: [{ value: en, script: 'Latn' }],
    displayName: { en },
    createdBy: new Types.ObjectId(),
  });
  return doc._id.toHexString();
}

/** An interview stored directly in a given state, for tests of what viewers see. */
export async function storedInterview(
  archive: TestArchive,
  state: {
    accessLevel?: `${AccessLevel}`;
    status?: WorkflowStatus;
    release?: Record<string, unknown> | null;
    createdBy?: string;
    title?: string;
    narratorIds?: string[];
    tagIds?: string[];
    durationSeconds?: number;
  } = {},
) {
  const doc = await archive.db.models.Interview.create({
    title: { en: state.title ?? 'An invented interview' },
    accessLevel: (state.accessLevel ?? 'public') as AccessLevel,
    status: state.status ?? 'published',
    release: state.release === undefined ? { permits: 'public', withdrawn: false } : state.release,
    createdBy: new Types.ObjectId(state.createdBy ?? new Types.ObjectId().toHexString()),
    narratorIds: (state.narratorIds ?? []).map((id) => new Types.ObjectId(id)),
    tagIds: (state.tagIds ?? []).map((id) => new Types.ObjectId(id)),
    languages: ['kk'],
    durationSeconds: state.durationSeconds ?? 600,
  });
  return doc._id.toHexString();
}

/**
 * An access copy record (and its bytes) as make-access-copies stores it, cut for `audience`: its
 * fingerprint is that of the ranges the audience may not hear under the interview's restrictions now.
 */
export async function storedAccessCopy(
  archive: TestArchive,
  interviewId: string,
  options: { audience: CopyAudience; bytes: Uint8Array; durationSeconds?: number; kind?: 'access_audio' | 'access_video' },
) {
  const interview = await archive.db.models.Interview.findById(interviewId).lean<InterviewDoc>();
  const source = await restrictionSource(archive.db.models, interview!, null);
  const fingerprint = rangesFingerprint(withheldRanges(source, options.audience));
  const key = `access/${interviewId}/copy-${options.audience}-${fingerprint}.m4a`;
  await archive.storage.put(key, options.bytes, 'audio/mp4');
  await archive.db.models.MediaAsset.create({
    interviewId, kind: options.kind ?? 'access_audio', key, fileName: 'copy.m4a', contentType: 'audio/mp4', size: options.bytes.length,
    status: 'ready', durationSeconds: options.durationSeconds ?? 600, createdBy: new Types.ObjectId(),
    audience: options.audience, restrictionsFingerprint: fingerprint,
  });
  return { key, fingerprint };
}

/** An access copy and the waveform made from the same master, as make-access-copies records them. */
export async function storedRecording(archive: TestArchive, interviewId: string, peaks: object) {
  const masterId = new Types.ObjectId();
  const body = JSON.stringify(peaks);
  const copyKey = keys.accessAudio(interviewId, masterId.toHexString());
  const peaksKey = keys.waveform(interviewId, masterId.toHexString());
  await archive.storage.put(copyKey, new Uint8Array([1, 2, 3]), 'audio/mp4');
  await archive.storage.put(peaksKey, body, 'application/json');
  const common = { interviewId: new Types.ObjectId(interviewId), status: 'ready' as const, derivedFromId: masterId, createdBy: new Types.ObjectId() };
  await archive.db.models.MediaAsset.create([
    { ...common, kind: 'access_audio' as const, key: copyKey, fileName: 'a.m4a', contentType: 'audio/mp4', size: 3, durationSeconds: 0.4 },
    {
      ...common, kind: 'waveform' as const, key: peaksKey, fileName: 'a.peaks.json', contentType: 'application/json',
      size: Buffer.byteLength(body), sha256: createHash('sha256').update(body).digest('hex'), durationSeconds: 0.4,
    },
  ]);
}
