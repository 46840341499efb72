import { isHttpError, redirect } from '@sveltejs/kit';
import { graphql, TermFields } from '$lib/graphql.js';
import { date, languageName, parseTime } from '$lib/format.js';
import { captionsUrl, playableMedia } from '$lib/media.js';
import { parseRange } from '$lib/share.js';
import { query } from '$lib/server/client.js';
import { MyLessons } from '$lib/server/lessons.js';
import { isTeacher } from '$lib/server/studio.js';
import type { PageServerLoad } from './$types';
export { actions } from './add-to-lesson.server.js';

const Requestable = graphql(`
  query InterviewRequestable($interviewId: ID!) { requestableAccess(interviewId: $interviewId) { level } }
`);

const Interview = graphql(
  `
  query InterviewPage($id: ID!, $transcript: String) {
    interview(id: $id) {
      id
      playbackUrl
      playbackKind
      waveformUrl
      title { kk ru en }
      summary { kk ru en }
      durationSeconds
      languages
      recordedOn
      place
      placeTerm {
        ...TermFields
      }
      interviewers {
        name
      }
      narrators {
        id
        displayName { kk ru en }
        names {
          value
          script
          lang
        }
        birthYear
        birthPlace
        ethnicIdentity
        roles
        ethnicGroups {
          ...TermFields
        }
        biography { kk ru en }
      }
      tags {
        ...TermFields
      }
      indexSegments {
        id
        start
        end
        title { kk ru en }
        synopsis { kk ru en }
        keywords
      }
      transcripts {
        id
        language
      }
      transcript(language: $transcript) {
        id
        language
        status
        segments {
          id
          start
          end
          speaker
          text
        }
      }
      withheldParts {
        partId
        kind
        transcriptId
        start
        end
        requestable
        asked
      }
      updatedAt
    }
  }
`,
  [TermFields],
);

/** Closed to this viewer but open to a wider circle by its release: the "withheld" notice and its request form instead. */
async function withheldOr404(event: Parameters<PageServerLoad>[0], err: unknown): Promise<never> {
  if (!isHttpError(err, 404)) throw err;
  const { requestableAccess } = await query(event, Requestable, { interviewId: event.params.id });
  if (requestableAccess) redirect(303, `/${event.locals.lang}/interviews/${event.params.id}/request-access`);
  throw err;
}

export const load: PageServerLoad = async (event) => {
  const [{ interview }, lessons] = await Promise.all([
    // Which transcript is shown is the API's one rule (transcripts/transcript-choice.ts).
    query(event, Interview, { id: event.params.id, transcript: event.url.searchParams.get('transcript') }).catch((err: unknown) => withheldOr404(event, err)),
    // A signed-in teacher gathers clips into lessons of their own (see AddToLesson.svelte).
    event.locals.session.then((user) => (isTeacher(user) ? query(event, MyLessons).then((r) => r.collections.nodes) : null)),
  ]);
  const transcript = interview.transcript;
  const media = playableMedia(interview);
  const lang = event.locals.lang;
  const range = parseRange(event.url.searchParams, interview.durationSeconds);
  // Marked in place, by time alone; a request link only where a grant could open it (the API's policy says which).
  const mark = (p: (typeof interview.withheldParts)[number]) => ({
    id: p.partId,
    start: p.start,
    end: p.end,
    // Already asked for (by this part or another a grant at the same level would open): their requests page.
    href: p.asked ? `/${lang}/my-requests` : p.requestable ? `/${lang}/interviews/${interview.id}/request-access?part=${p.partId}` : null,
    asked: p.asked,
  });
  const withheld = {
    chapters: interview.withheldParts.filter((p) => p.kind === 'chapter').map(mark),
    passages: interview.withheldParts.filter((p) => p.kind === 'passage' && p.transcriptId === transcript?.id).map(mark),
  };
  const spoken = [...new Set([...interview.languages, ...interview.transcripts.map((t) => t.language)])];
  return {
    // Formatted here, not in the browser: the page hydrates, and a browser's Intl may lack Kazakh
    // data (Debian's Chromium prints "ru" and "2025 M05 14"), which would overwrite the server's text.
    formatted: {
      languages: Object.fromEntries(spoken.map((code) => [code, languageName(code, lang)])) as Record<string, string>,
      recordedOn: date(interview.recordedOn, lang),
    },
    interview,
    transcript,
    withheld,
    media,
    captionsUrl: transcript ? captionsUrl(interview.id, transcript.language) : null,
    // ?t=START&end=END plays only that stretch and stops at its end (lib/share.ts).
    range: range === 'invalid' ? null : range,
    rangeInvalid: range === 'invalid',
    startAt: range && range !== 'invalid' ? range.start : parseTime(event.url.searchParams.get('t')),
    lessons,
    origin: event.url.origin,
  };
};
