/**
 * 'probe-media': what the verified master is (duration, container, codecs, channels, sample rate,
 * picture size) into its record, the interview's duration when nobody has set one, then the access
 * copies are queued. Probing again is harmless, so a second run simply does it again.
 */
import type { MediaAssetDoc } from '../../../server/src/interviews/media-asset.model.js';
import { ffprobe } from '../media/ffprobe.js';
import { withTempDir } from '../media/object-files.js';
import { fetchVerifiedMaster, type MediaJobDeps, notAVerifiedMaster } from './media-job.js';
import type { JobHandler } from './runner.js';

export const probeMedia =
  (deps: MediaJobDeps): JobHandler<'probe-media'> =>
  async (ctx) => {
    const asset = await deps.records.asset(ctx.payload.mediaAssetId);
    const notReady = notAVerifiedMaster(asset);
    if (notReady || !asset) return { status: 'skipped', reason: notReady ?? 'no asset' };

    return withTempDir('probe', async (dir) => {
      const { path } = await fetchVerifiedMaster(deps, ctx, asset, dir, { from: 0, to: 80 });
      ctx.reportProgress(80, 'reading the streams');
      const { summary } = await ffprobe(path, { signal: ctx.signal });
      await deps.records.saveProbe(asset, summary);
      await enqueueAccessCopies(deps, asset);
      return {
        status: 'succeeded',
        result: {
          durationSeconds: summary.durationSeconds,
          container: summary.container,
          audio: summary.audio,
          video: summary.video,
        },
      };
    });
  };

async function enqueueAccessCopies(deps: MediaJobDeps, asset: MediaAssetDoc) {
  const id = asset._id.toHexString();
  await deps.queue.enqueue('make-access-copies', { mediaAssetId: id }, { interviewId: asset.interviewId, dedupeKey: `make-access-copies:${id}` });
}
