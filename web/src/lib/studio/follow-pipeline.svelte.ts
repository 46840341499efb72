import { invalidate } from '$app/navigation';
import type { PipelineJob } from './pipeline.js';

/** Declared by the loads of the pages that show a pipeline, so following it reloads only them. */
export const PIPELINE_DEPENDENCY = 'studio:pipeline';

const UNFINISHED = new Set(['queued', 'running']);

/**
 * While any step shown is queued or running, reloads the page's data every few seconds, so people
 * watch the worker's progress without reloading; it stops by itself once every step has ended.
 * A hidden tab skips its turns. Call during a component's initialisation (it uses $effect).
 */
export function followPipeline(pipelines: () => (PipelineJob[] | null | undefined)[], everyMs = 3_000) {
  const unfinished = $derived(pipelines().some((jobs) => jobs?.some((job) => UNFINISHED.has(job.state))));
  $effect(() => {
    if (!unfinished) return;
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') void invalidate(PIPELINE_DEPENDENCY);
    }, everyMs);
    return () => clearInterval(timer);
  });
}
