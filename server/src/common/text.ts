/** Small helpers for text that users type: search patterns, trimming, partial updates. */
import { type Localized, UI_LANGUAGES } from './localized.js';

/**
 * A case-insensitive substring pattern for quick look-ups (autocomplete, list filters). The user's
 * text is escaped, so `.` or `(` in a name is a letter, not regex syntax that could fail or run long.
 * Cross-script matching (Qazaqstan ~ Қазақстан) is the search module's job, not this one's.
 */
export function containsIgnoringCase(text: string): RegExp {
  return new RegExp(text.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
}

/** Trimmed texts only, as a plain object: blank languages are left out so the UI fallback applies. */
export function cleanLocalized(value: Localized | null | undefined): Localized {
  const out: Localized = {};
  for (const lang of UI_LANGUAGES) {
    const text = value?.[lang]?.trim();
    if (text) out[lang] = text;
  }
  return out;
}

/** Partial updates: an omitted (undefined) field keeps the stored value; null clears it. */
export const keepOrClear = <T>(given: T | null | undefined, stored: T | null | undefined): T | null =>
  given === undefined ? (stored ?? null) : given;

/** A trimmed optional text; blank means none. */
export const cleanText = (value: string | null | undefined): string | null => value?.trim() || null;
