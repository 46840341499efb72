/**
 * WebVTT (https://www.w3.org/TR/webvtt1/), the web's caption format and what browsers' <track>
 * plays. Parsing is strict where a mistake would silently misplace text (timestamps, time order)
 * and lenient where nothing is lost (cue settings, unknown tags, one-digit hours).
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
  textLinesForWriting,
} from './common.js';
import { formatVttTime, parseVttTime } from './timecode.js';

// Cue settings after the end time are one [ \t] then anything: "[ \t]+.*" would let the two parts
// share a run of spaces and backtrack quadratically on it.
const TIMING = /^[ \t]*(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t][\s\S]*)?$/;

/**
 * Reads a WebVTT file into segments. NOTE, STYLE and REGION blocks are skipped; cue identifiers and
 * cue settings are accepted and dropped (the model has no place for them). The first `<v Name>`
 * span of a cue gives its speaker; all other markup is removed and character references decoded.
 * Overlapping cues are kept as they are; a cue that starts before the previous one is an error.
 * An unescaped "-->" inside text is kept (see looksLikeTiming).
 */
export function parseVtt(input: string): TranscriptSegment[] {
  const lines = splitLines(input);
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) {
    throw new FormatError(1, 'missing "WEBVTT" header: the file must start with a line that says WEBVTT');
  }
  let i = 1;
  // Header lines (e.g. "Kind: captions") run to the first blank line.
  for (; i < lines.length && !isBlank(lines[i]); i++) {
    if (lines[i]!.includes('-->')) {
      throw new FormatError(i + 1, 'add a blank line between the WEBVTT header and the first cue');
    }
  }

  const segments: TranscriptSegment[] = [];
  let previousStart: number | null = null;
  while (i < lines.length) {
    if (isBlank(lines[i])) {
      i++;
      continue;
    }
    const first = lines[i]!;
    if (/^NOTE(?:[ \t]|$)/.test(first) || /^(?:STYLE|REGION)[ \t]*$/.test(first)) {
      while (i < lines.length && !isBlank(lines[i])) i++;
      continue;
    }

    let timingIndex = i;
    if (!first.includes('-->') && /^\s*\d+:\d\d[:.]/.test(first)) {
      // Starts like a timestamp but has no "-->": a broken timing line, not a cue identifier.
      throw new FormatError(i + 1, 'malformed cue timing: write "start --> end" with a space on each side of -->');
    }
    if (!first.includes('-->')) {
      // A cue identifier; the timing line must follow right under it.
      timingIndex = i + 1;
      const next = lines[timingIndex];
      if (isBlank(next) || !next!.includes('-->')) {
        const at = isBlank(next) ? i + 1 : timingIndex + 1;
        throw new FormatError(
          at,
          `expected a cue timing line like "00:00:01.000 --> 00:00:04.000"` +
            (isBlank(next) ? ` after ${quote(first)}` : `, found ${quote(next!)}`),
        );
      }
    }

    const lineNo = timingIndex + 1;
    const timing = TIMING.exec(lines[timingIndex]!);
    if (!timing) {
      throw new FormatError(lineNo, 'malformed cue timing: write "start --> end" with a space on each side of -->');
    }
    const start = parseVttTime(timing[1]!);
    if (start === null) {
      throw new FormatError(lineNo, `bad start time ${quote(timing[1]!)}: write hh:mm:ss.ttt or mm:ss.ttt (e.g. 00:01:02.000)`);
    }
    const end = parseVttTime(timing[2]!);
    if (end === null) {
      throw new FormatError(lineNo, `bad end time ${quote(timing[2]!)}: write hh:mm:ss.ttt or mm:ss.ttt (e.g. 00:01:05.000)`);
    }
    checkCueTimes(lineNo, start, end, previousStart);
    previousStart = start;

    const payload: string[] = [];
    for (i = timingIndex + 1; i < lines.length && !isBlank(lines[i]); i++) {
      if (looksLikeTiming(lines[i]!)) {
        throw new FormatError(i + 1, 'a cue timing line inside cue text: add a blank line before this cue');
      }
      payload.push(lines[i]!);
    }
    const { speaker, text } = parseCueText(payload.join('\n'));
    segments.push({ start, end, speaker, text });
  }
  return segments;
}

/**
 * Only a line that reads as a whole timing line ends a cue here. The spec ends the cue at any line
 * with "-->" and drops the rest as a broken cue, but ffmpeg's WebVTT writer leaves "-->" in text
 * unescaped, and keeping that text beats losing or refusing it.
 */
function looksLikeTiming(line: string): boolean {
  const m = TIMING.exec(line);
  return m !== null && parseVttTime(m[1]!) !== null && parseVttTime(m[2]!) !== null;
}

/**
 * Cue payload → plain text. Per the WebVTT cue-text rules a "<" opens a tag that runs to ">"; a "<"
 * with no ">" after it cannot be a tag, so it is kept as text rather than losing the rest of the cue.
 */
export function parseCueText(payload: string): { speaker: string | null; text: string } {
  let speaker: string | null = null;
  let out = '';
  let pos = 0;
  while (pos < payload.length) {
    const lt = payload.indexOf('<', pos);
    const gt = lt === -1 ? -1 : payload.indexOf('>', lt);
    if (lt === -1 || gt === -1) {
      out += decodeEntities(payload.slice(pos));
      break;
    }
    out += decodeEntities(payload.slice(pos, lt));
    const tag = payload.slice(lt + 1, gt);
    // <v Name>, <v.class Name>: the annotation after the first whitespace is the speaker.
    const voice = /^v(?:\.[^\s]*)?\s+([\s\S]*)$/.exec(tag);
    if (voice && speaker === null) speaker = cleanSpeaker(decodeEntities(voice[1]!));
    pos = gt + 1;
  }
  return { speaker, text: joinTextLines(out.split('\n')) };
}

// The named references WebVTT cue text uses in practice; others stay as written, as the spec says
// for unknown references.
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  lrm: '\u200e',
  rlm: '\u200f',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d+)|#[xX]([0-9a-fA-F]+)|([A-Za-z][A-Za-z0-9]*));/g, (all, dec, hex, name) => {
    if (name !== undefined) return NAMED[name as string] ?? all;
    const code = dec !== undefined ? Number(dec) : parseInt(hex as string, 16);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : all;
  });
}

/** Escapes what WebVTT cue text cannot hold literally: "&", "<" and ">" (so "-->" can't appear). */
export function escapeCueText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Writes segments as WebVTT: numbered cues, hh:mm:ss.ttt times, the speaker as a `<v Name>` span.
 * Segments are sorted by start; empty lines inside a segment's text are dropped because a blank
 * line ends a cue.
 */
export function writeVtt(segments: readonly TranscriptSegment[]): string {
  const blocks = segmentsForWriting(segments).map((s, n) => {
    const speaker = cleanSpeaker(s.speaker);
    const lines = textLinesForWriting(s.text).map(escapeCueText);
    if (speaker !== null) lines[0] = `<v ${escapeCueText(speaker)}>${lines[0] ?? ''}`;
    return [String(n + 1), `${formatVttTime(s.start)} --> ${formatVttTime(s.end)}`, ...lines].join('\n');
  });
  return ['WEBVTT', ...blocks].join('\n\n') + '\n';
}
