import { describe, expect, it } from 'vitest';
import webvtt from 'webvtt-parser';
import { FormatError } from '../../../shared/formats/model.js';
import { parseVtt, writeVtt } from '../../../shared/formats/vtt.js';
import { segments, KAZAKH_LETTERS } from './samples.js';

function formatError(run: () => unknown): FormatError {
  try {
    run();
  } catch (e) {
    if (e instanceof FormatError) return e;
    throw e;
  }
  throw new Error('expected a FormatError');
}

const RICH = [
  '\uFEFFWEBVTT - demo (invented)',
  'Kind: captions',
  'Language: kk',
  '',
  'NOTE this file is invented',
  'and the note runs over two lines',
  '',
  'STYLE',
  '::cue { color: yellow }',
  '',
  'REGION',
  'id:fred width:40%',
  '',
  'intro-1',
  '00:01.000 --> 00:04.250 align:start position:10%',
  '<v.loud Айгүл Сәрсенова>Біз <i>Алматыға</i> <c.yellow>1941</c> жылы келдік.</v>',
  '',
  '00:00:04.250 --> 00:00:09.500',
  '<v Интервьюер>А потом?',
  'Расскажите &amp; про &lt;школу&gt;&nbsp;&#1241;&#x4E2D; <lang en>ok</lang> <00:00:05.000>x',
  '',
  '3',
  '01:00:00.000 --> 01:01:01.500',
  'No speaker &lrm;here',
  '',
].join('\r\n');

describe('parseVtt', () => {
  it('reads header, ids, settings, blocks, voices, tags and entities (BOM and CRLF)', () => {
    expect(parseVtt(RICH)).toEqual([
      { start: 1, end: 4.25, speaker: 'Айгүл Сәрсенова', text: 'Біз Алматыға 1941 жылы келдік.' },
      { start: 4.25, end: 9.5, speaker: 'Интервьюер', text: 'А потом?\nРасскажите & про <школу>\u00a0ә中 ok x' },
      { start: 3600, end: 3661.5, speaker: null, text: 'No speaker \u200ehere' },
    ]);
  });

  it('decodes entities in the voice annotation and keeps a lone "<" as text', () => {
    const vtt = 'WEBVTT\n\n00:00.000 --> 00:01.000\n<v Tom &amp; Jerry>a < b\n';
    expect(parseVtt(vtt)).toEqual([{ start: 0, end: 1, speaker: 'Tom & Jerry', text: 'a < b' }]);
  });

  it('keeps an unescaped "-->" in text, as ffmpeg writes it, when the line is no timing line', () => {
    const vtt = 'WEBVTT\n\n00:00.000 --> 00:01.000\nA --> B\n';
    expect(parseVtt(vtt)).toEqual([{ start: 0, end: 1, speaker: null, text: 'A --> B' }]);
  });

  it('keeps overlapping cues (crosstalk) as they are', () => {
    const vtt = 'WEBVTT\n\n00:00.000 --> 00:05.000\n<v A>one\n\n00:03.000 --> 00:04.000\n<v B>two\n';
    expect(parseVtt(vtt).map((s) => [s.start, s.end, s.speaker])).toEqual([
      [0, 5, 'A'],
      [3, 4, 'B'],
    ]);
  });
});

