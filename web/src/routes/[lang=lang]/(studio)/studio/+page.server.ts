import { graphql } from '$lib/graphql.js';
import { execute, query } from '$lib/server/client.js';
import { actionFailure, isEditor, requireStaff } from '$lib/server/studio.js';
import type { Actions, PageServerLoad } from './$types';
import { PipelineFields } from '$lib/studio/pipeline.js';
import { PIPELINE_DEPENDENCY } from '$lib/studio/follow-pipeline.svelte.js';

const Row = graphql(
  `
  fragment StudioRow on Interview {
    id
    title { kk ru en }
    status
    accessLevel
    effectiveAccessLevel
    updatedAt
    pipeline { ...PipelineFields }
  }
`,
  [PipelineFields],
);

const Mine = graphql(
  `
  query StudioMine {
    interviews(first: 50, filter: { mine: true }) { totalCount nodes { ...StudioRow } }
  }
`,
  [Row],
);

const InReview = graphql(
  `
  query StudioInReview {
    interviews(first: 50, filter: { status: in_review }) { totalCount nodes { ...StudioRow } }
  }
`,
  [Row],
);

const Retry = graphql(`
  mutation StudioRetry($id: ID!) {
    retryJob(id: $id) { id state }
  }
`);

export const load: PageServerLoad = async (event) => {
  const user = requireStaff(event);
  event.depends(PIPELINE_DEPENDENCY);
  const [mine, review] = await Promise.all([query(event, Mine), isEditor(user) ? query(event, InReview) : null]);
  return { mine: mine.interviews.nodes, review: review?.interviews.nodes ?? null };
};

export const actions: Actions = {
  // A plain form per failed step, so Retry works before (and without) JavaScript.
  retry: async (event) => {
    requireStaff(event);
    const id = String((await event.request.formData()).get('jobId') ?? '');
    try {
      await execute(event, Retry, { id });
    } catch (err) {
      return actionFailure(err, { jobId: id });
    }
    return { retried: id };
  },
};
