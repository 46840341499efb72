/**
 * The worker's loop: lease a job it has a handler for, run the handler while renewing the lease,
 * record how it ended, poll with a growing pause when there is nothing to do.
 */
import { errorMessage } from '../../../server/src/jobs/job-lease.js';
import type { JobQueue } from '../../../server/src/jobs/job-queue.js';
import type { JobOutcome, JobPayload, JobType, LeasedJob, Progress } from '../../../server/src/jobs/job-types.js';

export interface JobContext<T extends JobType> {
  job: { id: string; type: T; attempt: number; maxAttempts: number; interviewId: string | null };
  payload: JobPayload<T>;
  /** Cheap to call often: written at most every progressIntervalMs, and with each heartbeat. */
  reportProgress(percent: number, message?: string): void;
  /** Aborted when the lease is lost (cancelled, taken over) or the worker stops; pass it to ffmpeg, fetch, S3. */
  signal: AbortSignal;
  log(message: string, extra?: Record<string, unknown>): void;
}

/** Returns how it went; throws for a failure (retried with backoff unless it is a PermanentJobError). */
export type JobHandler<T extends JobType> = (ctx: JobContext<T>) => Promise<JobOutcome>;
export type JobHandlers = { [T in JobType]?: JobHandler<T> };

/** A failure no retry can fix (checksum mismatch, not a media file): the job fails at once, reason kept. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/** The abort reasons a handler may see on its signal. */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
}
export class WorkerStoppingError extends Error {
  override name = 'WorkerStoppingError';
}

export type Logger = (level: 'info' | 'warn' | 'error', message: string, extra?: Record<string, unknown>) => void;

export interface RunnerOptions {
  workerId: string;
  leaseMs: number;
  /** Below leaseMs / 3, so two missed heartbeats still leave the lease alive. Default leaseMs / 4. */
  heartbeatMs?: number;
  progressIntervalMs?: number;
  idleMinMs?: number;
  idleMaxMs?: number;
  /** On stop: how long the current job may run on before it is aborted and released. */
  stopGraceMs?: number;
  log?: Logger;
}

const defaultLog: Logger = (level, message, extra) =>
  (level === 'info' ? console.log : console.error)(JSON.stringify({ level, message, ...extra, at: new Date().toISOString() }));

