import { graphql } from '$lib/graphql.js';
import { execute, query } from '$lib/server/client.js';
import { languageName } from '$lib/format.js';
import { isEditor, requireStaff, when } from '$lib/server/studio.js';
import type { PageServerLoad } from './$types';

const Transcript = graphql(`
  query StudioTranscript($id: ID!) {
    transcript(id: $id) {
      id
      interviewId
      language
      status
      version
      segments { id start end speaker text silencedFor }
      revisions(first: 30) { nodes { id version at summary by { name } } }
    }
  }
`);

const Interview = graphql(`
  query StudioTranscriptInterview($id: ID!) {
    interview(id: $id) { id title { kk ru en } }
  }
`);
// Null until an access copy is ready; asked separately so an error there never hides the editor.
const Playback = graphql(`
  query StudioPlayback($id: ID!) { interview(id: $id) { playbackUrl } }
`);

export const load: PageServerLoad = async (event) => {
  const user = requireStaff(event);
  event.depends('studio:transcript');
  const { transcript } = await query(event, Transcript, { id: event.params.id });
  const [{ interview }, playbackUrl] = await Promise.all([
    query(event, Interview, { id: transcript.interviewId }),
    execute(event, Playback, { id: transcript.interviewId }).then(
      ({ data }) => data.interview.playbackUrl,
      () => null,
    ),
  ]);
  const lang = event.locals.lang;
  // Formatted here: a browser without Kazakh locale data would re-render them in English on hydration.
  const languageLabel = languageName(transcript.language, lang);
  const revisions = transcript.revisions.nodes.map((r) => ({ ...r, when: when(r.at, lang) }));
  return { transcript, revisions, languageLabel, interview, playbackUrl, editor: isEditor(user) };
};
