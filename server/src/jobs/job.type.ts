import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { JobDoc } from './job.model.js';

export enum JobStateValue {
  queued = 'queued',
  running = 'running',
  succeeded = 'succeeded',
  failed = 'failed',
  cancelled = 'cancelled',
}
registerEnumType(JobStateValue, { name: 'JobState' });

/**
 * One step of an interview's media pipeline as staff see it. Payload, result, lease and worker
 * names stay out of the API on purpose: they are for operators reading the database and the logs.
 */
@ObjectType({ description: "A step of an interview's media pipeline: verify, probe, access copies, transcribe, index" })
export class PipelineJob {
  @Field(() => ID) id: string;
  @Field(() => String, { description: 'verify-upload, probe-media, make-access-copies, transcribe, index-interview …' })
  type: string;
  @Field(() => JobStateValue) state: JobStateValue;
  @Field(() => Int, { description: '0–100' }) progress: number;
  @Field(() => String, { nullable: true }) progressMessage: string | null;
  @Field(() => Int, { description: 'Attempts started so far, including one lost with a crashed worker' }) attempts: number;
  @Field(() => Int) maxAttempts: number;
  @Field(() => String, { nullable: true, description: 'Why the last attempt failed; kept when the job gives up' })
  lastError: string | null;
  @Field(() => Boolean, { description: 'A make-access-copies run for changed restrictions: only the audience copies are cut again' })
  cutsOnly: boolean;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
}

export function toPipelineJob(doc: JobDoc): PipelineJob {
  return {
    id: doc._id.toHexString(),
    type: doc.type,
    state: doc.state as JobStateValue,
    progress: doc.progress ?? 0,
    progressMessage: doc.progressMessage ?? null,
    cutsOnly: doc.type === 'make-access-copies' && Boolean((doc.payload as { cutsOnly?: boolean } | undefined)?.cutsOnly),
    attempts: doc.attempts,
    maxAttempts: doc.maxAttempts,
    lastError: doc.lastError?.message ?? null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    finishedAt: doc.finishedAt ?? null,
  };
}
