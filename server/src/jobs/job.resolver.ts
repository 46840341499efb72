import DataLoader from 'dataloader';
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Interview } from '../interviews/interview.type.js';
import type { JobDoc } from './job.model.js';
import { PipelineJob, toPipelineJob } from './job.type.js';

// One loader per request, keyed on the request's context object: a list of interviews asks for
// all their pipelines in one query, and nothing is cached beyond the request.
const loaders = new WeakMap<Context, DataLoader<string, JobDoc[]>>();

function jobsByInterview(ctx: Context): DataLoader<string, JobDoc[]> {
  let loader = loaders.get(ctx);
  if (!loader) {
    loader = new DataLoader<string, JobDoc[]>(async (ids) => {
      const groups = new Map<string, JobDoc[]>();
      for (const job of await ctx.services.jobs.byInterviews(ids)) {
        const key = String(job.interviewId);
        groups.set(key, [...(groups.get(key) ?? []), job]);
      }
      return ids.map((id) => groups.get(id) ?? []);
    });
    loaders.set(ctx, loader);
  }
  return loader;
}

@Resolver(() => Interview)
export class JobResolver {
  @FieldResolver(() => [PipelineJob], {
    nullable: true,
    description: "The interview's media pipeline, oldest step first: its uploader and editors only, null for anyone else",
  })
  async pipeline(@Root() interview: Interview, @Ctx() ctx: Context): Promise<PipelineJob[] | null> {
    if (!ctx.services.jobs.canSeePipeline(ctx.actor, interview.doc)) return null;
    return (await jobsByInterview(ctx).load(interview.id)).map(toPipelineJob);
  }

  @Mutation(() => PipelineJob, { description: 'Start a failed or cancelled step again with all its attempts (CONFLICT otherwise)' })
  async retryJob(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<PipelineJob> {
    return toPipelineJob(await ctx.services.jobs.retry(ctx.actor, id));
  }
}
