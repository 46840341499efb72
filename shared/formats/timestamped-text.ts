/**
 * Plain transcripts with time marks, as typists and OHMS write them:
 *
 *     [00:01:05] Айгүл: Біз Алматыға 1941 жылы келдік.
 *     [1:12] Interviewer: And then?
 *
 * A mark starts a segment and the next mark ends it, so marks may also sit mid-line (OHMS puts them
 * at the word heard on the minute). A mark with no text after it closes the previous segment
 * without opening one: that is how a pause is written, and how the writer keeps segment ends exact.
 * The last segment ends at a closing mark, else at `duration`, else `lastSegmentSeconds` after its
 * start.
 *
 * The format has no end times, so overlapping segments cannot be written: an earlier segment's end
 * becomes the next one's start. Text lines that themselves begin with "[12:34]" would be read as marks.
 */
import { FormatError, type TranscriptSegment } from './model.js';
import { cleanSpeaker, isBlank, segmentsForWriting, splitLines, splitSpeakerLabel, textLinesForWriting } from './common.js';
import { formatClock, parseLooseClock, toMillis } from './timecode.js';

export interface TimestampedTextOptions {
  /** Length of the recording in seconds; the last segment ends there when no closing mark follows it. */
  duration?: number | null;
  /** Length of the last segment when there is neither a closing mark nor a duration (default 5 s). */
  lastSegmentSeconds?: number;
  /** Read "Name: " after a mark as the speaker (default true). */
  speakerLabels?: boolean;
  /**
   * Text before the first mark: 'error' (default; a transcript should start with a mark) or
   * 'fromZero', which starts it at 0:00 — OHMS transcripts place the first mark at the first interval.
   */
  leadingText?: 'error' | 'fromZero';
}

// Anything in square brackets that starts like a clock is taken as a mark, so "[00:61:00]" is
// reported as a bad mark instead of passing as text. "[1]" footnotes and "[laughs]" stay text.
const MARK = /\[(\d+:[\d:.,]*)\]/g;

interface Open {
  start: number;
  mark: string;
  line: number;
  speaker: string | null;
  lines: string[];
}

export function parseTimestampedText(input: string, options: TimestampedTextOptions = {}): TranscriptSegment[] {
  const { duration = null, lastSegmentSeconds = 5, speakerLabels = true, leadingText = 'error' } = options;
  const segments: TranscriptSegment[] = [];
  let open: Open | null = null;
  let last: { time: number; mark: string; line: number } | null = null;

  const addText = (raw: string, lineNo: number) => {
    if (isBlank(raw)) return;
    if (open === null) {
      if (leadingText === 'error') {
        throw new FormatError(lineNo, 'text before the first time mark: start the transcript with a mark such as [00:00:00]');
      }
      open = { start: 0, mark: '[0:00]', line: lineNo, speaker: null, lines: [] };
    }
    let text = raw.trim();
    if (speakerLabels && open.lines.length === 0 && open.speaker === null) {
      const label = splitSpeakerLabel(text);
      if (label) {
        open.speaker = label.speaker;
        text = label.rest.trim();
        if (text === '') return;
      }
    }
    open.lines.push(text);
  };

  const close = (end: number): string[] => {
    if (open === null) return [];
    if (open.start === end) return open.lines; // leading text at 0:00 followed by a [0:00] mark: same segment
    if (open.lines.length > 0 || open.speaker !== null) {
      segments.push({ start: open.start, end, speaker: open.speaker, text: open.lines.join('\n') });
    }
    return [];
  };

  splitLines(input).forEach((line, index) => {
    const lineNo = index + 1;
    let pos = 0;
    for (const m of line.matchAll(MARK)) {
      addText(line.slice(pos, m.index), lineNo);
      const time = parseLooseClock(m[1]!);
      if (time === null) {
        throw new FormatError(lineNo, `bad time mark ${m[0]}: write [hh:mm:ss], [mm:ss] or [hh:mm:ss.ttt]`);
      }
      if (last !== null && time <= last.time) {
        throw new FormatError(
          lineNo,
          `time mark ${m[0]} is not after the previous mark ${last.mark} (line ${last.line}); marks must go forward in time`,
        );
      }
      const carried = close(time);
      open = { start: time, mark: m[0], line: lineNo, speaker: null, lines: carried };
      last = { time, mark: m[0], line: lineNo };
      pos = m.index + m[0].length;
    }
    addText(line.slice(pos), lineNo);
  });

  const tail = open as Open | null;
  if (tail !== null && (tail.lines.length > 0 || tail.speaker !== null)) {
    if (duration !== null && toMillis(duration) <= toMillis(tail.start)) {
      throw new FormatError(
        tail.line,
        `time mark ${tail.mark} is at or after the end of the recording (${formatClock(duration)}); check the mark or the duration`,
      );
    }
    close(duration ?? tail.start + lastSegmentSeconds);
  }
  return segments;
}

/** [hh:mm:ss], with ".ttt" only when the time is not on a whole second. */
export function formatMark(seconds: number): string {
  return `[${formatClock(seconds, { fraction: '.', alwaysMillis: false })}]`;
}

export interface WriteTimestampedTextOptions {
  /** Write the speaker as "Name: " after the mark (default true). */
  speakerLabels?: boolean;
}

export function writeTimestampedText(
  segments: readonly TranscriptSegment[],
  options: WriteTimestampedTextOptions = {},
): string {
  const labels = options.speakerLabels ?? true;
  const sorted = segmentsForWriting(segments);
  const out: string[] = [];
  sorted.forEach((s, k) => {
    const previous = sorted[k - 1];
    // A pause between segments is written as a lone closing mark, so the previous end survives.
    if (previous && toMillis(previous.end) < toMillis(s.start)) out.push(formatMark(previous.end));
    const lines = textLinesForWriting(s.text);
    const speaker = labels ? cleanSpeaker(s.speaker) : null;
    const head = [formatMark(s.start), speaker === null ? '' : `${speaker}:`, lines[0] ?? ''].filter((p) => p !== '');
    out.push(head.join(' '), ...lines.slice(1));
  });
  const final = sorted[sorted.length - 1];
  if (final) out.push(formatMark(final.end));
  return out.length === 0 ? '' : out.join('\n') + '\n';
}
