import { m } from '$lib/paraglide/messages.js';
import type { Locale } from '$lib/paraglide/runtime.js';

/** A time code: 4:05 or 1:02:03. */
export function clock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** A time code for machines and screen readers: PT1H2M3S (ISO 8601, used by <time> and schema.org). */
export function isoDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(s / 3600);
  const min = Math.floor((s % 3600) / 60);
  return `PT${h ? `${h}H` : ''}${min ? `${min}M` : ''}${s % 60}S`;
}

/** A length for people: "1 h 20 min", "45 min". */
export function duration(totalSeconds: number): string {
  const minutes = Math.max(1, Math.round(totalSeconds / 60));
  const hours = Math.floor(minutes / 60);
  return hours ? m.hours_minutes({ hours, minutes: minutes % 60 }) : m.minutes_only({ minutes });
}

export function date(iso: string | null | undefined, lang: Locale): string {
  if (!iso) return '';
  // Recording dates are days, stored at midnight UTC: format them in UTC so no one sees the day before.
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));
}

/** The name of a spoken language (kk, ru, ug, ko …) in the interface language. */
export function languageName(code: string, inLanguage: Locale | string): string {
  try {
    return new Intl.DisplayNames([inLanguage], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A language's name standing alone (a label, a chip, an option): capitalised. */
export function languageLabel(code: string, inLanguage: Locale | string): string {
  return capitalize(languageName(code, inLanguage), inLanguage);
}

/** Caption track labels by language code, formatted on the server (see the interview page for why). */
export function languageLabels(codes: Iterable<string>, inLanguage: Locale | string): Record<string, string> {
  return Object.fromEntries([...codes].map((code) => [code, languageLabel(code, inLanguage)]));
}

/** Upper-cases the first letter: Russian and Kazakh write language names in lower case mid-sentence. */
export function capitalize(value: string, lang: string): string {
  return value.charAt(0).toLocaleUpperCase(lang) + value.slice(1);
}

/** "1941–1945", "1986", "2000 to today". */
export function years(start: number | null | undefined, end: number | null | undefined): string {
  if (start == null) return '';
  if (end == null) return m.era_ongoing({ start });
  return start === end ? String(start) : `${start}–${end}`;
}

/** Parses ?t= (seconds, or 1:02:03 / 2:03) into seconds; anything else is 0. */
export function parseTime(value: string | null): number {
  if (!value) return 0;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const parts = value.split(':').map(Number);
  if (parts.length > 3 || parts.some((p) => !Number.isFinite(p) || p < 0)) return 0;
  return parts.reduce((total, part) => total * 60 + part, 0);
}
