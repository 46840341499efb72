import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../shared/formats/model.js';
import { parseSrt, writeSrt } from '../../../shared/formats/srt.js';
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

const SAMPLE = [
  '\uFEFF5',
  '00:00:01,000 --> 00:00:04,250',
  'Айгүл: <i>Біз</i> Алматыға <font color="#ffff00">1941</font> жылы келдік.',
  '',
  '',
  '9',
  '00:00:04,250 --> 00:00:09,500 X1:10 X2:20 Y1:1 Y2:2',
  '{\\an8}А потом? & <школу>',
  'вторая строка',
  '',
  '10',
  '01:00:00.000 --> 01:01:01,500',
  'ئابدۇللا: مەن ئالمۇتىدا تۇغۇلدۇم',
].join('\r\n');

describe('parseSrt', () => {
  it('ignores cue numbers, strips player formatting, keeps other text literally', () => {
    expect(parseSrt(SAMPLE)).toEqual([
      { start: 1, end: 4.25, speaker: null, text: 'Айгүл: Біз Алматыға 1941 жылы келдік.' },
      { start: 4.25, end: 9.5, speaker: null, text: 'А потом? & <школу>\nвторая строка' },
      { start: 3600, end: 3661.5, speaker: null, text: 'ئابدۇللا: مەن ئالمۇتىدا تۇغۇلدۇم' },
    ]);
  });

  it('reads "Name: text" as the speaker only when asked', () => {
    expect(parseSrt(SAMPLE, { speakerLabels: true }).map((s) => [s.speaker, s.text.split('\n')[0]])).toEqual([
      ['Айгүл', 'Біз Алматыға 1941 жылы келдік.'],
      [null, 'А потом? & <школу>'],
      ['ئابدۇللا', 'مەن ئالمۇتىدا تۇغۇلدۇم'],
    ]);
  });

  it('keeps overlapping cues', () => {
    const srt = '1\n00:00:00,000 --> 00:00:05,000\none\n\n2\n00:00:03,000 --> 00:00:04,000\ntwo\n';
    expect(parseSrt(srt)).toHaveLength(2);
  });
});

describe('writeSrt', () => {
  it('numbers cues 1, 2, 3 …, uses comma milliseconds and "Name: " labels', () => {
    const out = writeSrt(segments);
    expect(out.startsWith('1\n00:00:00,000 --> 00:00:04,250\nАйгүл Сәрсенова: Біз Алматыға 1941 жылы келдік.\n\n2\n')).toBe(true);
    expect(out).toContain('\n5\n00:00:20,000 --> 01:01:01,500\na < b && c > d, 5 > 3 --> arrow\n');
    expect(writeSrt(segments, { speakerLabels: false })).not.toContain('Айгүл Сәрсенова:');
  });

  it('round-trips segments with speakers (labels on both sides), Kazakh, Uyghur, & and <', () => {
    expect(parseSrt(writeSrt(segments), { speakerLabels: true })).toEqual(segments);
  });

  it('SRT → segments → SRT → segments gives the same segments', () => {
    const first = parseSrt(SAMPLE);
    const written = writeSrt(first);
    expect(parseSrt(written)).toEqual(first);
    expect(writeSrt(parseSrt(written))).toBe(written);
  });
});

describe('parseSrt errors name the line and the fix', () => {
  it('garbage in the numbering', () => {
    const e = formatError(() => parseSrt('1\n00:00:01,000 --> 00:00:02,000\na\n\n2x\n00:00:03,000 --> 00:00:04,000\nb\n'));
    expect(e.line).toBe(5);
    expect(e.message).toBe('line 5: expected a cue number (1, 2, 3 …), found "2x"');
  });

  it('a missing number', () => {
    const e = formatError(() => parseSrt('1\n00:00:01,000 --> 00:00:02,000\na\n\n00:00:03,000 --> 00:00:04,000\nb\n'));
    expect(e.line).toBe(5);
    expect(e.detail).toMatch(/missing cue number/);
  });

  it('bad timestamp, end before start, out of order, missing timing', () => {
    expect(formatError(() => parseSrt('1\n00:00:01,00 --> 00:00:02,000\na\n')).message).toBe(
      'line 2: bad start time "00:00:01,00": write hh:mm:ss,ttt (e.g. 00:01:02,000)',
    );
    expect(formatError(() => parseSrt('\n\n7\n00:01:05,000 --> 00:01:02,000\na\n')).message).toBe(
      'line 4: end time 00:01:02,000 is before start 00:01:05,000',
    );
    expect(formatError(() => parseSrt('1\n00:00:05,000 --> 00:00:06,000\na\n\n2\n00:00:01,000 --> 00:00:02,000\nb\n')).line).toBe(6);
    expect(formatError(() => parseSrt('1\nhello\n')).line).toBe(2);
    expect(formatError(() => parseSrt('1\n00:00:01,000 --> 00:00:02,000\na\n2\n00:00:03,000 --> 00:00:04,000\nb\n')).line).toBe(5);
  });
});
