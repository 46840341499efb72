/**
 * Uploads nobody confirmed: a presigned PUT writes under `incoming/` and the archive copies what it
 * accepts elsewhere and deletes the upload, so whatever stays there longer than any upload URL lives
 * (15 minutes) plus a day was never attached: a release never saved, a picture never confirmed.
 */
import { keys } from './keys.js';
import type { Storage } from './storage.js';

export async function sweepIncoming(storage: Pick<Storage, 'list' | 'delete'>, olderThanHours: number, now = new Date()): Promise<number> {
  const cutoff = now.getTime() - olderThanHours * 3600_000;
  let removed = 0;
  for await (const object of storage.list(keys.incomingPrefix)) {
    if (object.lastModified.getTime() >= cutoff) continue;
    await storage.delete(object.key);
    removed += 1;
  }
  return removed;
}
