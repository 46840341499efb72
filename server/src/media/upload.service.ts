import { Types } from 'mongoose';
import type { Actor } from '../access/actor.js';
import { canEditInterview, canViewInterview, newRecordingAwaitsReview, requireSignedIn, requireThat } from '../access/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import { toObjectId } from '../common/ids.js';
import type { Config } from '../config.js';
import type { Models } from '../db/models.js';
import type { Reads } from '../db/reads.js';
import { mediaOf } from '../db/stored-parts.js';
import { BadInputError, ConflictError, NotFoundError } from '../errors.js';
import type { InterviewService } from '../interviews/interview.service.js';
import type { MediaAssetDoc } from '../interviews/media-asset.model.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { keys } from '../storage/keys.js';
import type { Storage } from '../storage/storage.js';
import type { StartUploadInput } from './upload.input.js';

const MiB = 1024 * 1024;
/** S3 allows at most 10,000 parts of at least 5 MiB (the last may be smaller). */
const MAX_PARTS = 10_000;
const MIN_PART = 8 * MiB;

export function partPlan(size: number): { partSize: number; partCount: number } {
  const partSize = Math.max(MIN_PART, Math.ceil(size / MAX_PARTS / MiB) * MiB);
  return { partSize, partCount: Math.max(1, Math.ceil(size / partSize)) };
}

/**
 * Uploads of masters straight from the browser or CLI to storage (multipart, presigned parts): the
 * API only plans, signs, records the parts the client reports and checks. Nothing the client says is
 * taken on trust: storage refuses a completion whose ETags do not match its parts, the assembled
 * size is read back from storage, and the verify job hashes the bytes.
 */
export class UploadService {
  constructor(
    private readonly models: Models,
    private readonly storage: Storage,
    private readonly interviews: InterviewService,
    private readonly queue: JobQueue,
    private readonly audit: AuditService,
    private readonly config: Config,
  ) {}

  async start(actor: Actor, input: StartUploadInput, reads: Reads) {
    requireSignedIn(actor);
    const interview = await this.interviews.get(actor, input.interviewId, reads);
    requireThat(actor, canEditInterview(actor, interview), 'Only the uploader or an editor may add recordings');
    const contentType = input.contentType.toLowerCase();
    if (!this.config.uploads.mediaTypes.includes(contentType)) {
      throw new BadInputError('contentType', `${contentType} is not accepted; send one of ${this.config.uploads.mediaTypes.join(', ')}`);
    }
    if (input.size > this.config.uploads.maxBytes) {
      throw new BadInputError('size', `the file is ${input.size} bytes; the limit is ${this.config.uploads.maxBytes} bytes`);
    }
    const sha256 = input.sha256?.toLowerCase() ?? null;
    if (sha256) {
      // Declared but not yet verified counts too: the same file must not be uploaded twice meanwhile.
      // Through the interview's list, as stored now: a filter on the media records scans them all on FerretDB.
      const same = (await mediaOf(this.models, interview._id)).find(
        (m) => m.kind === 'master' && m.status !== 'failed' && (m.sha256 === sha256 || m.declaredSha256 === sha256),
      );
      if (same) throw new BadInputError('sha256', `this recording is already stored for the interview (${same.fileName})`);
    }
    const _id = new Types.ObjectId();
    const key = keys.master(interview._id.toHexString(), _id.toHexString(), input.fileName);
    const plan = partPlan(input.size);
    const uploadId = await this.storage.createMultipart(key, contentType);
    const asset = await this.models.MediaAsset.create({
      _id,
      interviewId: interview._id,
      kind: 'master',
      key,
      fileName: input.fileName,
      contentType,
      size: input.size,
      declaredSha256: sha256,
      status: 'uploading',
      upload: { uploadId, ...plan, startedAt: new Date() },
      createdBy: toObjectId('userId', actor.userId!),
      awaitingReview: newRecordingAwaitsReview(actor, interview) || null,
    });
    await this.audit.record(actor, 'media.upload-start', { type: 'MediaAsset', id: _id }, { after: { fileName: input.fileName, size: input.size } });
    const started = asset.toObject() as MediaAssetDoc;
    reads.media.saved(started);
    return started;
  }

  /** Presigned URLs for the parts asked for (a client signs a window ahead, and again after a reload). */
  async partUrls(actor: Actor, assetId: string, partNumbers: number[], reads: Reads): Promise<{ partNumber: number; url: string }[]> {
    const asset = await this.uploading(actor, assetId, reads);
    const { uploadId, partCount } = asset.upload!;
    const bad = partNumbers.find((n) => !Number.isInteger(n) || n < 1 || n > partCount);
    if (bad !== undefined) throw new BadInputError('partNumbers', `part ${bad} is outside 1–${partCount}`);
    return Promise.all(partNumbers.map(async (partNumber) => ({ partNumber, url: await this.storage.presignPart(asset.key, uploadId, partNumber) })));
  }