export class JobRunner {
  private readonly types: JobType[];
  private readonly heartbeatMs: number;
  private readonly log: Logger;
  private stopping = false;
  private wakeUp: (() => void) | undefined;
  private current: AbortController | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly queue: JobQueue,
    private readonly handlers: JobHandlers,
    private readonly options: RunnerOptions,
  ) {
    this.types = Object.keys(handlers) as JobType[];
    this.heartbeatMs = Math.min(options.heartbeatMs ?? options.leaseMs / 4, options.leaseMs / 3);
    this.log = options.log ?? defaultLog;
  }

  /** Runs until stop(); resolves when the loop has ended and the current job is finished or released. */
  run(): Promise<void> {
    this.loop ??= this.poll();
    return this.loop;
  }

  /** Takes no new job; lets the current one finish within stopGraceMs, then aborts and releases it. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    // Whatever runs when the grace ends (a lease may have been in flight just now) is aborted and released.
    const grace = setTimeout(() => this.current?.abort(new WorkerStoppingError('The worker is stopping')), this.options.stopGraceMs ?? 10_000);
    try {
      await this.loop;
    } finally {
      clearTimeout(grace);
    }
  }

  private async poll(): Promise<void> {
    const { idleMinMs = 200, idleMaxMs = 2_000 } = this.options;
    let idle = idleMinMs;
    this.log('info', 'worker started', { workerId: this.options.workerId, types: this.types, leaseMs: this.options.leaseMs });
    while (!this.stopping) {
      let job: LeasedJob | null = null;
      try {
        job = await this.queue.lease(this.options.workerId, this.types, this.options.leaseMs);
      } catch (err) {
        // The database is away: keep polling at the slow pace rather than exit and lose the worker.
        this.log('error', 'could not lease a job', { error: errorMessage(err) });
        idle = idleMaxMs;
      }
      if (!job) {
        await this.sleep(idle);
        idle = Math.min(idle * 2, idleMaxMs);
        continue;
      }
      idle = idleMinMs;
      await this.execute(job);
    }
    this.log('info', 'worker stopped', { workerId: this.options.workerId });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((ok) => {
      const timer = setTimeout(ok, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        ok();
      };
    });
  }

  private async execute(job: LeasedJob): Promise<void> {
    const { lease } = job;
    if (this.stopping) {
      // Leased while stop() was called: hand it straight back.
      await this.queue
        .release(lease)
        .catch((err) => this.log('warn', 'could not release a job', { jobId: job.id, error: errorMessage(err) }));
      return;
    }
    const controller = new AbortController();
    this.current = controller;
    const tag = { jobId: job.id, type: job.type, attempt: job.attempt };
    // One write at a time per job: on FerretDB two concurrent updates of one document overwrite each other.
    let writes: Promise<unknown> = Promise.resolve();
    const write = (step: () => Promise<void>) => {
      writes = writes.then(step).catch((err) => this.log('warn', 'job write failed', { ...tag, error: errorMessage(err) }));
    };
    const loseLease = (why: string) => {
      if (!controller.signal.aborted) controller.abort(new LeaseLostError(why));
    };

    let pending: Progress | undefined;
    let lastProgressWrite = 0;
    let lastRenewed = Date.now();
    const flushProgress = () => {
      const progress = pending;
      pending = undefined;
      lastProgressWrite = Date.now();
      if (!progress) return;
      write(async () => {
        if (!(await this.queue.progress(lease, progress))) loseLease('lease lost: the job was cancelled or taken over');
      });
    };
    const heartbeat = setInterval(() => {
      // Checked here too, not only when a write fails: a write stuck on a dead connection never fails fast.
      if (Date.now() - lastRenewed >= this.options.leaseMs) loseLease('lease expired: the database did not answer in time');
      const progress = pending;
      pending = undefined;
      write(async () => {
        try {
          if (await this.queue.heartbeat(lease, this.options.leaseMs, progress)) lastRenewed = Date.now();
          else loseLease('lease lost: the job was cancelled or taken over');
        } catch (err) {
          // Past the lease another worker may take the job: stop rather than run it twice.
          if (Date.now() - lastRenewed >= this.options.leaseMs) loseLease(`lease expired: ${errorMessage(err)}`);
          throw err;
        }
      });
    }, this.heartbeatMs);

    const context: JobContext<JobType> = {
      job: { id: job.id, type: job.type, attempt: job.attempt, maxAttempts: job.maxAttempts, interviewId: job.interviewId },
      payload: job.payload,
      signal: controller.signal,
      reportProgress: (percent, message) => {
        pending = { percent, message };
        if (Date.now() - lastProgressWrite >= (this.options.progressIntervalMs ?? 1_000)) flushProgress();
      },
      log: (message, extra) => this.log('info', message, { ...tag, ...extra }),
    };

    this.log('info', 'job started', tag);
    const handler = this.handlers[job.type] as JobHandler<JobType>;
    let outcome: JobOutcome | undefined;
    let failure: unknown;
    try {
      outcome = await handler(context);
    } catch (err) {
      failure = err;
    }
    clearInterval(heartbeat);
    await writes;
    this.current = undefined;
    await this.finish(job, controller.signal, outcome, failure).catch((err) =>
      // The lease then runs out and another worker runs the job again (handlers are idempotent).
      this.log('error', 'could not record how the job ended', { ...tag, error: errorMessage(err) }),
    );
  }

  private async finish(job: LeasedJob, signal: AbortSignal, outcome: JobOutcome | undefined, failure: unknown): Promise<void> {
    const tag = { jobId: job.id, type: job.type, attempt: job.attempt };
    if (signal.reason instanceof LeaseLostError) {
      this.log('warn', 'job abandoned', { ...tag, reason: signal.reason.message });
      return;
    }
    if (outcome) {
      const recorded = await this.queue.complete(job.lease, outcome);
      this.log(recorded ? 'info' : 'warn', recorded ? `job ${outcome.status}` : 'job finished after its lease was lost', {
        ...tag,
        ...(outcome.status === 'skipped' ? { reason: outcome.reason } : {}),
      });
      return;
    }
    if (signal.reason instanceof WorkerStoppingError) {
      await this.queue.release(job.lease);
      this.log('info', 'job released for another worker', tag);
      return;
    }
    const permanent = failure instanceof PermanentJobError;
    const result = await this.queue.fail(job.lease, failure, { permanent });
    const message = result === 'retrying' ? 'job will be retried' : `job ${result}`;
    this.log(result === 'retrying' ? 'warn' : 'error', message, { ...tag, error: errorMessage(failure) });
  }
}
