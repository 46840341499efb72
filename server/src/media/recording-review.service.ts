/**
 * An editor's approval of a recording added to a published interview (policy newRecordingAwaitsReview):
 * until then pickMaster (playable.ts) plays it only to those who hear the full copy; after it, the
 * newest approved master is the one everyone's copy is cut from.
 */
import type { Actor } from '../access/actor.js';
import { canPublish, requireThat } from '../access/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import { toObjectId } from '../common/ids.js';
import type { Models } from '../db/models.js';
import type { Reads } from '../db/reads.js';
import { BadInputError, NotFoundError } from '../errors.js';
import type { InterviewService } from '../interviews/interview.service.js';
import type { MediaAssetDoc } from '../interviews/media-asset.model.js';

export class RecordingReview {
  constructor(
    private readonly models: Models,
    private readonly interviews: InterviewService,
    private readonly audit: AuditService,
  ) {}

  async approve(actor: Actor, assetId: string, reads: Reads): Promise<MediaAssetDoc> {
    requireThat(actor, canPublish(actor), 'Only editors approve a recording for the public');
    const asset = await reads.media.fresh(toObjectId('id', assetId));
    if (!asset || asset.kind !== 'master') throw new NotFoundError('Recording');
    await this.interviews.get(actor, String(asset.interviewId), reads);
    if (asset.status !== 'ready') throw new BadInputError('id', `the recording is ${asset.status}; approve it once it is ready`);
    if (!asset.awaitingReview) return asset;
    const after = await this.models.MediaAsset.findOneAndUpdate({ _id: asset._id }, { $set: { awaitingReview: false } }, { returnDocument: 'after' }).lean<MediaAssetDoc>();
    if (after) reads.media.saved(after);
    await this.audit.record(actor, 'media.approve', { type: 'MediaAsset', id: asset._id }, {
      before: { awaitingReview: true }, after: { awaitingReview: false, interviewId: String(asset.interviewId) },
    });
    return after!;
  }
}
