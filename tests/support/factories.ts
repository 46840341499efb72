import { Types } from 'mongoose';
import type { AccessLevel } from '../../server/src/access/levels.js';
import type { CopyAudience, WorkflowStatus } from '../../server/src/access/policy.js';
import { rangesFingerprint, withheldRanges } from '../../server/src/access/withheld.js';
import type { InterviewDoc } from '../../server/src/interviews/interview.model.js';
import { restrictionSource } from '../../server/src/media/viewer-copy.js';
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
