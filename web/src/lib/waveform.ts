/**
 * Waveform peaks as the worker stores them (audiowaveform JSON, version 2: min/max pairs of 8-bit
 * samples) reduced to a few hundred bars for drawing. Pure functions, shared by the interview page
 * and the studio's clip picker.
 */
export interface WaveformBars {
  /** Loudness per bar, 0..1, scaled so the loudest bar is 1 (quiet recordings still show a shape). */
  bars: number[];
  /** Seconds the peaks cover. */
  duration: number;
}

interface AudiowaveformJson {
  version?: number;
  channels?: number;
  sample_rate?: number;
  samples_per_pixel?: number;
  length?: number;
  data?: number[];
}

/** Null for anything that is not usable peaks: the page then shows the plain player. */
export function toBars(json: unknown, count: number): WaveformBars | null {
  const peaks = json as AudiowaveformJson;
  const channels = peaks?.channels ?? 1;
  const data = peaks?.data;
  if (!Array.isArray(data) || !peaks.sample_rate || !peaks.samples_per_pixel || channels < 1) return null;
  const pairs = Math.floor(data.length / (2 * channels));
  if (pairs < 1) return null;
  const duration = (pairs * peaks.samples_per_pixel) / peaks.sample_rate;
  const n = Math.max(1, Math.min(count, pairs));
  const bars = new Array<number>(n).fill(0);
  for (let p = 0; p < pairs; p++) {
    const bar = Math.min(n - 1, Math.floor((p * n) / pairs));
    for (let c = 0; c < channels; c++) {
      const at = (p * channels + c) * 2;
      bars[bar] = Math.max(bars[bar]!, Math.abs(data[at] ?? 0), Math.abs(data[at + 1] ?? 0));
    }
  }
  const loudest = Math.max(...bars) || 1;
  return { bars: bars.map((b) => b / loudest), duration };
}

/** One SVG path of vertical bars, centred on y = 50 in a box of `bars.length` × 100. */
export function barsPath(bars: readonly number[]): string {
  return bars
    .map((b, i) => {
      const h = Math.max(2, b * 92);
      return `M${i + 0.5} ${(50 - h / 2).toFixed(1)}v${h.toFixed(1)}`;
    })
    .join('');
}

/** Where a key takes the position: arrows by `step`, pages by six steps, Home and End to the ends. */
export function keyedTime(key: string, time: number, duration: number, step = 5): number | null {
  const moves: Record<string, number> = { ArrowLeft: -step, ArrowDown: -step, ArrowRight: step, ArrowUp: step, PageDown: -6 * step, PageUp: 6 * step };
  if (key === 'Home') return 0;
  if (key === 'End') return duration;
  if (!(key in moves)) return null;
  return Math.min(duration, Math.max(0, time + moves[key]!));
}
