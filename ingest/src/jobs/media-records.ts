/**
 * The database side of the media jobs: reading masters, recording verdicts, probes and derivatives.
 * Every write is conditional or an upsert by key, so a job that runs twice (a crashed worker's job
 * taken over) leaves the same records as one run.
 */
import { Types } from 'mongoose';
import { isDuplicateKey } from '../../../server/src/common/concurrency.js';
import type { Models } from '../../../server/src/db/models.js';
import { mediaOf } from '../../../server/src/db/stored-parts.js';
import type { InterviewDoc } from '../../../server/src/interviews/interview.model.js';
import type { MediaAssetDoc, MediaKind } from '../../../server/src/interviews/media-asset.model.js';
import type { MediaProbe } from '../media/ffprobe.js';
import type { RestrictionSource } from '../../../server/src/access/withheld.js';
import { derivedFrom } from '../../../server/src/media/playable.js';
import { restrictionSource } from '../../../server/src/media/viewer-copy.js';
import type { Storage } from '../../../server/src/storage/storage.js';

export interface DerivativeRecord {
  kind: Extract<MediaKind, 'access_audio' | 'access_video' | 'waveform'>;
  key: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  durationSeconds: number | null;
  probe: MediaProbe | null;
  /** 'full', or the audiences a cut is for ('public,education'). */
  audience: string;
  restrictionsFingerprint: string;
}

export class MediaRecords {
  constructor(private readonly models: Models) {}

  /** Null for a malformed id too: a job payload is data from the past, not a promise. */
  async asset(id: string): Promise<MediaAssetDoc | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    return this.models.MediaAsset.findById(id).lean<MediaAssetDoc>();
  }

  interview(id: Types.ObjectId): Promise<InterviewDoc | null> {
    return this.models.Interview.findById(id).lean<InterviewDoc>().exec();
  }

  /** The verdict on an upload the archive will not use. Only the record changes: the bytes stay as received. */
  async rejectUpload(asset: MediaAssetDoc, reason: string): Promise<void> {
    await this.models.MediaAsset.updateOne({ _id: asset._id, kind: 'master' }, { $set: { status: 'failed', error: reason } });
  }

  /** Verified: ready, with the hash of the stored bytes; the interview's provenance names its first master. */
  async markVerified(asset: MediaAssetDoc, sha256: string, verifiedAt: Date): Promise<void> {
    await this.models.MediaAsset.updateOne({ _id: asset._id }, { $set: { status: 'ready', sha256, error: null } });
    // Only when no master has been recorded yet: a second recording of the same interview does not
    // rewrite where the first came from. `null` also matches a missing field.
    await this.models.Interview.updateOne(
      { _id: asset.interviewId, 'provenance.sha256': null },
      { $set: { 'provenance.sha256': sha256, 'provenance.uploadedAt': verifiedAt, 'provenance.uploadedBy': asset.createdBy } },
    );
  }

  async saveProbe(asset: MediaAssetDoc, probe: MediaProbe): Promise<void> {
    await this.models.MediaAsset.updateOne({ _id: asset._id }, { $set: { probe, durationSeconds: probe.durationSeconds } });
    if (probe.durationSeconds === null) return;
    // The interview's duration is the editor's to correct; the probe only fills it in when missing.
    await this.models.Interview.updateOne(
      { _id: asset.interviewId, durationSeconds: null },
      { $set: { durationSeconds: Math.round(probe.durationSeconds * 1000) / 1000 } },
    );
  }

  /** One record per key: running the job again replaces the copy's record, never adds a second. */
  async saveDerivative(master: MediaAssetDoc, copy: DerivativeRecord): Promise<MediaAssetDoc> {
    const update = {
      $set: {
        kind: copy.kind,
        fileName: copy.fileName,
        contentType: copy.contentType,
        size: copy.size,
        sha256: copy.sha256,
        durationSeconds: copy.durationSeconds,
        probe: copy.probe,
        status: 'ready',
        error: null,
        derivedFromId: master._id,
        audience: copy.audience,
        restrictionsFingerprint: copy.restrictionsFingerprint,
      },
      $setOnInsert: { interviewId: master.interviewId, createdBy: master.createdBy },
    };
    const upsert = { upsert: true, returnDocument: 'after' } as const;
    // A filter on `key` scans every media record on FerretDB. The record an earlier run made is found
    // through the interview's list and updated by `_id`; a new one goes in under a new `_id`, unless the
    // unique key index says the key has a record the list does not show: then by key, as before.
    const earlier = (await mediaOf(this.models, master.interviewId)).find((m) => m.key === copy.key);
    try {
      const byId = { ...update, $setOnInsert: { ...update.$setOnInsert, key: copy.key } };
      return (await this.models.MediaAsset.findOneAndUpdate({ _id: earlier?._id ?? new Types.ObjectId() }, byId, upsert).lean<MediaAssetDoc>())!;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return (await this.models.MediaAsset.findOneAndUpdate({ key: copy.key }, update, upsert).lean<MediaAssetDoc>())!;
    }
  }

  /** What the restriction rules read: the same loader the API uses, so both compute the same ranges. */
  restrictionSource(interview: InterviewDoc, master: MediaAssetDoc): Promise<RestrictionSource> {
    return restrictionSource(this.models, interview, master);
  }

  /** The access copies and waveforms made from a master. */
  async copiesOf(master: MediaAssetDoc): Promise<MediaAssetDoc[]> {
    return derivedFrom(await mediaOf(this.models, master.interviewId), master);
  }

  /** Deletes the copies `which` picks: each record first (nobody is sent there any more), then its object. */
  async removeCopies(master: MediaAssetDoc, which: (c: MediaAssetDoc) => boolean, storage: Storage): Promise<string[]> {
    const removed: string[] = [];
    for (const copy of (await this.copiesOf(master)).filter(which)) {
      await this.models.MediaAsset.deleteOne({ _id: copy._id });
      await storage.delete(copy.key);
      removed.push(copy.key);
    }
    return removed;
  }
}
