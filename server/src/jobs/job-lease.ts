/**
 * The fencing rules of a lease, shared by every transition in job-queue.ts.
 *
 * How it stays correct:
 * - lease() is one findOneAndUpdate over "queued and due, or running with an expired lease": expiry is
 *   found by the query itself, no TTL index. It increments `leaseSeq`, the fencing token: every later
 *   write by that worker matches only { state: running, leaseSeq } (see owned()), so a worker whose
 *   lease expired and was taken over changes nothing.
 * - Then the worker inserts a claim with _id `${jobId}:${leaseSeq}`. On MongoDB it always succeeds;
 *   on FerretDB two racers that read the same document compute the same leaseSeq and only one insert
 *   passes the unique _id, so the loser walks away. (The loser's write may have set leaseOwner to
 *   itself; the winner's first heartbeat writes its own name back. Ownership is the seq, not the name.)
 * - FerretDB still leaves millisecond windows, because any concurrent write to the same document can
 *   be overwritten: a staff cancel racing a heartbeat may be undone, and a racer's late write may put
 *   a job its winner has just finished back to running, so it runs again once that lease expires (at
 *   least once, never twice at the same time). MongoDB, the production database, has neither.
 */
import type { Connection } from 'mongoose';
import { Types } from 'mongoose';
import type { AttemptOutcome, Lease, Progress } from './job-types.js';
import { ERROR_MESSAGE_LIMIT, JOB_CLAIMS_COLLECTION, type JobAttemptDoc, type JobClaimDoc } from './job.model.js';

export const CLEARED_LEASE = { leaseOwner: null, leaseExpiresAt: null };

export const isDuplicateKey = (err: unknown) => (err as { code?: unknown } | null)?.code === 11000;

/** The filter of every write a lease holder makes: it matches nothing once the lease has passed on. */
export function owned(lease: Lease) {
  return { _id: lease.jobId, state: 'running' as const, leaseSeq: lease.seq };
}

export function attemptEntry(lease: Lease, endedAt: Date, outcome: AttemptOutcome, error: string | null = null): JobAttemptDoc {
  return { attempt: lease.attempt, workerId: lease.workerId, startedAt: lease.startedAt, endedAt, outcome, error };
}

export const progressFields = (p: Progress) => ({
  progress: Math.max(0, Math.min(100, Math.round(p.percent))),
  ...(p.message !== undefined ? { progressMessage: p.message } : {}),
});

export function errorMessage(err: unknown): string {
  const text = err instanceof Error ? err.message || err.name : String(err);
  return text.length > ERROR_MESSAGE_LIMIT ? `${text.slice(0, ERROR_MESSAGE_LIMIT)}…` : text;
}

/** One claim document per (job, leaseSeq); the unique _id makes the insert the atomic step on FerretDB. */
export class LeaseClaims {
  constructor(private readonly conn: Connection) {}

  private get collection() {
    return this.conn.collection<JobClaimDoc>(JOB_CLAIMS_COLLECTION);
  }

  /** False when another worker already holds this lease number: it won the race, walk away. */
  async claim(lease: Lease): Promise<boolean> {
    try {
      const _id = `${lease.jobId}:${lease.seq}`;
      await this.collection.insertOne({ _id, jobId: new Types.ObjectId(lease.jobId), workerId: lease.workerId, at: lease.startedAt });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** Whether this lease's claim still stands (cancel removes it). */
  async holds(lease: Lease): Promise<boolean> {
    return (await this.collection.countDocuments({ _id: `${lease.jobId}:${lease.seq}` })) === 1;
  }

  /** Claims matter only while a job can still be leased; a finished job's are removed. */
  async drop(jobId: string): Promise<void> {
    await this.collection.deleteMany({ jobId: new Types.ObjectId(jobId) });
  }
}
