/**
 * The durable job queue: jobs are documents; a worker leases one, renews the lease while it works,
 * and ends it with success, a retry after a backoff, or a failure that keeps the error.
 *
 * Why our own small queue rather than a library: Agenda (and its fork @hokify/agenda), the maintained
 * MongoDB-backed schedulers, lock a job with one findOneAndUpdate on `lockedAt` and trust it to be
 * atomic. FerretDB 1.24 does not make it so: it reads the matching document, then writes it back by
 * _id; in a probe 20 parallel findOneAndUpdate calls handed 10 queued jobs out 20 times (3 distinct).
 * BullMQ and bee-queue need Redis, pg-boss Postgres. What we need is small (lease, heartbeat,
 * backoff, progress, fenced writes) and must be correct on both databases, so it lives here.
 *
 * lease() is one findOneAndUpdate over "queued and due, or running with an expired lease" (expiry is
 * found by the query itself: no TTL index); job-lease.ts has the fencing that keeps two workers off
 * one job, on FerretDB too.
 * Delivery is at least once: a handler whose worker stalls past its lease can run twice, so handlers
 * are idempotent (they re-read state and skip what is done).
 */
import { Types } from 'mongoose';
import type { Models } from '../db/models.js';
import {
  DEFAULT_MAX_ATTEMPTS,
  type FailOutcome,
  type JobOutcome,
  type JobPayload,
  type JobType,
  type Lease,
  type LeasedJob,
  type Progress,
} from './job-types.js';
import { attemptEntry, CLEARED_LEASE, errorMessage, isDuplicateKey, LeaseClaims, owned, progressFields } from './job-lease.js';
import { HISTORY_LIMIT, type JobAttemptDoc, type JobDoc } from './job.model.js';

export interface QueueOptions {
  /** First retry delay; doubles per attempt (with jitter) up to retryMaxMs. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Injected for tests that move time forward instead of sleeping. */
  clock?: () => Date;
  random?: () => number;
}

export interface EnqueueOptions {
  interviewId?: string | Types.ObjectId | null;
  /** Names the work (e.g. `verify-upload:<assetId>`): enqueueing it again returns the first job. */
  dedupeKey?: string;
  maxAttempts?: number;
  runAt?: Date;
}

/** Claim races lost in a row before lease() gives up for this poll; each loss means another worker progressed. */
const LEASE_TRIES = 10;
/** A result is a summary for the pipeline view (durations, counts, keys), not a payload store. */
const RESULT_LIMIT = 16_000;

export class JobQueue {
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly claims: LeaseClaims;

  constructor(
    private readonly Job: Models['Job'],
    options: QueueOptions = {},
  ) {
    this.retryBaseMs = options.retryBaseMs ?? 5_000;
    this.retryMaxMs = options.retryMaxMs ?? 15 * 60_000;
    this.now = options.clock ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.claims = new LeaseClaims(Job.db);
  }

  /** Idempotent by dedupeKey: the unique index decides, so two API instances enqueueing at once get one job. */
  async enqueue<T extends JobType>(
    type: T,
    payload: JobPayload<T>,
    options: EnqueueOptions = {},
  ): Promise<{ job: JobDoc; created: boolean }> {
    const fields = {
      type,
      payload,
      interviewId: options.interviewId ? new Types.ObjectId(String(options.interviewId)) : null,
      maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS[type],
      runAt: options.runAt ?? this.now(),
      ...(options.dedupeKey ? { dedupeKey: options.dedupeKey } : {}),
    };
    try {
      const created = await this.Job.create(fields);
      return { job: created.toObject(), created: true };
    } catch (err) {
      if (!options.dedupeKey || !isDuplicateKey(err)) throw err;
      const existing = await this.Job.findOne({ dedupeKey: options.dedupeKey }).lean<JobDoc>();
      if (!existing) throw err;
      if (existing.type !== type) throw new Error(`dedupeKey "${options.dedupeKey}" already names a ${existing.type} job, not ${type}`);
      return { job: existing, created: false };
    }
  }

