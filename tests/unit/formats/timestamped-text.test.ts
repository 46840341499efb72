import { describe, expect, it } from 'vitest';
import { FormatError, type TranscriptSegment } from '../../../shared/formats/model.js';
import { parseTimestampedText, writeTimestampedText } from '../../../shared/formats/timestamped-text.js';
import { segments } from './samples.js';

function formatError(run: () => unknown): FormatError {
  try {
    run();
  } catch (e) {
    if (e instanceof FormatError) return e;
    throw e;
  }
  throw new Error('expected a FormatError');
}

const TEXT = [
  '[00:01:05] Айгүл Сәрсенова: Біз Алматыға 1941 жылы келдік.',
  'Әкем теміржолда істеді.',
  '',
  '[1:20] Интервьюер: А потом?',
  '[01:30] ئابدۇللا: مەن ئالمۇتىدا تۇغۇلدۇم [01:35.5] and so on [laughs] [1] footnote',
].join('\n');

describe('parseTimestampedText', () => {
  it('reads marks, speakers, continuation lines and marks inside a line', () => {
    expect(parseTimestampedText(TEXT, { duration: 120 })).toEqual([
      { start: 65, end: 80, speaker: 'Айгүл Сәрсенова', text: 'Біз Алматыға 1941 жылы келдік.\nӘкем теміржолда істеді.' },
      { start: 80, end: 90, speaker: 'Интервьюер', text: 'А потом?' },
      { start: 90, end: 95.5, speaker: 'ئابدۇللا', text: 'مەن ئالمۇتىدا تۇغۇلدۇم' },
      { start: 95.5, end: 120, speaker: null, text: 'and so on [laughs] [1] footnote' },
    ]);
  });

  it('ends the last segment at the duration, else after lastSegmentSeconds', () => {
    expect(parseTimestampedText('[0:10] a', { duration: 30 })[0]!.end).toBe(30);
    expect(parseTimestampedText('[0:10] a')[0]!.end).toBe(15);
    expect(parseTimestampedText('[0:10] a', { lastSegmentSeconds: 2.5 })[0]!.end).toBe(12.5);
  });

  it('treats a mark with no text as the end of the previous segment (a pause)', () => {
    expect(parseTimestampedText('[0:01] a\n[0:03]\n[0:10] b\n[0:12]\n', { duration: 60 })).toEqual([
      { start: 1, end: 3, speaker: null, text: 'a' },
      { start: 10, end: 12, speaker: null, text: 'b' },
    ]);
  });

  it('can leave "Name:" alone and can start leading text at zero', () => {
    expect(parseTimestampedText('[0:01] Note: x', { speakerLabels: false })[0]).toMatchObject({ speaker: null, text: 'Note: x' });
    expect(parseTimestampedText('BEAM: --during Prohibition. Then, [00:01:00] when', { leadingText: 'fromZero', duration: 90 })).toEqual([
      { start: 0, end: 60, speaker: 'BEAM', text: '--during Prohibition. Then,' },
      { start: 60, end: 90, speaker: null, text: 'when' },
    ]);
  });
});

describe('writeTimestampedText', () => {
  it('writes [hh:mm:ss] marks, milliseconds only when needed, and closing marks for pauses and the end', () => {
    const out = writeTimestampedText(segments);
    expect(out.split('\n').slice(0, 5)).toEqual([
      '[00:00:00] Айгүл Сәрсенова: Біз Алматыға 1941 жылы келдік.',
      '[00:00:04.250] Интервьюер: А потом? Расскажите & про <школу>.',
      '[00:00:09.500]',
      '[00:00:10] Айгүл Сәрсенова: Әріптер: ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І',
      'екінші жол',
    ]);
    expect(out.trimEnd().split('\n').at(-1)).toBe('[01:01:01.500]');
  });

  it('round-trips segments exactly, including a pause and the last end', () => {
    expect(parseTimestampedText(writeTimestampedText(segments))).toEqual(segments);
  });

  it('text → segments → text → segments gives the same segments', () => {
    const first = parseTimestampedText(TEXT, { duration: 120 });
    const written = writeTimestampedText(first);
    expect(parseTimestampedText(written)).toEqual(first);
    expect(writeTimestampedText(parseTimestampedText(written))).toBe(written);
  });

  it('cannot keep an overlapped end: the next start wins', () => {
    const overlapping: TranscriptSegment[] = [
      { start: 0, end: 5, speaker: 'A', text: 'one' },
      { start: 3, end: 4, speaker: 'B', text: 'two' },
    ];
    expect(parseTimestampedText(writeTimestampedText(overlapping)).map((s) => [s.start, s.end])).toEqual([
      [0, 3],
      [3, 4],
    ]);
  });
});

describe('parseTimestampedText errors name the line and the fix', () => {
  it('a mark out of order', () => {
    const e = formatError(() => parseTimestampedText('[00:02:00] a\n\n[00:01:00] b\n'));
    expect(e.line).toBe(3);
    expect(e.message).toBe('line 3: time mark [00:01:00] is not after the previous mark [00:02:00] (line 1); marks must go forward in time');
    expect(formatError(() => parseTimestampedText('[0:05] a [0:05] b')).line).toBe(1);
  });

  it('a bad mark, text before the first mark, a mark past the end', () => {
    expect(formatError(() => parseTimestampedText('[0:01] a\n[00:61:00] b')).message).toBe(
      'line 2: bad time mark [00:61:00]: write [hh:mm:ss], [mm:ss] or [hh:mm:ss.ttt]',
    );
    expect(formatError(() => parseTimestampedText('\nIntroduction\n[0:01] a')).line).toBe(2);
    const late = formatError(() => parseTimestampedText('[0:01] a\n[2:00] b', { duration: 100 }));
    expect(late.line).toBe(2);
    expect(late.detail).toMatch(/after the end of the recording \(00:01:40\.000\)/);
  });
});
