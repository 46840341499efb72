import { parseTime } from './format.js';

/** A stretch of a recording, in seconds. */
export interface TimeRange {
  start: number;
  end: number;
}

/**
 * A shared range travels as `?t=START&end=END` (seconds, or 1:41 / 1:02:03); `?t=` alone is a moment.
 * So every older `?t=` link keeps working, and a plain GET form with fields named `t` and `end` makes
 * a range link without JavaScript. The interview page and the embed read it the same way.
 *
 * Returns the range, null when there is none, or 'invalid' when an end was given that is not after
 * the start (the page then says so next to the form instead of silently dropping it).
 */
export function parseRange(params: URLSearchParams, durationSeconds?: number | null): TimeRange | null | 'invalid' {
  const rawEnd = params.get('end');
  if (rawEnd === null || rawEnd.trim() === '') return null;
  const start = parseTime(params.get('t'));
  const requested = parseTime(rawEnd.trim());
  const end = durationSeconds && durationSeconds > 0 ? Math.min(requested, durationSeconds) : requested;
  return end > start ? { start, end } : 'invalid';
}

/** The query string of a moment or a range: '', '?t=101' or '?t=101&end=158'. */
export function timeQuery(time: number, range?: TimeRange | null): string {
  if (range) return `?t=${Math.floor(range.start)}&end=${Math.ceil(range.end)}`;
  const second = Math.floor(time);
  return second > 0 ? `?t=${second}` : '';
}

const attribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The HTML a teacher or partner pastes into their page; the title names the frame for screen readers. */
export function embedCode(src: string, title: string, kind: 'audio' | 'video'): string {
  const height = kind === 'video' ? 640 : 480;
  return `<iframe src="${attribute(src)}" title="${attribute(title)}" width="100%" height="${height}" style="border:0;max-width:60rem" loading="lazy" allow="fullscreen"></iframe>`;
}