  /** Takes the next due job of the given types, or one whose worker stopped renewing its lease. */
  async lease(workerId: string, types: readonly JobType[], leaseMs: number): Promise<LeasedJob | null> {
    if (types.length === 0) return null;
    for (let tries = 0; tries < LEASE_TRIES; tries += 1) {
      const now = this.now();
      const before = await this.Job.findOneAndUpdate(
        {
          type: { $in: types },
          $or: [{ state: 'queued', runAt: { $lte: now } }, { state: 'running', leaseExpiresAt: { $lte: now } }],
        },
        {
          $set: {
            state: 'running',
            leaseOwner: workerId,
            leaseExpiresAt: new Date(now.getTime() + leaseMs),
            heartbeatAt: now,
            attemptStartedAt: now,
          },
          $inc: { attempts: 1, leaseSeq: 1 },
        },
        // The document before the update tells whether a crashed worker held it, and whom.
        { sort: { runAt: 1, _id: 1 }, returnDocument: 'before' },
      ).lean<JobDoc>();
      if (!before) return null;
      const lease: Lease = {
        jobId: before._id.toHexString(),
        workerId,
        seq: before.leaseSeq + 1,
        attempt: before.attempts + 1,
        startedAt: now,
      };
      if (!(await this.claims.claim(lease))) continue;
      if (before.state === 'running' && !(await this.recordLostAttempt(before, lease))) continue;
      return {
        id: lease.jobId,
        type: before.type as JobType,
        payload: before.payload as JobPayload<JobType>,
        interviewId: before.interviewId ? before.interviewId.toHexString() : null,
        attempt: lease.attempt,
        maxAttempts: before.maxAttempts,
        lease,
      };
    }
    return null;
  }

  /** Renews the lease (and stores the latest progress); false = the lease is gone, stop working. */
  async heartbeat(lease: Lease, leaseMs: number, progress?: Progress): Promise<boolean> {
    const now = this.now();
    const res = await this.Job.updateOne(owned(lease), {
      $set: {
        leaseOwner: lease.workerId,
        leaseExpiresAt: new Date(now.getTime() + leaseMs),
        heartbeatAt: now,
        ...(progress ? progressFields(progress) : {}),
      },
    });
    if (res.matchedCount !== 1) return false;
    // On FerretDB this write may have landed on top of a concurrent cancel (read-then-write updates)
    // and undone it; cancel drops the claim first, so a missing claim means: cancelled, say so again.
    if (!(await this.claims.holds(lease))) {
      await this.Job.updateOne(owned(lease), { $set: { state: 'cancelled', finishedAt: now, ...CLEARED_LEASE } });
      return false;
    }
    return true;
  }

  async progress(lease: Lease, progress: Progress): Promise<boolean> {
    const res = await this.Job.updateOne(owned(lease), { $set: progressFields(progress) });
    return res.matchedCount === 1;
  }

  async complete(lease: Lease, outcome: JobOutcome): Promise<boolean> {
    const now = this.now();
    const skipped = outcome.status === 'skipped';
    const result = skipped ? { skipped: outcome.reason } : (outcome.result ?? null);
    const size = result ? JSON.stringify(result).length : 0;
    const res = await this.Job.updateOne(owned(lease), {
      $set: {
        state: 'succeeded',
        finishedAt: now,
        progress: 100,
        ...(skipped ? { progressMessage: `Skipped: ${outcome.reason}` } : {}),
        result: size > RESULT_LIMIT ? { omitted: `result of ${size} characters is over the ${RESULT_LIMIT} limit` } : result,
        ...CLEARED_LEASE,
      },
      $push: { history: attemptEntry(lease, now, skipped ? 'skipped' : 'succeeded') },
    });
    if (res.matchedCount === 1) await this.claims.drop(lease.jobId);
    return res.matchedCount === 1;
  }

  /** A retry after an exponential backoff with jitter while attempts remain; then (or when permanent) failed. */
  async fail(lease: Lease, error: unknown, options: { permanent?: boolean } = {}): Promise<FailOutcome> {
    const now = this.now();
    const message = errorMessage(error);
    const lastError = { message, at: now, attempt: lease.attempt };
    const entry = attemptEntry(lease, now, 'failed', message);
    if (!options.permanent) {
      const runAt = new Date(now.getTime() + this.backoffMs(lease.attempt));
      const retried = await this.Job.updateOne(
        { ...owned(lease), maxAttempts: { $gt: lease.attempt } },
        { $set: { state: 'queued', runAt, lastError, ...CLEARED_LEASE }, $push: { history: entry } },
      );
      if (retried.matchedCount === 1) return 'retrying';
    }
    const failed = await this.Job.updateOne(owned(lease), {
      $set: { state: 'failed', finishedAt: now, lastError, ...CLEARED_LEASE },
      $push: { history: entry },
    });
    if (failed.matchedCount !== 1) return 'lost';
    await this.claims.drop(lease.jobId);
    return 'failed';
  }

