import { describe, expect, it } from 'vitest';
import {
  formatClock,
  formatSecondsDecimal,
  formatSrtTime,
  formatVttTime,
  parseLooseClock,
  parseSrtTime,
  parseVttTime,
  roundSeconds,
} from '../../../shared/formats/timecode.js';
import { parseVtt, writeVtt } from '../../../shared/formats/vtt.js';
import { parseSrt, writeSrt } from '../../../shared/formats/srt.js';
import type { TranscriptSegment } from '../../../shared/formats/model.js';

describe('time codes', () => {
  it('3661.5 s is 01:01:01.500 and back', () => {
    expect(formatVttTime(3661.5)).toBe('01:01:01.500');
    expect(formatSrtTime(3661.5)).toBe('01:01:01,500');
    expect(parseVttTime('01:01:01.500')).toBe(3661.5);
    expect(parseSrtTime('01:01:01,500')).toBe(3661.5);
  });

  it('reads the short mm:ss.ttt WebVTT form and hours past 99', () => {
    expect(parseVttTime('01:01.500')).toBe(61.5);
    expect(parseVttTime('100:00:00.001')).toBe(360000.001);
    expect(formatVttTime(360000.001)).toBe('100:00:00.001');
  });

  it('rounds to the nearest millisecond, carrying into seconds and minutes', () => {
    expect(formatVttTime(1.0004)).toBe('00:00:01.000');
    expect(formatVttTime(1.0006)).toBe('00:00:01.001');
    expect(formatVttTime(59.9996)).toBe('00:01:00.000');
    expect(roundSeconds(0.1 + 0.2)).toBe(0.3);
  });

  it('rejects what the formats do not allow', () => {
    expect(parseVttTime('00:60:00.000')).toBeNull();
    expect(parseVttTime('00:00:60.000')).toBeNull();
    expect(parseVttTime('1:02.000')).toBeNull();
    expect(parseVttTime('00:01:02.5')).toBeNull();
    expect(parseVttTime('00:01:02,000')).toBeNull();
    expect(parseSrtTime('00:01:02.000')).toBe(62); // a common slip in SRT files, read anyway
    expect(parseSrtTime('00:01:02')).toBeNull();
    expect(() => formatVttTime(-1)).toThrow(RangeError);
    expect(() => formatVttTime(Number.NaN)).toThrow(RangeError);
  });

  it('reads the loose clocks of plain transcripts', () => {
    expect(parseLooseClock('1:05')).toBe(65);
    expect(parseLooseClock('00:01:05')).toBe(65);
    expect(parseLooseClock('1:02:03.5')).toBe(3723.5);
    expect(parseLooseClock('75:10')).toBe(4510);
    expect(parseLooseClock('1:5')).toBeNull();
    expect(parseLooseClock('1:02:60')).toBeNull();
  });

  it('writes bare seconds without trailing zeros', () => {
    expect(formatSecondsDecimal(12)).toBe('12');
    expect(formatSecondsDecimal(1.5)).toBe('1.5');
    expect(formatSecondsDecimal(0.1 + 0.2)).toBe('0.3');
    expect(formatClock(65, { fraction: '.', alwaysMillis: false })).toBe('00:01:05');
  });

  it('does not drift over many segments built by adding 0.1 s', () => {
    const segments: TranscriptSegment[] = [];
    let t = 0;
    for (let i = 0; i < 10_000; i++) {
      const start = t;
      t += 0.1; // accumulates float error: 10000 × 0.1 ≠ 1000 exactly
      segments.push({ start, end: t, speaker: null, text: `cue ${i}` });
    }
    expect(t).not.toBe(1000);
    const vtt = writeVtt(segments);
    expect(vtt.trimEnd().split('\n').at(-2)).toBe('00:16:39.900 --> 00:16:40.000');
    for (const back of [parseVtt(vtt), parseSrt(writeSrt(segments))]) {
      expect(back.map((s) => [s.start, s.end])).toEqual(segments.map((_, i) => [i / 10, (i + 1) / 10]));
    }
  });
});
