import { graphql, TermFields } from '$lib/graphql.js';
import { date, languageName, parseTime } from '$lib/format.js';
import { playableMedia } from '$lib/media.js';
import { parseRange } from '$lib/share.js';
import { query } from '$lib/server/client.js';
import type { PageServerLoad } from './$types';

const Interview = graphql(
  `
  query InterviewPage($id: ID!) {
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
        status
        segments {
          id
          start
          end
          speaker
          text
        }
      }
      updatedAt
    }
  }
`,
  [TermFields],
);

export const load: PageServerLoad = async (event) => {
  const { interview } = await query(event, Interview, { id: event.params.id });
  const wanted = event.url.searchParams.get('transcript');
  const transcript = interview.transcripts.find((t) => t.language === wanted) ?? interview.transcripts[0] ?? null;
  const media = playableMedia(interview);
  const lang = event.locals.lang;
  const range = parseRange(event.url.searchParams, interview.durationSeconds);
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
    media,
    captionsUrl: `/api/interviews/${interview.id}/transcript.vtt`,
    // ?t=START&end=END plays only that stretch and stops at its end (lib/share.ts).
    range: range === 'invalid' ? null : range,
    rangeInvalid: range === 'invalid',
    startAt: range && range !== 'invalid' ? range.start : parseTime(event.url.searchParams.get('t')),
    origin: event.url.origin,
  };
};
