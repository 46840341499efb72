import { fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql.js';
import { ApiError, execute, query } from '$lib/server/client.js';
import { all, codes, day, hasAny, level, localized, str } from '$lib/server/forms.js';
import type { ResultOf } from 'gql.tada';
import { actionFailure, isEditor, requireStaff, when } from '$lib/server/studio.js';
import { PipelineFields } from '$lib/studio/pipeline.js';
import { PIPELINE_DEPENDENCY } from '$lib/studio/follow-pipeline.svelte.js';
import { languageName } from '$lib/format.js';
import type { Actions, PageServerLoad } from './$types';

const Interview = graphql(
  `
  query StudioInterview($id: ID!) {
    interview(id: $id) {
      id
      version
      title { kk ru en }
      summary { kk ru en }
      status
      accessLevel
      effectiveAccessLevel
      embargoed
      hasRelease
      languages
      recordedOn
      place
      release { permits documentName signedOn embargoUntil restrictions withdrawn }
      pipeline { ...PipelineFields }
      transcripts { id language status segmentCount }
      tags { id kind labels { kk ru en } }
      indexSegments { id }
    }
  }
`,
  [PipelineFields],
);

const Media = graphql(`
  query StudioInterviewMedia($id: ID!) { interview(id: $id) { media { id kind servedTo fileName size status error fixity { status checkedAt } } } }
`);
type MediaRow = NonNullable<ResultOf<typeof Media>['interview']['media']>[number];

const SetRelease = graphql(`
  mutation StudioSetRelease($input: SetReleaseInput!) { setInterviewRelease(input: $input) { id version } }
`);
const Update = graphql(`
  mutation StudioUpdateInterview($input: UpdateInterviewInput!) { updateInterview(input: $input) { id version } }
`);
const SetStatus = graphql(`
  mutation StudioSetStatus($input: SetStatusInput!) { setInterviewStatus(input: $input) { id status version } }
`);
const SetAccess = graphql(`
  mutation StudioSetAccess($input: SetAccessInput!) { setInterviewAccess(input: $input) { id accessLevel version } }
`);
const Withdraw = graphql(`
  mutation StudioWithdraw($input: WithdrawInput!) { withdrawInterview(input: $input) { id version } }
`);
const Retry = graphql(`
  mutation StudioRetryStep($id: ID!) { retryJob(id: $id) { id state } }
`);

export const load: PageServerLoad = async (event) => {
  const user = requireStaff(event);
  const id = event.params.id;
  event.depends(PIPELINE_DEPENDENCY);
  const [{ interview }, media] = await Promise.all([
    query(event, Interview, { id }),
    // Files are a second request so a hiccup there never hides the rest of the page.
    execute(event, Media, { id }).then(({ data }) => data.interview.media ?? [], (err) => {
      console.error('Could not list the media of', id, err instanceof ApiError ? err.message : err);
      return [] as MediaRow[];
    }),
  ]);
  // Language names formatted on the server (see transcripts/[id]/+page.server.ts).
  const transcriptLanguages = Object.fromEntries(interview.transcripts.map((t) => [t.id, languageName(t.language, event.locals.lang)]));
  // When each file was last read back from storage, in the page's language (the fixity line).
  const files = media.map(({ fixity, ...file }) => ({
    ...file,
    fixity: fixity ? { status: fixity.status, date: when(fixity.checkedAt, event.locals.lang) } : null,
  }));
  return { interview, media: files, transcriptLanguages, editor: isEditor(user) };
};

export const actions: Actions = {
  release: async (event) => {
    requireStaff(event);
    const form = await event.request.formData();
    try {
      await execute(event, SetRelease, {
        input: {
          id: event.params.id,
          version: Number(form.get('version')),
          permits: level(str(form, 'permits')),
          signedOn: day(str(form, 'signedOn')),
          embargoUntil: day(str(form, 'embargoUntil')),
          restrictions: str(form, 'restrictions'),
          documentKey: str(form, 'documentKey'),
          documentName: str(form, 'documentName'),
        },
      });
    } catch (err) {
      return actionFailure(err, { section: 'release' });
    }
    return { section: 'release', saved: true };
  },
  details: async (event) => {
    requireStaff(event);
    const form = await event.request.formData();
    const title = localized(form, 'title');
    if (!hasAny(title)) return fail(400, { section: 'details', problem: null, missingTitle: true });
    try {
      await execute(event, Update, {
        input: {
          id: event.params.id,
          version: Number(form.get('version')),
          title,
          summary: localized(form, 'summary'),
          languages: codes(str(form, 'languages')),
          recordedOn: day(str(form, 'recordedOn')),
          place: str(form, 'place') ?? null,
          tagIds: all(form, 'tagIds'),
        },
      });
    } catch (err) {
      return actionFailure(err, { section: 'details' });
    }
    return { section: 'details', saved: true };
  },
  status: async (event) => {
    requireStaff(event);
    const form = await event.request.formData();
    const status = str(form, 'status');
    const next = status === 'published' || status === 'in_review' ? status : 'draft';
    try {
      await execute(event, SetStatus, { input: { id: event.params.id, version: Number(form.get('version')), status: next } });
    } catch (err) {
      return actionFailure(err, { section: 'workflow' });
    }
    return { section: 'workflow', saved: true };
  },
  access: async (event) => {
    requireStaff(event);
    const form = await event.request.formData();
    try {
      await execute(event, SetAccess, { input: { id: event.params.id, version: Number(form.get('version')), accessLevel: level(str(form, 'accessLevel')) } });
    } catch (err) {
      return actionFailure(err, { section: 'workflow' });
    }
    return { section: 'workflow', saved: true };
  },
  withdraw: async (event) => {
    requireStaff(event);
    const form = await event.request.formData();
    const reason = str(form, 'reason');
    if (!reason) return fail(400, { section: 'workflow', problem: null, missingReason: true });
    try {
      await execute(event, Withdraw, { input: { id: event.params.id, version: Number(form.get('version')), reason } });
    } catch (err) {
      return actionFailure(err, { section: 'workflow' });
    }
    return { section: 'workflow', saved: true };
  },
  retry: async (event) => {
    requireStaff(event);
    const id = String((await event.request.formData()).get('jobId') ?? '');
    try {
      await execute(event, Retry, { id });
    } catch (err) {
      return actionFailure(err, { section: 'pipeline' });
    }
    return { section: 'pipeline', retried: id };
  },
};
