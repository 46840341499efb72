import type { ResultOf } from 'gql.tada';
import { graphql } from '$lib/graphql.js';

/** What the studio shows of an interview's media pipeline, on the dashboard and its own page. */
export const PipelineFields = graphql(`
  fragment PipelineFields on PipelineJob {
    id
    type
    state
    progress
    progressMessage
    cutsOnly
    lastError
    attempts
    maxAttempts
    updatedAt
  }
`);

export type PipelineJob = ResultOf<typeof PipelineFields>;
