/**
 * 'check-fixity': every stored file due for a check is read again from storage and hashed, and the
 * verdict recorded (server/src/preservation/fixity.service.ts): ok, mismatch, or missing. Storage is
 * trusted to keep bytes, not to keep them intact; a master that rotted is found here, not on the
 * day someone needs it.
 *
 * Reading is throttled to `bytesPerSecond` so a round never competes with playback. Each verdict is
 * written as soon as it is known, so a round cut short (crash, lease lost, storage away) continues
 * with the files not yet checked. Storage trouble throws (the job is retried); only a 404 is "missing".
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MediaAssetDoc } from '../../../server/src/interviews/media-asset.model.js';
import type { FixityService, FixityVerdict } from '../../../server/src/preservation/fixity.service.js';
import type { Storage } from '../../../server/src/storage/storage.js';
import { type JobHandler, PermanentJobError } from './runner.js';

export interface FixityDeps {
  fixity: FixityService;
  storage: Storage;
  bytesPerSecond: number;
}

/** Files taken from the database at a time: a round over a large archive holds no long cursor. */
const BATCH = 50;

export const checkFixity =
  (deps: FixityDeps): JobHandler<'check-fixity'> =>
  async (ctx) => {
    const requested = new Date(ctx.payload.checkedBefore);
    if (Number.isNaN(requested.getTime())) throw new PermanentJobError(`checkedBefore "${ctx.payload.checkedBefore}" is not a date`);
    // Never later than now: a file this round checks must not be due again in the same round.
    const checkedBefore = new Date(Math.min(requested.getTime(), Date.now()));
    const total = await deps.fixity.countDue(checkedBefore);
    const counts = { ok: 0, mismatch: 0, missing: 0 };
    const seen = new Set<string>();
    let bytes = 0;
    for (;;) {
      const batch = (await deps.fixity.due(checkedBefore, BATCH)).filter((a) => !seen.has(a._id.toHexString()));
      if (!batch.length) break;
      for (const asset of batch) {
        ctx.signal.throwIfAborted();
        seen.add(asset._id.toHexString());
        const verdict = await check(deps, asset, ctx.signal);
        await deps.fixity.record(asset, verdict);
        counts[verdict.status] += 1;
        if (verdict.status === 'ok') bytes += asset.size;
        else ctx.log('fixity check failed', { mediaAssetId: asset._id.toHexString(), key: asset.key, status: verdict.status, recorded: asset.sha256, found: verdict.foundSha256 ?? null });
        ctx.reportProgress(Math.min(99, (100 * seen.size) / Math.max(total, 1)), `${seen.size} of ${total} files checked`);
      }
    }
    return { status: 'succeeded', result: { checked: seen.size, ...counts, bytes } };
  };

async function check(deps: FixityDeps, asset: MediaAssetDoc, signal: AbortSignal): Promise<FixityVerdict> {
  if (!(await deps.storage.head(asset.key))) return { status: 'missing' };
  const found = await throttledSha256(await deps.storage.stream(asset.key), deps.bytesPerSecond, signal);
  return found === asset.sha256 ? { status: 'ok' } : { status: 'mismatch', foundSha256: found };
}

/** Hashes a stream no faster than `bytesPerSecond`, pausing between chunks when it runs ahead. */
export async function throttledSha256(stream: NodeJS.ReadableStream, bytesPerSecond: number, signal: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  const started = Date.now();
  let read = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      signal.throwIfAborted();
      hash.update(chunk);
      read += chunk.length;
      const ahead = (read / bytesPerSecond) * 1000 - (Date.now() - started);
      if (ahead > 1) await sleep(ahead, undefined, { signal });
    }
  } finally {
    (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  }
  return hash.digest('hex');
}
