/**
 * What the media handlers share: their dependencies, and fetching a verified master into a temp
 * directory with its hash checked again (storage is trusted to keep bytes, not to keep them intact).
 */
import { extname, join } from 'node:path';
import type { Config } from '../../../server/src/config.js';
import type { MediaAssetDoc } from '../../../server/src/interviews/media-asset.model.js';
import type { JobQueue } from '../../../server/src/jobs/job-queue.js';
import type { JobType } from '../../../server/src/jobs/job-types.js';
import type { Storage } from '../../../server/src/storage/storage.js';
import { downloadObject, type Downloaded } from '../media/object-files.js';
import type { MediaRecords } from './media-records.js';
import { type JobContext, PermanentJobError } from './runner.js';

export interface MediaJobDeps {
  records: MediaRecords;
  storage: Storage;
  queue: JobQueue;
  config: Config;
}

/** A local name for the master that keeps its extension (ffprobe guesses better with it) and nothing else of the uploader's name. */
export function localMasterPath(dir: string, asset: MediaAssetDoc): string {
  const ext = extname(asset.fileName).toLowerCase();
  return join(dir, `master${/^\.[a-z0-9]{1,8}$/.test(ext) ? ext : ''}`);
}

/** Reports download progress as the part of the job's 0–100 between `from` and `to`. */
export function downloadProgress(ctx: JobContext<JobType>, total: number, from: number, to: number) {
  return (received: number) => {
    if (total > 0) ctx.reportProgress(from + ((to - from) * received) / total, `downloading the master (${mib(received)} of ${mib(total)})`);
  };
}

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Downloads a verified master; a hash that no longer matches stops the job for good (someone must look). */
export async function fetchVerifiedMaster(
  deps: MediaJobDeps,
  ctx: JobContext<JobType>,
  asset: MediaAssetDoc,
  dir: string,
  progress: { from: number; to: number },
): Promise<{ path: string; download: Downloaded }> {
  const path = localMasterPath(dir, asset);
  const download = await downloadObject(deps.storage, asset.key, path, {
    signal: ctx.signal,
    onBytes: downloadProgress(ctx, asset.size, progress.from, progress.to),
  });
  if (asset.sha256 && download.sha256 !== asset.sha256) {
    throw new PermanentJobError(
      `The master in storage no longer matches the checksum recorded when it was verified (${asset.sha256} then, ${download.sha256} now): ` +
        'restore it from a backup before making copies.',
    );
  }
  return { path, download };
}

/** Masters only, verified: anything else is nothing for these jobs to do. */
export function notAVerifiedMaster(asset: MediaAssetDoc | null): string | null {
  if (!asset) return 'the media record no longer exists';
  if (asset.kind !== 'master') return `${asset.kind} is not a master recording`;
  if (asset.status !== 'ready' || !asset.sha256) return `the master is ${asset.status}, not verified`;
  return null;
}
