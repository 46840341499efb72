import DataLoader from 'dataloader';
import type { Context } from '../context.js';
import type { JobDoc } from './job.model.js';

// One loader per request, keyed on the request's reads: a list of interviews asks for all their
// pipelines in one query, and nothing is kept beyond the request.
const loaders = new WeakMap<object, DataLoader<string, JobDoc[]>>();

/** Every job of an interview, oldest first, batched over the request. */
export function jobsByInterview(ctx: Pick<Context, 'reads' | 'services'>): DataLoader<string, JobDoc[]> {
  let loader = loaders.get(ctx.reads);
  if (!loader) {
    loader = new DataLoader<string, JobDoc[]>(async (ids) => {
      const groups = new Map<string, JobDoc[]>();
      for (const job of await ctx.services.jobs.byInterviews(ids)) {
        const key = String(job.interviewId);
        groups.set(key, [...(groups.get(key) ?? []), job]);
      }
      return ids.map((id) => groups.get(id) ?? []);
    });
    loaders.set(ctx.reads, loader);
  }
  return loader;
}
