/**
 * Time codes shared by every format. All arithmetic goes through whole milliseconds: each time is
 * rounded once, on its own, so formatting thousands of segments never accumulates float error
 * (0.1 + 0.2 style drift) into the written clock values.
 */

/** Seconds → whole milliseconds (the finest unit WebVTT and SRT can write). */
export function toMillis(seconds: number): number {
  return Math.round(seconds * 1000);
}

/** Rounds seconds to the nearest millisecond; the canonical value stored in segments. */
export function roundSeconds(seconds: number): number {
  return toMillis(seconds) / 1000;
}

export interface ClockStyle {
  /** Separator before the milliseconds: "." for WebVTT, "," for SRT. */
  fraction: '.' | ',';
  /** Write ".ttt" even when it is ".000" (WebVTT and SRT need it; text marks leave it out). */
  alwaysMillis: boolean;
}

const VTT_STYLE: ClockStyle = { fraction: '.', alwaysMillis: true };

/** 3661.5 → "01:01:01.500". Hours get two digits at least and grow past 99 rather than wrap. */
export function formatClock(seconds: number, style: ClockStyle = VTT_STYLE): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(`time ${seconds} is not a non-negative number of seconds`);
  }
  const total = toMillis(seconds);
  const ms = total % 1000;
  const s = Math.floor(total / 1000) % 60;
  const m = Math.floor(total / 60_000) % 60;
  const h = Math.floor(total / 3_600_000);
  const clock = `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}`;
  return ms === 0 && !style.alwaysMillis ? clock : `${clock}${style.fraction}${pad(ms, 3)}`;
}

export const formatVttTime = (seconds: number): string => formatClock(seconds, VTT_STYLE);
export const formatSrtTime = (seconds: number): string =>
  formatClock(seconds, { fraction: ',', alwaysMillis: true });

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function clockToSeconds(h: string | undefined, m: string, s: string, frac: string | undefined): number {
  // The fraction is read as digits after the point ("5" = 500 ms), never as a count of ms.
  const ms = frac === undefined ? 0 : Number(frac.padEnd(3, '0'));
  return (Number(h ?? 0) * 3_600_000 + Number(m) * 60_000 + Number(s) * 1000 + ms) / 1000;
}

/**
 * WebVTT timestamp: hh:mm:ss.ttt or mm:ss.ttt (minutes and seconds 00–59, exactly three fraction
 * digits, as the WebVTT spec requires). One-digit hours are accepted because real files have them
 * and nothing is ambiguous about them. Returns seconds, or null when the text is not a timestamp.
 */
export function parseVttTime(text: string): number | null {
  const m = /^(?:(\d+):)?([0-5]\d):([0-5]\d)\.(\d{3})$/.exec(text);
  return m ? clockToSeconds(m[1], m[2]!, m[3]!, m[4]) : null;
}

/** SRT timestamp hh:mm:ss,ttt; a "." instead of the comma is accepted (a common export slip). */
export function parseSrtTime(text: string): number | null {
  const m = /^(\d+):([0-5]\d):([0-5]\d)[,.](\d{3})$/.exec(text);
  return m ? clockToSeconds(m[1], m[2]!, m[3]!, m[4]) : null;
}

/**
 * The looser clock people type in plain transcripts and OHMS files: h:mm:ss, hh:mm:ss, m:ss or mm:ss,
 * with an optional fraction of one to three digits. In the two-part form minutes may exceed 59
 * ("75:10"), since there is no hour field to carry into.
 */
export function parseLooseClock(text: string): number | null {
  const three = /^(\d+):([0-5]\d):([0-5]\d)(?:[.,](\d{1,3}))?$/.exec(text);
  if (three) return clockToSeconds(three[1], three[2]!, three[3]!, three[4]);
  const two = /^(\d+):([0-5]\d)(?:[.,](\d{1,3}))?$/.exec(text);
  if (two) return clockToSeconds(undefined, two[1]!, two[2]!, two[3]);
  return null;
}

/** Seconds as the shortest decimal with at most three fraction digits: 12 → "12", 1.5 → "1.5". */
export function formatSecondsDecimal(seconds: number): string {
  const ms = toMillis(seconds);
  const whole = Math.floor(ms / 1000);
  const frac = ms % 1000;
  if (frac === 0) return String(whole);
  let digits = pad(frac, 3);
  while (digits.endsWith('0')) digits = digits.slice(0, -1);
  return `${whole}.${digits}`;
}