  /** Gives the job back untouched (worker shutting down): queued at once, the attempt not counted. */
  async release(lease: Lease): Promise<boolean> {
    const now = this.now();
    const res = await this.Job.updateOne(owned(lease), {
      $set: { state: 'queued', runAt: now, attemptStartedAt: null, ...CLEARED_LEASE },
      $inc: { attempts: -1 },
      $push: { history: attemptEntry(lease, now, 'released') },
    });
    return res.matchedCount === 1;
  }

  /** Staff: a failed or cancelled job starts over with all its attempts; null when it is in another state. */
  async retry(jobId: string): Promise<JobDoc | null> {
    const current = await this.Job.findById(jobId).lean<JobDoc>();
    if (!current || (current.state !== 'failed' && current.state !== 'cancelled')) return null;
    return this.Job.findOneAndUpdate(
      { _id: current._id, state: current.state },
      {
        $set: {
          state: 'queued',
          attempts: 0,
          runAt: this.now(),
          finishedAt: null,
          progress: 0,
          progressMessage: null,
          lastError: null,
          result: null,
          // The old attempts stay readable; trimmed here because FerretDB ignores $push's $slice.
          history: (current.history ?? []).slice(-HISTORY_LIMIT),
          ...CLEARED_LEASE,
        },
      },
      { returnDocument: 'after' },
    ).lean<JobDoc>();
  }

  /** Queued or running jobs only; a running worker finds out at its next heartbeat and stops. */
  async cancel(jobId: string): Promise<JobDoc | null> {
    const current = await this.Job.findById(jobId, { state: 1 }).lean<JobDoc>();
    if (!current || !['queued', 'running'].includes(current.state)) return null;
    // The claim goes first: a heartbeat that races this cancel then sees it is gone (see heartbeat).
    await this.claims.drop(jobId);
    const doc = await this.Job.findOneAndUpdate(
      { _id: jobId, state: { $in: ['queued', 'running'] } },
      { $set: { state: 'cancelled', finishedAt: this.now(), ...CLEARED_LEASE } },
      { returnDocument: 'after' },
    ).lean<JobDoc>();
    return doc;
  }

  get(jobId: string): Promise<JobDoc | null> {
    return this.Job.findById(jobId).lean<JobDoc>().exec();
  }

  /** Every job of the given interviews, oldest first (the pipeline's order); one query for many interviews. */
  byInterviews(interviewIds: readonly string[]): Promise<JobDoc[]> {
    const ids = interviewIds.map((id) => new Types.ObjectId(id));
    return this.Job.find({ interviewId: { $in: ids } }).sort({ createdAt: 1, _id: 1 }).lean<JobDoc[]>().exec();
  }

  backoffMs(attempt: number): number {
    const ceiling = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** Math.max(0, attempt - 1));
    // Half fixed, half random: jobs that failed together (storage was down) do not all come back together.
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  /**
   * The previous holder stopped renewing (crashed, killed, cut off): its attempt counts and is written
   * down. When it was the last attempt the job fails instead of running again, so a job that kills its
   * worker (out of memory on a huge file) cannot take down every worker in turn.
   */
  private async recordLostAttempt(before: JobDoc, lease: Lease): Promise<boolean> {
    const message = `Worker ${before.leaseOwner ?? '?'} stopped renewing its lease (crashed or cut off)`;
    const lost: JobAttemptDoc = {
      attempt: before.attempts,
      workerId: before.leaseOwner ?? 'unknown',
      startedAt: before.attemptStartedAt ?? before.updatedAt,
      endedAt: lease.startedAt,
      outcome: 'lost',
      error: message,
    };
    const lastError = { message, at: lease.startedAt, attempt: before.attempts };
    if (lease.attempt <= before.maxAttempts) {
      await this.Job.updateOne(owned(lease), { $set: { lastError }, $push: { history: lost } });
      return true;
    }
    await this.Job.updateOne(owned(lease), {
      $set: { state: 'failed', finishedAt: lease.startedAt, attempts: before.attempts, lastError, ...CLEARED_LEASE },
      $push: { history: lost },
    });
    await this.claims.drop(lease.jobId);
    return false;
  }
}
