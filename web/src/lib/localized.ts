import type { Locale } from '$lib/paraglide/runtime.js';

/** The API's LocalizedText: any language may be missing. */
export interface LocalizedText {
  kk?: string | null;
  ru?: string | null;
  en?: string | null;
}

export interface Picked {
  text: string;
  /** The language the text is actually in: differs from the page's when it fell back. */
  lang: Locale;
}

/**
 * Which language to fall back to. Kazakh and Russian readers of the archive usually read the other of
 * the two; an English reader is more likely to manage Russian, the city's common language, than Kazakh.
 */
const FALLBACK: Record<Locale, Locale[]> = {
  kk: ['kk', 'ru', 'en'],
  ru: ['ru', 'kk', 'en'],
  en: ['en', 'ru', 'kk'],
};

export function pick(value: LocalizedText | null | undefined, lang: Locale): Picked | null {
  if (!value) return null;
  for (const candidate of FALLBACK[lang]) {
    const text = value[candidate]?.trim();
    if (text) return { text, lang: candidate };
  }
  return null;
}

/** Plain text for attributes and <title>, where a lang attribute cannot be set. */
export function text(value: LocalizedText | null | undefined, lang: Locale, fallback = ''): string {
  return pick(value, lang)?.text ?? fallback;
}

/** Paragraphs of a long text: blank lines separate them. */
export function paragraphs(value: string): string[] {
  return value
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}
