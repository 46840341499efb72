import { isHttpError, redirect } from '@sveltejs/kit';
import { graphql, TermFields } from '$lib/graphql.js';
import type { ResultOf } from 'gql.tada';
import { date, languageName, parseTime } from '$lib/format.js';
import { captionsUrl, playableMedia } from '$lib/media.js';
import { parseRange } from '$lib/share.js';
import { executeBoth, pageError, query } from '$lib/server/client.js';
import { MyLessons } from '$lib/server/lessons.js';
import { sessionOf, sessionUnknown } from '$lib/server/session.js';
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

/**
 * Who is signed in and their lessons, beside the page's query in one request (session.ts, carriesSession).
 * The lessons are asked of every signed-in viewer; only a teacher's are shown.
 */
const Viewer = graphql(`
  query InterviewPageViewer {
    me { id name roles }
    lessons: collections(first: 100, filter: { mine: true, audience: school }) { nodes { id slug status title { kk ru en } updatedAt } }
  }
`);

/** What of the withheld parts this viewer has asked for already: theirs alone, so never in the page's (shared) query. */
const Asked = graphql(`
  query InterviewAsked($id: ID!) { interview(id: $id) { withheldParts { partId asked } } }
`);

type Page = ResultOf<typeof Interview>;
type Lessons = ResultOf<typeof MyLessons>['collections']['nodes'] | null;

/** The page's query and, when signed in, the viewer: in one request where this page answers the session, else beside Me. */
async function pageAndViewer(event: Parameters<PageServerLoad>[0], variables: { id: string; transcript: string | null }): Promise<[Promise<Page>, Promise<Lessons>]> {
  const answer = event.locals.answerSession;
  if (!answer) {
    return [
      query(event, Interview, variables),
      // A signed-in teacher gathers clips into lessons of their own (see AddToLesson.svelte).
      event.locals.session.then((user) => (isTeacher(user) ? query(event, MyLessons).then((r) => r.collections.nodes) : null)),
    ];
  }
  try {
    const [page, viewer] = await executeBoth(event, [Interview, variables], [Viewer, {}]);
    // The viewer's operation failing must not break the page: it shows as to nobody signed in, as when Me fails.
    const session = viewer.status === 'fulfilled' ? sessionOf(viewer.value.me) : sessionUnknown(viewer.reason);
    answer(session);
    const lessons = viewer.status === 'fulfilled' && isTeacher(session.user) ? viewer.value.lessons.nodes : null;
    return [page.status === 'fulfilled' ? Promise.resolve(page.value) : Promise.reject(page.reason).catch(pageError), Promise.resolve(lessons)];
  } catch (err) {
    // The API unreachable: the page fails as it would have, and the layout shows nobody signed in.
    answer(sessionUnknown(err));
    throw err;
  }
}

/** Each withheld part with `asked` for this viewer; asked of the API only when a signed-in viewer could ask for one. */
async function withAsked(event: Parameters<PageServerLoad>[0], interview: Page['interview']) {
  const parts = interview.withheldParts.map((p) => ({ ...p, asked: false }));
  if (!parts.some((p) => p.requestable) || !(await event.locals.session)) return parts;
  const asked = new Set((await query(event, Asked, { id: interview.id })).interview.withheldParts.filter((p) => p.asked).map((p) => p.partId));
  return parts.map((p) => ({ ...p, asked: asked.has(p.partId) }));
}

export const load: PageServerLoad = async (event) => {
  // Which transcript is shown is the API's one rule (transcripts/transcript-choice.ts).
  const [page, mine] = await pageAndViewer(event, { id: event.params.id, transcript: event.url.searchParams.get('transcript') });
  const [{ interview }, lessons] = await Promise.all([page.catch((err: unknown) => withheldOr404(event, err)), mine]);
  const withheldParts = await withAsked(event, interview);
  const transcript = interview.transcript;
  const media = playableMedia(interview);
  const lang = event.locals.lang;
  const range = parseRange(event.url.searchParams, interview.durationSeconds);
  // Marked in place, by time alone; a request link only where a grant could open it (the API's policy says which).
  const mark = (p: (typeof withheldParts)[number]) => ({
    id: p.partId,
    start: p.start,
    end: p.end,
    // Already asked for (by this part or another a grant at the same level would open): their requests page.
    href: p.asked ? `/${lang}/my-requests` : p.requestable ? `/${lang}/interviews/${interview.id}/request-access?part=${p.partId}` : null,
    asked: p.asked,
  });
  const withheld = {
    chapters: withheldParts.filter((p) => p.kind === 'chapter').map(mark),
    passages: withheldParts.filter((p) => p.kind === 'passage' && p.transcriptId === transcript?.id).map(mark),
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
