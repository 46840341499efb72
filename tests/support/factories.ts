import { Types } from 'mongoose';
import type { AccessLevel } from '../../server/src/access/levels.js';
import type { WorkflowStatus } from '../../server/src/access/policy.js';
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
