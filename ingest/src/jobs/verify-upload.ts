/**
 * 'verify-upload': is the stored master what the uploader sent, and is it a recording at all?
 *
 * One pass over the object computes its size and SHA-256 while it streams to a temp file; then the
 * first bytes are sniffed (file-type) and ffprobe reads every packet (no decoding) to find files
 * that are cut short. A rejection marks the asset failed with a reason the uploader can act on and
 * fails the job at once (no retry fixes a wrong file); the master is kept exactly as received.
 * Storage or database trouble throws instead and is retried.
 */
import type { MediaAssetDoc } from '../../../server/src/interviews/media-asset.model.js';
import { damageIn, ffprobe, type ProbeOutcome } from '../media/ffprobe.js';
import { downloadObject, withTempDir } from '../media/object-files.js';
import { notMediaReason, sniff, SNIFF_BYTES, type Sniffed } from '../../../shared/sniff.js';
import { MediaToolError, quoteTail } from '../media/tool-process.js';
import { wavTruncation } from '../media/wav.js';
import { downloadProgress, localMasterPath, type MediaJobDeps } from './media-job.js';
import { type JobContext, type JobHandler, PermanentJobError } from './runner.js';

export const verifyUpload =
  (deps: MediaJobDeps): JobHandler<'verify-upload'> =>
  async (ctx) => {
    const asset = await deps.records.asset(ctx.payload.mediaAssetId);
    if (!asset) return { status: 'skipped', reason: 'the media record no longer exists' };
    if (asset.kind !== 'master') return { status: 'skipped', reason: `${asset.kind} files are not verified as masters` };
    if (asset.status === 'uploading') return { status: 'skipped', reason: 'the upload has not been completed' };
    if (asset.status === 'ready' && asset.sha256) {
      // A second run (a retry after a lost lease): the verdict stands; make sure the next step is queued.
      await enqueueProbe(deps, asset);
      return { status: 'skipped', reason: 'already verified' };
    }
    // 'verifying', or 'failed' when staff retry: the bytes are read again and judged again.
    if (!(await deps.storage.head(asset.key))) {
      return reject(deps, asset, 'The uploaded file is not in storage (the upload was never assembled); upload it again.');
    }
    return withTempDir('verify', async (dir) => {
      const path = localMasterPath(dir, asset);
      const received = await downloadObject(deps.storage, asset.key, path, {
        signal: ctx.signal,
        headBytes: SNIFF_BYTES,
        onBytes: downloadProgress(ctx, asset.size, 0, 80),
      });
      ctx.reportProgress(80, 'checking the content');
      const found = await sniff(received.head);
      const verdict = await judge(ctx, asset, path, received, found);
      if (typeof verdict === 'string') return reject(deps, asset, verdict);

      await deps.records.markVerified(asset, received.sha256, new Date());
      await enqueueProbe(deps, asset);
      return {
        status: 'succeeded',
        result: {
          sha256: received.sha256,
          size: received.size,
          detected: found?.mime ?? null,
          container: verdict.summary.container,
          durationSeconds: verdict.summary.durationSeconds,
        },
      };
    });
  };

/** The reason to reject, or ffprobe's reading of an acceptable recording. */
async function judge(
  ctx: JobContext<'verify-upload'>,
  asset: MediaAssetDoc,
  path: string,
  received: { size: number; sha256: string; head: Uint8Array },
  found: Sniffed | null,
): Promise<string | ProbeOutcome> {
  if (received.size !== asset.size) {
    return `Storage holds ${received.size} bytes but the upload declared ${asset.size}: the file is incomplete. Upload it again.`;
  }
  if (asset.declaredSha256 && asset.declaredSha256 !== received.sha256) {
    return (
      `The SHA-256 checksum does not match: the uploader declared ${asset.declaredSha256}, the stored bytes give ${received.sha256}. ` +
      'The file changed or was damaged on the way; upload it again from the original.'
    );
  }
  const notMedia = notMediaReason(found, asset.fileName, received.head);
  if (notMedia) return notMedia;
  const truncated = wavTruncation(received.head, received.size);
  if (truncated) return truncated;

  let probe: ProbeOutcome;
  try {
    probe = await ffprobe(path, { signal: ctx.signal, countPackets: true });
  } catch (err) {
    if (!(err instanceof MediaToolError) || err.exitCode === null) throw err; // not installed, killed: not the file's fault
    const said = err.stderrTail.length ? quoteTail(err.stderrTail, 2) : 'no reason given';
    return (
      `This file cannot be read as audio or video (ffprobe: "${said}"). It is damaged or not a recording; ` +
      'export or copy it again from the recorder and upload it again.'
    );
  }
  const damage = damageIn(probe.warnings);
  if (damage) {
    return `The recording is incomplete or damaged (ffprobe: "${damage}"). Copy it again from the recorder's card and upload it again.`;
  }
  const { summary } = probe;
  if (!summary.audio && !summary.video) return 'This file has no audio or video in it; upload the recording itself.';
  if (!summary.durationSeconds) return 'This recording has no length (0 seconds); upload the recording itself.';
  return probe;
}

async function reject(deps: MediaJobDeps, asset: MediaAssetDoc, reason: string): Promise<never> {
  await deps.records.rejectUpload(asset, reason);
  throw new PermanentJobError(reason);
}

async function enqueueProbe(deps: MediaJobDeps, asset: MediaAssetDoc) {
  const id = asset._id.toHexString();
  await deps.queue.enqueue('probe-media', { mediaAssetId: id }, { interviewId: asset.interviewId, dedupeKey: `probe-media:${id}` });
}
