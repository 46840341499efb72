import { graphql } from '$lib/graphql.js';
import { languageLabel, parseTime } from '$lib/format.js';
import { asPublic, captionsUrl, playableMedia } from '$lib/media.js';
import { query } from '$lib/server/client.js';
import { parseRange } from '$lib/share.js';
import type { PageServerLoad } from './$types';

const EmbedInterview = graphql(`
  query EmbedInterview($id: ID!, $transcript: String) {
    interview(id: $id) {
      id
      playbackUrl
      playbackKind
      title { kk ru en }
      durationSeconds
      narrators {
        id
        displayName { kk ru en }
      }
      transcript(language: $transcript) {
        id
        language
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
    }
  }
`);

export const load: PageServerLoad = async (event) => {
  // Always as the public, never as the visitor: an embed is copied onto other sites and shown to
  // anyone there, so it must show exactly what the public may see. Were the viewer's session used, a
  // signed-in editor previewing an embed would see restricted material in it and take that for what
  // the partner's visitors get (they would get a 404). The hook reads no session on embed paths
  // (hooks.server.ts); token: null makes sure of it here too. See docs/decisions/embedding-and-ranges.md.
  // Which transcript: the API's one rule (transcripts/transcript-choice.ts).
  const variables = { id: event.params.id, transcript: event.url.searchParams.get('transcript') };
  const { interview } = await query(event, EmbedInterview, variables, { token: null });
  const transcript = interview.transcript;
  const parsed = parseRange(event.url.searchParams, interview.durationSeconds);
  const range = parsed === 'invalid' ? null : parsed;
  // A clip shows only its own part of the transcript.
  const inRange = (s: { start: number; end: number }) => !range || (s.end > range.start && s.start < range.end);
  const segments = (transcript?.segments ?? []).filter(inRange);
  // The public's withheld passages of this transcript, marked where they are (the copy is silent
  // there): a request is made on the archive's page, in a window of its own, never inside the frame.
  const lang = event.locals.lang;
  const withheld = interview.withheldParts
    .filter((p) => p.kind === 'passage' && p.transcriptId === transcript?.id && inRange(p))
    .map((p) => ({
      id: p.partId,
      start: p.start,
      end: p.end,
      href: p.requestable ? `${event.url.origin}/${lang}/interviews/${interview.id}/request-access?part=${p.partId}` : null,
      asked: false,
      newWindow: true,
    }));
  return {
    interview: { id: interview.id, title: interview.title, narrators: interview.narrators, durationSeconds: interview.durationSeconds },
    transcript: transcript ? { language: transcript.language, label: languageLabel(transcript.language, lang), segments } : null,
    withheld,
    // The public's copy and captions, even for a signed-in visitor whose cookie reaches those routes.
    media: playableMedia({ ...interview, playbackUrl: interview.playbackUrl ? asPublic(interview.playbackUrl) : null }),
    captionsUrl: transcript ? asPublic(captionsUrl(interview.id, transcript.language)) : null,
    range,
    startAt: range?.start ?? parseTime(event.url.searchParams.get('t')),
    origin: event.url.origin,
  };
};
