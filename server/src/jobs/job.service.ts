import type { Actor } from '../access/actor.js';
import { isEditor } from '../access/actor.js';
import { canEditInterview, canViewInterview } from '../access/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import { toObjectId } from '../common/ids.js';
import type { Models } from '../db/models.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { InterviewDoc } from '../interviews/interview.model.js';
import { JobQueue } from './job-queue.js';
import type { JobDoc } from './job.model.js';

/** The API's side of the job queue: who sees an interview's pipeline, who may retry a step. */
export class JobService {
  /** Other services enqueue through this (verify after an upload, index after an edit). */
  readonly queue: JobQueue;

  constructor(
    private readonly models: Models,
    private readonly audit: AuditService,
  ) {
    this.queue = new JobQueue(models.Job);
  }

  /** Errors and internal steps are for the people who can act on them: the uploader and editors. */
  canSeePipeline(actor: Actor, interview: InterviewDoc): boolean {
    return canEditInterview(actor, interview);
  }

  /** For the per-request loader: every job of these interviews, in one query. */
  byInterviews(interviewIds: readonly string[]): Promise<JobDoc[]> {
    return this.queue.byInterviews(interviewIds);
  }

  async retry(actor: Actor, id: string): Promise<JobDoc> {
    const jobId = toObjectId('id', id);
    const job = await this.queue.get(id);
    const interview = job?.interviewId ? await this.models.Interview.findById(job.interviewId).lean<InterviewDoc>() : null;
    // Housekeeping jobs (and jobs of a deleted interview) belong to no uploader: editors only. Those
    // who may not see a job's pipeline hear the NOT_FOUND of a job that never existed.
    const allowed = interview ? canViewInterview(actor, interview) && this.canSeePipeline(actor, interview) : isEditor(actor);
    if (!job || !allowed) throw new NotFoundError('Job');
    const retried = await this.queue.retry(id);
    if (!retried) throw new ConflictError(`Only a failed or cancelled job can be retried; this one is ${job.state}`, { state: job.state });
    await this.audit.record(actor, 'job.retry', { type: 'job', id: jobId }, {
      before: { state: job.state, attempts: job.attempts, lastError: job.lastError?.message ?? null },
      after: { state: retried.state, attempts: retried.attempts },
    });
    return retried;
  }
}
