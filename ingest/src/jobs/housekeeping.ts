/**
 * Periodic sweeps (FerretDB has no TTL indexes): every worker enqueues them, named by the hour, so
 * however many workers run, each sweep runs once an hour. The fixity round is named by the day: one
 * a day, reading the files not checked for `fixityIntervalHours` (most days it finds few or none); so
 * is the repair of the interviews' part lists (a pass over transcripts and media: seconds to a minute).
 */
import type { Models } from '../../../server/src/db/models.js';
import { JobQueue } from '../../../server/src/jobs/job-queue.js';
import type { JobHandler } from './runner.js';
import type { AuditService } from '../../../server/src/audit/audit.service.js';
import { recoverUnsettledSaves } from '../../../server/src/audit/unsettled-saves.js';
import { sweepEditClaims } from '../../../server/src/common/concurrency.js';
import { listInterviewParts } from '../../../server/src/interviews/interview-parts.js';
import { ChangeLog } from '../../../server/src/search/change-log.js';
import type { UploadService } from '../../../server/src/media/upload.service.js';
import { sweepIncoming } from '../../../server/src/storage/incoming-sweep.js';
import type { Storage } from '../../../server/src/storage/storage.js';

const ABANDONED_AFTER_HOURS = 24;

export function startHousekeeping(models: Models, everyMs = 10 * 60_000, fixityIntervalHours = 24 * 7): () => void {
  const queue = new JobQueue(models.Job);
  const tick = async () => {
    const now = new Date();
    const hour = now.toISOString().slice(0, 13);
    for (const type of ['sweep-sessions', 'sweep-uploads', 'sweep-logs'] as const) {
      await queue.enqueue(type, {}, { dedupeKey: `${type}:${hour}` });
    }
    const checkedBefore = new Date(now.getTime() - fixityIntervalHours * 3600_000).toISOString();
    await queue.enqueue('check-fixity', { checkedBefore }, { dedupeKey: `check-fixity:${hour.slice(0, 10)}` });
    await queue.enqueue('repair-interview-parts', {}, { dedupeKey: `repair-interview-parts:${hour.slice(0, 10)}` });
  };
  const run = () => void tick().catch((err: unknown) => console.error('housekeeping: could not queue the sweeps and checks:', (err as Error).message));
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

export const sweepUploads =
  (uploads: Pick<UploadService, 'sweepAbandoned'>, storage: Pick<Storage, 'list' | 'delete'>): JobHandler<'sweep-uploads'> =>
  async ({ log }) => {
    const abandoned = await uploads.sweepAbandoned(ABANDONED_AFTER_HOURS);
    const unconfirmed = await sweepIncoming(storage, ABANDONED_AFTER_HOURS);
    log('abandoned uploads closed', { abandoned, unconfirmed });
    return { status: 'succeeded', result: { abandoned, unconfirmedUploadsRemoved: unconfirmed } };
  };

export const sweepLogs =
  (models: Models, audit: Pick<AuditService, 'record'>): JobHandler<'sweep-logs'> =>
  async ({ log }) => {
    const changes = await new ChangeLog(models).sweep();
    // Before old claims go: a save cut off after its write is logged first, even with no API running.
    const unsettled = await recoverUnsettledSaves(models, audit);
    const claims = await sweepEditClaims(models);
    log('old log entries removed', { changes: changes.removed, keptFrom: changes.keptFrom, claims, unsettled });
    return { status: 'succeeded', result: { removedChanges: changes.removed, keptFrom: changes.keptFrom, removedClaims: claims, unsettledSavesLogged: unsettled } };
  };

/**
 * A list update lost to a race between two processes (interview-parts.ts says when) leaves a record
 * off its interview's page until this has run; it only adds ids.
 */
export const repairInterviewParts =
  (models: Models): JobHandler<'repair-interview-parts'> =>
  async ({ log }) => {
    const interviews = await listInterviewParts(models, { repair: true });
    log('interview part lists repaired', { interviews });
    return { status: 'succeeded', result: { interviews } };
  };
