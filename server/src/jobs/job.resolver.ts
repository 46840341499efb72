import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { PipelineJob, toPipelineJob } from './job.type.js';

/** Interview.pipeline is resolved with the interview's other fields (interviews/interview-fields.resolver.ts). */
@Resolver(() => PipelineJob)
export class JobResolver {
  @Mutation(() => PipelineJob, { description: 'Start a failed or cancelled step again with all its attempts (CONFLICT otherwise)' })
  async retryJob(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<PipelineJob> {
    return toPipelineJob(await ctx.services.jobs.retry(ctx.actor, id));
  }
}
