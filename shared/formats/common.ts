/** Small helpers shared by the text formats: line splitting, time-order checks, speaker labels. */
import { FormatError, type TranscriptSegment } from './model.js';
import { formatVttTime, roundSeconds } from './timecode.js';

/**
 * Splits input into lines the way editors and OSes produce them: a UTF-8 BOM is dropped (Windows
 * Notepad adds one) and CRLF / CR endings count as one break, so line numbers match what a text
 * editor shows.
 */
export function splitLines(input: string): string[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  return text.split(/\r\n|\r|\n/);
}

/** Whitespace-only lines separate blocks too: they are invisible to the person who typed them. */
export function isBlank(line: string | undefined): boolean {
  return line === undefined || line.trim() === '';
}

/** Shortens a line for quoting in an error message. */
export function quote(text: string, max = 40): string {
  const t = text.trim();
  return JSON.stringify(t.length > max ? `${t.slice(0, max)}…` : t);
}

/**
 * Checks one parsed cue against the rules every timed format here shares, throwing a FormatError at
 * `line`: the end must come after the start, and cues must not go back in time (a start earlier
 * than the previous cue's start is almost always a typo in a timestamp). Overlap itself is allowed:
 * people interrupt each other, and WebVTT and SRT both permit overlapping cues.
 */
export function checkCueTimes(
  line: number,
  start: number,
  end: number,
  previousStart: number | null,
  fmt: (s: number) => string = formatVttTime,
): void {
  if (end < start) {
    throw new FormatError(line, `end time ${fmt(end)} is before start ${fmt(start)}`);
  }
  if (end === start) {
    throw new FormatError(line, `end time ${fmt(end)} equals the start; a cue must last longer than 0 ms`);
  }
  if (previousStart !== null && start < previousStart) {
    throw new FormatError(
      line,
      `cue starts at ${fmt(start)}, before the previous cue (${fmt(previousStart)}); cues must be in time order`,
    );
  }
}

/**
 * Validates segments before writing and returns them in start order (stable, so overlapping cues
 * keep their relative order). Writers sort rather than refuse because an editor's list may be
 * reordered by hand, and every format here requires ascending starts.
 */
export function segmentsForWriting(segments: readonly TranscriptSegment[]): TranscriptSegment[] {
  segments.forEach((s, i) => {
    const where = `segment ${i + 1}`;
    if (!Number.isFinite(s.start) || s.start < 0) throw new RangeError(`${where}: start ${s.start} is not a time ≥ 0`);
    if (!Number.isFinite(s.end)) throw new RangeError(`${where}: end ${s.end} is not a time`);
    if (roundSeconds(s.end) <= roundSeconds(s.start)) {
      throw new RangeError(`${where}: end ${formatVttTime(s.end)} is not after start ${formatVttTime(s.start)}`);
    }
  });
  return segments
    .map((s, i) => ({ s, i }))
    .sort((a, b) => roundSeconds(a.s.start) - roundSeconds(b.s.start) || a.i - b.i)
    .map(({ s }) => s);
}

/** A speaker name usable in a single line: no line breaks, trimmed; empty means "no speaker". */
export function cleanSpeaker(speaker: string | null | undefined): string | null {
  const s = (speaker ?? '').replace(/\s+/g, ' ').trim();
  return s === '' ? null : s;
}

/**
 * The "Name: text" convention of plain transcripts. A label is one to four words of letters (any
 * script, so Cyrillic and Arabic names work), digits, dots, apostrophes, hyphens and brackets,
 * starting with a letter, followed by a colon and a space or the end of the line. This is a
 * heuristic: "Он сказал: иди" also matches, which is why callers can switch it off.
 */
// Every part of the pattern is bounded (at most 8 spaces before the colon), so matching costs the
// same on a line of any length: transcript lines are untrusted input (see tests/unit/formats/linear.test.ts).
const LABEL = /^([\p{L}\p{M}][\p{L}\p{M}\p{N}.'’ʼ()\- ]{0,59}?)[ \t]{0,8}:(?:[ \t]|$)/u;

export function splitSpeakerLabel(line: string): { speaker: string; rest: string } | null {
  const m = LABEL.exec(line);
  if (!m) return null;
  const speaker = m[1]!.trim();
  if (speaker.split(/\s+/).length > 4) return null;
  let restStart = m[0].length;
  while (line[restStart] === ' ' || line[restStart] === '\t') restStart++;
  return { speaker, rest: line.slice(restStart) };
}

/**
 * Joins text lines of one cue: trailing spaces and empty lines dropped, as a reader sees it.
 * trimEnd, not /\s+$/: that pattern is tried from every position of a run of spaces, quadratic on
 * an untrusted line (300,000 spaces held the event loop for 30 s).
 */
export function joinTextLines(lines: readonly string[]): string {
  return lines
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .join('\n')
    .trim();
}

/** Text lines for writing: an empty line would end the cue early, so empty lines are dropped. */
export function textLinesForWriting(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
}