  /** The uploader reports each part it sent, with the ETag storage answered; sending a part again replaces it. */
  async recordPart(actor: Actor, assetId: string, partNumber: number, etag: string, size: number, reads: Reads): Promise<void> {
    const asset = await this.uploading(actor, assetId, reads);
    const { partSize, partCount } = asset.upload!;
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > partCount) {
      throw new BadInputError('partNumber', `must be within 1–${partCount}`);
    }
    const expected = partNumber < partCount ? partSize : asset.size - partSize * (partCount - 1);
    if (size !== expected) throw new BadInputError('size', `part ${partNumber} must be ${expected} bytes, not ${size}`);
    await this.models.UploadPart.updateOne(
      { assetId: asset._id, partNumber },
      { $set: { etag, size, at: new Date() } },
      { upsert: true },
    );
  }

  /** The parts already sent: a reloaded page or a restarted CLI sends only the rest. */
  async uploadedParts(actor: Actor, assetId: string, reads: Reads) {
    const asset = await this.uploading(actor, assetId, reads);
    return { asset, parts: await this.parts(asset) };
  }

  private async parts(asset: MediaAssetDoc) {
    const docs = await this.models.UploadPart.find({ assetId: asset._id }).sort({ partNumber: 1 }).lean();
    return docs.map((d) => ({ partNumber: d.partNumber, etag: d.etag, size: d.size }));
  }

  async complete(actor: Actor, assetId: string, reads: Reads): Promise<MediaAssetDoc> {
    const asset = await this.uploading(actor, assetId, reads);
    const { uploadId, partSize, partCount } = asset.upload!;
    const parts = await this.parts(asset);
    const missing = [];
    for (let n = 1; n <= partCount; n++) if (!parts.some((p) => p.partNumber === n)) missing.push(n);
    if (missing.length) throw new BadInputError('parts', `parts ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? '…' : ''} have not arrived; send them and complete again`);
    const wrong = parts.find((p) => p.partNumber < partCount && p.size !== partSize);
    if (wrong) throw new BadInputError('parts', `part ${wrong.partNumber} is ${wrong.size} bytes, expected ${partSize}; send it again`);
    const total = parts.reduce((sum, p) => sum + p.size, 0);
    if (total !== asset.size) throw new BadInputError('parts', `storage holds ${total} bytes, the file was declared as ${asset.size}`);

    // Claim the completion first, so a double click completes once.
    const claimed = await this.models.MediaAsset.findOneAndUpdate(
      { _id: asset._id, status: 'uploading' },
      { $set: { status: 'verifying' } },
      { returnDocument: 'after' },
    ).lean<MediaAssetDoc>();
    if (!claimed) throw new ConflictError('This upload is already being completed');
    reads.media.saved(claimed);
    try {
      await this.storage.completeMultipart(asset.key, uploadId, parts);
      const stored = await this.storage.head(asset.key);
      if (stored?.size !== asset.size) throw new BadInputError('parts', `storage assembled ${stored?.size ?? 0} bytes, not ${asset.size}`);
    } catch (err) {
      // Leave the upload open so the client can send the parts again and retry.
      await this.models.MediaAsset.updateOne({ _id: asset._id, status: 'verifying' }, { $set: { status: 'uploading' } });
      reads.media.changed(asset.interviewId);
      if (err instanceof BadInputError) throw err;
      throw new BadInputError('parts', `storage refused to assemble the parts (${(err as Error).name}); send them again and complete`);
    }
    await this.queue.enqueue('verify-upload', { mediaAssetId: asset._id.toHexString() }, {
      interviewId: asset.interviewId,
      dedupeKey: `verify-upload:${asset._id.toHexString()}`,
    });
    await this.audit.record(actor, 'media.upload-complete', { type: 'MediaAsset', id: asset._id });
    return claimed;
  }

  async abort(actor: Actor, assetId: string, reads: Reads): Promise<boolean> {
    const asset = await this.uploading(actor, assetId, reads);
    await this.storage.abortMultipart(asset.key, asset.upload!.uploadId).catch(() => undefined);
    await this.models.MediaAsset.updateOne({ _id: asset._id, status: 'uploading' }, { $set: { status: 'failed', error: 'Upload cancelled' } });
    reads.media.changed(asset.interviewId);
    await this.models.UploadPart.deleteMany({ assetId: asset._id });
    await this.audit.record(actor, 'media.upload-abort', { type: 'MediaAsset', id: asset._id });
    return true;
  }

  /** Aborts multipart uploads left unfinished for longer than `olderThanHours` (run by a job). */
  async sweepAbandoned(olderThanHours: number, now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - olderThanHours * 3600_000);
    const stale = await this.models.MediaAsset.find({ status: 'uploading', 'upload.startedAt': { $lt: cutoff } }).lean<MediaAssetDoc[]>();
    for (const asset of stale) {
      // Some storage (s3rver) cannot abort; its orphaned parts are then only disk space in development.
      await this.storage.abortMultipart(asset.key, asset.upload!.uploadId).catch(() => undefined);
      await this.models.MediaAsset.updateOne({ _id: asset._id, status: 'uploading' }, { $set: { status: 'failed', error: `Upload abandoned for over ${olderThanHours} h; start it again` } });
      await this.models.UploadPart.deleteMany({ assetId: asset._id });
    }
    return stale.length;
  }

  /** The upload as stored now (its status decides what may happen next) and its interview, through the request's reads. */
  private async uploading(actor: Actor, assetId: string, reads: Reads): Promise<MediaAssetDoc> {
    const asset = await reads.media.fresh(toObjectId('assetId', assetId));
    const interview = asset ? await reads.interviews.get(asset.interviewId) : null;
    // An upload is its interview's editors' business: anyone else hears the same NOT_FOUND as for
    // an id that never existed, so an id cannot be probed for an interview hidden from them.
    if (!asset || !interview || !canViewInterview(actor, interview) || !canEditInterview(actor, interview)) throw new NotFoundError('Upload');
    if (asset.status !== 'uploading' || !asset.upload) throw new ConflictError(`This upload is ${asset.status}, no longer open`);
    return asset;
  }
}
