import DataLoader from 'dataloader';
import type { Types } from 'mongoose';
import type { AnyModel, Models } from './models.js';

type Doc = { _id: Types.ObjectId };

function byIdLoader<D extends Doc>(model: AnyModel) {
  return new DataLoader<string, D | null>(async (ids) => {
    const docs = (await model.find({ _id: { $in: ids } }).lean()) as D[];
    const found = new Map(docs.map((d) => [d._id.toHexString(), d]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

function byFieldLoader<D extends Doc>(model: AnyModel, field: string) {
  return new DataLoader<string, D[]>(async (ids) => {
    const docs = (await model.find({ [field]: { $in: ids } }).lean()) as D[];
    const groups = new Map<string, D[]>();
    for (const d of docs) {
      const key = String((d as Record<string, unknown>)[field]);
      groups.set(key, [...(groups.get(key) ?? []), d]);
    }
    return ids.map((id) => groups.get(id) ?? []);
  });
}

/**
 * Per-request batching: every relation is resolved with one query per kind, not one per parent.
 * The loaders return raw documents; callers still apply the access policy to what they show.
 */
export function createLoaders(models: Models) {
  return {
    narrator: byIdLoader<import('../narrators/narrator.model.js').NarratorDoc>(models.Narrator),
    interview: byIdLoader<import('../interviews/interview.model.js').InterviewDoc>(models.Interview),
    collection: byIdLoader<import('../collections/collection.model.js').CollectionDoc>(models.Collection),
    term: byIdLoader<import('../vocabulary/vocabulary.model.js').VocabularyTermDoc>(models.VocabularyTerm),
    user: byIdLoader<import('../users/user.model.js').UserDoc>(models.User),
    transcriptsByInterview: byFieldLoader<import('../transcripts/transcript.model.js').TranscriptDoc>(
      models.Transcript,
      'interviewId',
    ),
    mediaByInterview: byFieldLoader<import('../interviews/media-asset.model.js').MediaAssetDoc>(
      models.MediaAsset,
      'interviewId',
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
