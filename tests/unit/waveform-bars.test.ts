import { describe, expect, it } from 'vitest';
import { barsPath, keyedTime, toBars } from '../../web/src/lib/waveform.js';

const peaks = (data: number[], extra: Record<string, unknown> = {}) => ({ version: 2, channels: 1, sample_rate: 16000, samples_per_pixel: 1600, bits: 8, length: data.length / 2, data, ...extra });

describe('waveform bars from audiowaveform peaks', () => {
  it('keeps the loudest of each bar, scaled to the loudest bar, and the length the peaks cover', () => {
    const result = toBars(peaks([-10, 20, -5, 5, -64, 40, 0, 1]), 2)!;
    expect(result.duration).toBeCloseTo(0.4);
    expect(result.bars).toEqual([20 / 64, 1]);
  });

  it('gives one bar per pair when asked for more bars than there are pairs', () => {
    expect(toBars(peaks([-1, 2, -3, 4]), 100)!.bars).toHaveLength(2);
  });

  it('refuses what is not peaks, so the page keeps the plain player', () => {
    expect(toBars(null, 10)).toBeNull();
    expect(toBars({ data: 'nope' }, 10)).toBeNull();
    expect(toBars(peaks([], {}), 10)).toBeNull();
    expect(toBars(peaks([1, 2], { sample_rate: 0 }), 10)).toBeNull();
  });

  it('draws a visible bar even for silence', () => {
    expect(barsPath([0, 1])).toBe('M0.5 49.0v2.0M1.5 4.0v92.0');
  });

  it('moves by keys like a slider, within the recording', () => {
    expect(keyedTime('ArrowRight', 10, 30)).toBe(15);
    expect(keyedTime('ArrowDown', 2, 30)).toBe(0);
    expect(keyedTime('PageUp', 10, 30)).toBe(30);
    expect(keyedTime('End', 10, 30)).toBe(30);
    expect(keyedTime('Home', 10, 30)).toBe(0);
    expect(keyedTime('a', 10, 30)).toBeNull();
  });
});
