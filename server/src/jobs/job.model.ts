import { randomUUID } from 'node:crypto';
import { Schema, type Types } from 'mongoose';
import { ATTEMPT_OUTCOMES, type AttemptOutcome, JOB_STATES, type JobState } from './job-types.js';

/** One finished attempt: who ran it, how it ended. Kept short (see HISTORY_LIMIT). */
export interface JobAttemptDoc {
  attempt: number;
  workerId: string;
  startedAt: Date;
  endedAt: Date;
  outcome: AttemptOutcome;
  error?: string | null;
}

export interface JobErrorDoc {
  message: string;
  at: Date;
  attempt: number;
}

/**
 * A durable job. The whole state of a job lives in this one document, so each transition is one
 * conditional update (FerretDB has no transactions). `leaseSeq` counts leases and fences every write
 * a worker makes: a worker whose lease was taken over holds an old number and its writes match nothing.
 */
export interface JobDoc {
  _id: Types.ObjectId;
  type: string;
  payload: Record<string, unknown>;
  /** For the interview's pipeline view; null for housekeeping jobs. */
  interviewId: Types.ObjectId | null;
  /** Enqueueing the same work twice returns the first job (unique index; random when not given). */
  dedupeKey: string;
  state: JobState;
  /** Attempts started, including one lost with a crashed worker; a release gives its attempt back. */
  attempts: number;
  maxAttempts: number;
  /** Not before: the backoff after a failure, or a scheduled start. */
  runAt: Date;
  leaseSeq: number;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  heartbeatAt: Date | null;
  attemptStartedAt: Date | null;
  progress: number;
  progressMessage: string | null;
  lastError: JobErrorDoc | null;
  result: Record<string, unknown> | null;
  history: JobAttemptDoc[];
  finishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** History entries kept; FerretDB ignores `$push … $slice`, so the queue trims when a staff retry restarts a job. */
export const HISTORY_LIMIT = 20;
/** Longest stored error message: a stack trace or an ffmpeg log belongs in the worker's log, not the document. */
export const ERROR_MESSAGE_LIMIT = 2_000;

const attemptSchema = new Schema<JobAttemptDoc>(
  {
    attempt: { type: Number, required: true },
    workerId: { type: String, required: true },
    startedAt: { type: Date, required: true },
    endedAt: { type: Date, required: true },
    outcome: { type: String, enum: ATTEMPT_OUTCOMES, required: true },
    error: { type: String, default: null },
  },
  { _id: false },
);

const errorSchema = new Schema<JobErrorDoc>(
  {
    message: { type: String, required: true },
    at: { type: Date, required: true },
    attempt: { type: Number, required: true },
  },
  { _id: false },
);

export const jobSchema = new Schema<JobDoc>(
  {
    type: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, default: () => ({}) },
    interviewId: { type: Schema.Types.ObjectId, default: null },
    dedupeKey: { type: String, required: true, default: () => `random:${randomUUID()}` },
    state: { type: String, enum: JOB_STATES, default: 'queued' },
    attempts: { type: Number, default: 0, min: 0 },
    maxAttempts: { type: Number, default: 5, min: 1 },
    runAt: { type: Date, default: () => new Date() },
    leaseSeq: { type: Number, default: 0 },
    leaseOwner: { type: String, default: null },
    leaseExpiresAt: { type: Date, default: null },
    heartbeatAt: { type: Date, default: null },
    attemptStartedAt: { type: Date, default: null },
    progress: { type: Number, default: 0, min: 0, max: 100 },
    progressMessage: { type: String, default: null },
    lastError: { type: errorSchema, default: null },
    result: { type: Schema.Types.Mixed, default: null },
    history: { type: [attemptSchema], default: [] },
    finishedAt: { type: Date, default: null },
  },
  // minimize: false keeps an empty payload ({}) instead of dropping the field.
  { timestamps: true, versionKey: false, minimize: false },
);
// A full unique index (FerretDB has no partial ones): every job has a key, random unless the caller names the work.
jobSchema.index({ dedupeKey: 1 }, { unique: true });
// The lease query: queued and due, or running with an expired lease.
jobSchema.index({ state: 1, runAt: 1 });
jobSchema.index({ interviewId: 1, createdAt: 1 });

/**
 * Lease claims, one per (job, leaseSeq), in their own collection. FerretDB 1.24 applies an update by
 * reading the matching document and writing it back by _id, so two concurrent findOneAndUpdate calls
 * can both "win" the same job; an insert into a unique _id is atomic there, so the claim decides.
 * On MongoDB the claim always succeeds (findOneAndUpdate is already atomic).
 */
export const JOB_CLAIMS_COLLECTION = 'job_claims';
export interface JobClaimDoc {
  _id: string;
  jobId: Types.ObjectId;
  workerId: string;
  at: Date;
}
