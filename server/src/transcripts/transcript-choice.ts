/**
 * The one rule for "which transcript": the GraphQL fields, the VTT/SRT/text/OHMS/IIIF exports, class
 * links and the site's pages all ask these functions, so a captions track labelled Kazakh carries the
 * Kazakh text, and the page, the embed and the export of one interview show the same transcript.
 * Pure functions: the callers read the documents and have already checked the viewer may see the
 * interview.
 */
import type { Actor } from '../access/actor.js';

interface Choosable {
  language: string;
}
interface OfInterview {
  languages?: readonly string[] | null;
}

/**
 * The order transcripts are offered in: the interview's spoken languages as catalogued (the first is
 * the main one), then any other language alphabetically.
 */
export function transcriptOrder<T extends Choosable>(interview: OfInterview, transcripts: readonly T[]): T[] {
  const spoken = interview.languages ?? [];
  const position = (t: T) => {
    const i = spoken.indexOf(t.language);
    return i < 0 ? spoken.length : i;
  };
  return [...transcripts].sort((a, b) => position(a) - position(b) || a.language.localeCompare(b.language));
}

/** The transcripts this viewer may read, in the order of transcriptOrder. */
export function readableTranscripts<T extends Choosable>(_actor: Actor, interview: OfInterview, transcripts: readonly T[]): T[] {
  return transcriptOrder(interview, transcripts);
}

/**
 * The transcript shown to this viewer: the one in `requested` if there is one they may read; else,
 * unless `exact` (an export or captions URL that names its language must never answer in another),
 * the first in transcriptOrder. null when there is none to show.
 */
export function chooseTranscript<T extends Choosable>(
  actor: Actor,
  interview: OfInterview,
  transcripts: readonly T[],
  requested?: string | null,
  { exact = false }: { exact?: boolean } = {},
): T | null {
  const readable = readableTranscripts(actor, interview, transcripts);
  if (requested) {
    const match = readable.find((t) => t.language === requested);
    if (match || exact) return match ?? null;
  }
  return readable[0] ?? null;
}
