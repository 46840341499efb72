/**
 * The archive's internal model for timed transcripts and indexes. Every format module in this folder
 * converts to and from these shapes, so a transcript can travel WebVTT → model → OHMS without a
 * format-to-format converter for each pair.
 *
 * Times are seconds as floats, kept to millisecond precision (see timecode.ts): media players and
 * the IIIF `#t=` fragment speak seconds, and milliseconds are the finest unit WebVTT and SRT carry.
 */

export interface TranscriptSegment {
  /** Seconds from the start of the recording. */
  start: number;
  /** Seconds; always greater than `start`. Segments may overlap (two people talking at once). */
  end: number;
  /** Who speaks, as written in the source (`<v Name>`, `Name:`); null when the source does not say. */
  speaker?: string | null;
  /** Plain text, no markup; lines of one cue are joined with "\n". */
  text: string;
}

export interface GeoPoint {
  lat: number;
  lon: number;
}

/** One entry of the interview index (the OHMS "point"): a chapter with its description. */
export interface IndexEntry {
  start: number;
  /** Where the chapter ends; null or absent means "where the next one starts". */
  end?: number | null;
  title: string;
  synopsis?: string;
  keywords: string[];
  subjects?: string[];
  gps?: GeoPoint | null;
  placeLabel?: string | null;
}

/**
 * The interview-level facts that OHMS and IIIF exports carry. Deliberately small: the catalogue
 * record lives elsewhere; this is what a viewer needs to show beside the media.
 */
export interface InterviewMeta {
  id: string;
  title: string;
  /** Optional translations of the title by BCP 47 tag (kk, ru, en …), for multilingual labels. */
  titleTranslations?: Record<string, string>;
  /** People interviewed, each as one display string. */
  narrators: string[];
  interviewers: string[];
  /** ISO 8601 date (yyyy-mm-dd, or yyyy-mm / yyyy when only that is known). */
  date?: string | null;
  /** BCP 47 tags, the main language first. */
  languages: string[];
  /** Seconds. */
  duration?: number | null;
  summary?: string | null;
  /** Human-readable rights / usage statement. */
  rights?: string | null;
  /** Creative Commons or RightsStatements.org URI, when the release maps to one. */
  rightsUri?: string | null;
  accession?: string | null;
  collection?: string | null;
  repository?: string | null;
  mediaUrl?: string | null;
  /** MIME type of the access copy, e.g. audio/mp4. */
  mediaFormat?: string | null;
}

/**
 * Input that cannot be read. `line` is 1-based in the text the caller passed in, and the message
 * starts with it and says what to change, so it can be shown to an editor as is.
 */
export class FormatError extends Error {
  override readonly name = 'FormatError';
  readonly line: number;
  /** The message without the "line N: " prefix. */
  readonly detail: string;

  constructor(line: number, detail: string) {
    super(`line ${line}: ${detail}`);
    this.line = line;
    this.detail = detail;
  }
}