describe('writeVtt', () => {
  it('writes speakers as <v Name> and escapes &, < and >', () => {
    const out = writeVtt(segments);
    expect(out.startsWith('WEBVTT\n\n1\n00:00:00.000 --> 00:00:04.250\n<v Айгүл Сәрсенова>Біз Алматыға')).toBe(true);
    expect(out).toContain('Расскажите &amp; про &lt;школу&gt;.');
    expect(out).toContain('a &lt; b &amp;&amp; c &gt; d, 5 &gt; 3 --&gt; arrow');
    expect(out).toContain('00:00:20.000 --> 01:01:01.500');
    expect(out.split('\n').filter((l) => l.includes('-->'))).toHaveLength(segments.length);
    expect(writeVtt([{ start: 0, end: 1, speaker: 'A<B>&C', text: 'x' }])).toContain('<v A&lt;B&gt;&amp;C>x');
  });

  it('round-trips segments, including Kazakh, Uyghur, speakers and markup characters', () => {
    expect(parseVtt(writeVtt(segments))).toEqual(segments);
    expect(parseVtt(writeVtt(segments))[2]!.text).toContain(KAZAKH_LETTERS);
  });

  it('VTT → segments → VTT → segments gives the same segments', () => {
    const first = parseVtt(RICH);
    const written = writeVtt(first);
    expect(parseVtt(written)).toEqual(first);
    expect(writeVtt(parseVtt(written))).toBe(written);
  });

  it('passes the W3C webvtt-parser validator with no errors', () => {
    const out = writeVtt(segments);
    const tree = new webvtt.WebVTTParser().parse(out, 'metadata');
    expect(tree.errors).toEqual([]);
    expect(tree.cues.map((c) => [c.startTime, c.endTime])).toEqual(segments.map((s) => [s.start, s.end]));
  });

  it('sorts cues by start and drops blank lines that would end a cue early', () => {
    const out = writeVtt([
      { start: 5, end: 6, speaker: null, text: 'second' },
      { start: 1, end: 2, speaker: null, text: 'first\n\n   \nstill first' },
    ]);
    expect(parseVtt(out)).toEqual([
      { start: 1, end: 2, speaker: null, text: 'first\nstill first' },
      { start: 5, end: 6, speaker: null, text: 'second' },
    ]);
  });

  it('refuses segments that do not last', () => {
    expect(() => writeVtt([{ start: 2, end: 1, text: 'x' }])).toThrow(/segment 1: end 00:00:01.000 is not after start 00:00:02.000/);
    expect(() => writeVtt([{ start: 1, end: 1.0001, text: 'x' }])).toThrow(RangeError);
  });
});

describe('parseVtt errors name the line and the fix', () => {
  it('missing WEBVTT header → line 1', () => {
    const e = formatError(() => parseVtt('00:00.000 --> 00:01.000\nhello\n'));
    expect(e.line).toBe(1);
    expect(e.message).toMatch(/^line 1: missing "WEBVTT" header/);
    expect(formatError(() => parseVtt('WEBVTTX\n')).line).toBe(1);
    expect(formatError(() => parseVtt('')).line).toBe(1);
  });

  it('bad timestamp → its line', () => {
    const e = formatError(() => parseVtt('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n00:00:03.000 --> 00:1:04.000\nbad\n'));
    expect(e.line).toBe(6);
    expect(e.message).toBe('line 6: bad end time "00:1:04.000": write hh:mm:ss.ttt or mm:ss.ttt (e.g. 00:01:05.000)');
  });

  it('end before start → the timing line, with both times', () => {
    const lines = ['WEBVTT', ''];
    for (let k = 0; k < 3; k++) lines.push(`00:00:0${k}.000 --> 00:00:0${k}.500`, `cue ${k}`, '');
    lines.push('cue-x', '00:01:05.000 --> 00:01:02.000', 'reversed', '');
    const e = formatError(() => parseVtt(lines.join('\n')));
    expect(e.message).toBe('line 13: end time 00:01:02.000 is before start 00:01:05.000');
    expect(e.line).toBe(13);
  });

  it('a cue that starts before the previous one → its line', () => {
    const e = formatError(() => parseVtt('WEBVTT\n\n00:00:05.000 --> 00:00:06.000\na\n\n00:00:01.000 --> 00:00:02.000\nb\n'));
    expect(e.line).toBe(6);
    expect(e.detail).toMatch(/before the previous cue \(00:00:05\.000\); cues must be in time order/);
  });

  it('zero-length cue, missing blank lines, identifier without timing', () => {
    expect(formatError(() => parseVtt('WEBVTT\n\n00:00:05.000 --> 00:00:05.000\na\n')).line).toBe(3);
    expect(formatError(() => parseVtt('WEBVTT\n00:00:05.000 --> 00:00:06.000\na\n')).line).toBe(2);
    const glued = formatError(() => parseVtt('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\na\n00:00:03.000 --> 00:00:04.000\nb\n'));
    expect(glued.line).toBe(5);
    expect(glued.detail).toBe('a cue timing line inside cue text: add a blank line before this cue');
    const noTiming = formatError(() => parseVtt('WEBVTT\n\nsome id\njust text\n'));
    expect(noTiming.line).toBe(4);
    expect(noTiming.detail).toMatch(/expected a cue timing line/);
    expect(formatError(() => parseVtt('WEBVTT\n\n00:00:01.000 -> 00:00:02.000\na\n')).line).toBe(3);
  });
});
