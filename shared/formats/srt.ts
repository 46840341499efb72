/**
 * SubRip (.srt): numbered cues with hh:mm:ss,ttt times. SRT has no speaker field and no escaping,
 * so two choices are documented here:
 *
 * - Speakers use the "Name: text" convention. Writing adds the label by default (readers see who
 *   speaks); reading detects it only when asked (`speakerLabels: true`), because "Note: …" or
 *   "Он сказал: …" at the start of a caption would otherwise be taken for a name.
 * - Text is written as is: SRT has no escapes ("&lt;" would be shown literally). "&" and a lone "<"
 *   display as typed, but players treat "<word>" as a tag and hide it (ffmpeg does), a limit of the
 *   format — use WebVTT where such text matters. On reading, the formatting tags players understand
 *   (<i>, <b>, <u>, <s>, <font …>) and ASS overrides ({\an8}) are removed; any other "<" is kept.
 *
 * Cue numbers must be present and be numbers (a garbled number usually means a broken file), but
 * their values are ignored on input and regenerated 1, 2, 3 … on output.
 */
import { FormatError, type TranscriptSegment } from './model.js';
import {
  checkCueTimes,
  cleanSpeaker,
  isBlank,
  joinTextLines,
  quote,
  segmentsForWriting,
  splitLines,
  splitSpeakerLabel,
  textLinesForWriting,
} from './common.js';
import { formatSrtTime, parseSrtTime } from './timecode.js';

export interface SrtOptions {
  /** Read / write speakers as a "Name: " prefix on the first text line. */
  speakerLabels?: boolean;
}

// Cue settings after the end time are one [ \t] then anything: "[ \t]+.*" would let the two parts
// share a run of spaces and backtrack quadratically on it.
const TIMING = /^[ \t]*(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t][\s\S]*)?$/;
// "[^<>]*" rather than "[^>]*": a tag body cannot run past the next "<", so a line of many
// unclosed "<font" is scanned once, not once per "<font".
const FORMATTING = /<\/?(?:i|b|u|s)>|<font\b[^<>]*>|<\/font>|\{\\[^{}]*\}/gi;

export function parseSrt(input: string, options: SrtOptions = {}): TranscriptSegment[] {
  const lines = splitLines(input);
  const segments: TranscriptSegment[] = [];
  let previousStart: number | null = null;
  let i = 0;
  while (i < lines.length) {
    if (isBlank(lines[i])) {
      i++;
      continue;
    }
    const numberLine = lines[i]!;
    if (!/^\s*\d+\s*$/.test(numberLine)) {
      throw new FormatError(
        i + 1,
        numberLine.includes('-->')
          ? 'missing cue number: put a line with the cue number (1, 2, 3 …) above this timing line'
          : `expected a cue number (1, 2, 3 …), found ${quote(numberLine)}`,
      );
    }
    const lineNo = i + 2;
    const timingLine = lines[i + 1];
    const timing = timingLine === undefined ? null : TIMING.exec(timingLine);
    if (!timing) {
      throw new FormatError(lineNo, 'expected a timing line like "00:00:01,000 --> 00:00:04,000" under the cue number');
    }
    const start = parseSrtTime(timing[1]!);
    if (start === null) {
      throw new FormatError(lineNo, `bad start time ${quote(timing[1]!)}: write hh:mm:ss,ttt (e.g. 00:01:02,000)`);
    }
    const end = parseSrtTime(timing[2]!);
    if (end === null) {
      throw new FormatError(lineNo, `bad end time ${quote(timing[2]!)}: write hh:mm:ss,ttt (e.g. 00:01:05,000)`);
    }
    checkCueTimes(lineNo, start, end, previousStart, formatSrtTime);
    previousStart = start;

    const text: string[] = [];
    for (i += 2; i < lines.length && !isBlank(lines[i]); i++) {
      if (looksLikeTiming(lines[i]!)) {
        throw new FormatError(i + 1, 'a timing line inside cue text: add a blank line and a cue number before it');
      }
      text.push(lines[i]!.replace(FORMATTING, ''));
    }
    let speaker: string | null = null;
    if (options.speakerLabels && text.length > 0) {
      const label = splitSpeakerLabel(text[0]!);
      if (label) {
        speaker = label.speaker;
        text[0] = label.rest;
      }
    }
    segments.push({ start, end, speaker, text: joinTextLines(text) });
  }
  return segments;
}

/**
 * SRT cannot escape "-->", so text may contain it; only a line that parses as a whole timing line
 * means a cue's blank line and number were lost.
 */
function looksLikeTiming(line: string): boolean {
  const m = TIMING.exec(line);
  return m !== null && parseSrtTime(m[1]!) !== null && parseSrtTime(m[2]!) !== null;
}

export function writeSrt(segments: readonly TranscriptSegment[], options: SrtOptions = {}): string {
  const labels = options.speakerLabels ?? true;
  return segmentsForWriting(segments)
    .map((s, n) => {
      const lines = textLinesForWriting(s.text);
      const speaker = cleanSpeaker(s.speaker);
      if (labels && speaker !== null) lines[0] = lines[0] === undefined ? `${speaker}:` : `${speaker}: ${lines[0]}`;
      return [String(n + 1), `${formatSrtTime(s.start)} --> ${formatSrtTime(s.end)}`, ...lines].join('\n') + '\n';
    })
    .join('\n');
}
