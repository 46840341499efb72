/**
 * Copies follow restrictions. After any write that can change what an audience may hear (a passage
 * restricted or opened, an interview's level or release, a new transcript or index version), the
 * API calls `restrictionsChanged`: for each verified master whose current cuts differ from the ones
 * its last copies job was queued for, a durable 'make-access-copies' job (cutsOnly) is queued.
 *
 * Idempotent and deduplicated: the dedupe key names the master, the state of the restrictions (the
 * fingerprints of every audience) and the job it follows, so two API instances saving at once queue
 * one job, a save that changes nothing queues none, and going back to an earlier state after other
 * changes queues a new one (the copies of that state may have been deleted since).
 *
 * Until the job ends, the media route serves nothing stale: it compares fingerprints on every request.
 * Withdrawal removes every access copy at once (records first, then objects; the master stays).
 */
import { createHash } from 'node:crypto';
import { CUT_AUDIENCES } from '../access/policy.js';
import { audienceCuts } from '../access/withheld.js';
import type { Models } from '../db/models.js';
import { mediaOf } from '../db/stored-parts.js';
import type { InterviewDoc } from '../interviews/interview.model.js';
import type { MediaAssetDoc } from '../interviews/media-asset.model.js';
import { JobQueue } from '../jobs/job-queue.js';
import type { JobDoc } from '../jobs/job.model.js';
import type { Storage } from '../storage/storage.js';
import { DERIVED_KINDS, derivedFrom } from './playable.js';
import { restrictionSource } from './viewer-copy.js';

export class CopySchedule {
  private readonly queue: JobQueue;

  constructor(
    private readonly models: Models,
    private readonly storage: Storage,
  ) {
    this.queue = new JobQueue(models.Job);
  }

  /** Queues what the interview's current restrictions call for; removes every copy of a withdrawn one. */
  async restrictionsChanged(interviewId: InterviewDoc['_id'] | string): Promise<{ queued: string[]; removed: string[] }> {
    const interview = await this.models.Interview.findById(interviewId).lean<InterviewDoc>();
    if (!interview) return { queued: [], removed: [] };
    if (interview.release?.withdrawn) return { queued: [], removed: await this.removeAccessCopies(interview) };
    const media = await mediaOf(this.models, interview._id);
    const masters = media.filter((m) => m.kind === 'master' && m.status === 'ready');
    const queued: string[] = [];
    for (const master of masters) {
      const id = master._id.toHexString();
      const latest = await this.models.Job.findOne({ type: 'make-access-copies', 'payload.mediaAssetId': id }).sort({ createdAt: -1, _id: -1 }).lean<JobDoc>();
      // Never made yet: the pipeline's own job will cut what the restrictions are by then.
      if (!latest) continue;
      const cuts = audienceCuts(await restrictionSource(this.models, interview, master), CUT_AUDIENCES);
      const state = cutState(cuts);
      const latestState = (latest.payload as { restrictions?: string }).restrictions;
      const pending = latest.state === 'queued' || latest.state === 'running';
      if (latestState === state && (pending || hasCopies(media, master, cuts.map((c) => c.fingerprint)))) continue;
      const { job, created } = await this.queue.enqueue(
        'make-access-copies',
        { mediaAssetId: id, cutsOnly: true, restrictions: state },
        { interviewId: interview._id, dedupeKey: `make-access-copies:${id}:${state}:after:${String(latest._id)}` },
      );
      if (created) queued.push(String(job._id));
    }
    return { queued, removed: [] };
  }

  /** Every access copy and waveform of the interview; the masters and the release stay. */
  async removeAccessCopies(interview: Pick<InterviewDoc, '_id'>): Promise<string[]> {
    // By interviewId, not through the interview's list: a withdrawal is rare and must reach every copy,
    // even one whose list entry a race lost (interview-parts.ts); media records are small to scan.
    const copies = await this.models.MediaAsset.find({ interviewId: interview._id, kind: { $in: DERIVED_KINDS } }).lean<MediaAssetDoc[]>();
    const removed: string[] = [];
    for (const copy of copies) {
      await this.models.MediaAsset.deleteOne({ _id: copy._id });
      await this.storage.delete(copy.key);
      removed.push(copy.key);
    }
    return removed;
  }
}

/** Whether the master has a ready playable copy for each fingerprint (and the full one), among its interview's assets. */
function hasCopies(media: readonly MediaAssetDoc[], master: MediaAssetDoc, fingerprints: string[]): boolean {
  const copies = derivedFrom(media, master).filter((c) => (c.kind === 'access_audio' || c.kind === 'access_video') && c.status === 'ready');
  const have = new Set(copies.map((c) => c.restrictionsFingerprint ?? 'none'));
  return ['none', ...fingerprints].every((f) => have.has(f));
}

/** One name for the fingerprints of every audience, in a fixed order. */
export function cutState(cuts: readonly { audience: string; fingerprint: string }[]): string {
  const text = cuts.map((c) => `${c.audience}=${c.fingerprint}`).join(';');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
