/** Reading studio forms: trimmed strings, empty → undefined, so the API keeps what was not sent. */
export const str = (form: FormData, name: string): string | undefined => {
  const value = String(form.get(name) ?? '').trim();
  return value || undefined;
};

/** The kk/ru/en inputs `${prefix}_kk` … as a LocalizedText input. */
export const localized = (form: FormData, prefix: string) => ({
  kk: str(form, `${prefix}_kk`) ?? null,
  ru: str(form, `${prefix}_ru`) ?? null,
  en: str(form, `${prefix}_en`) ?? null,
});

export const hasAny = (text: { kk: string | null; ru: string | null; en: string | null }) => !!(text.kk || text.ru || text.en);

/** "kk, ru ug" → ['kk', 'ru', 'ug'] */
export const codes = (value: string | undefined) =>
  (value ?? '')
    .split(/[\s,;]+/)
    .map((c) => c.trim().toLowerCase())
    .filter(Boolean);

/** A <input type="date"> value as the API's DateTimeISO (midnight UTC, as recording days are stored). */
export const day = (value: string | undefined) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : undefined);

export const all = (form: FormData, name: string) => form.getAll(name).map(String).filter(Boolean);

const LEVELS = ['private', 'research', 'education', 'public'] as const;
/** An access level from a <select>; anything else is the safest one. */
export const level = (value: string | undefined): (typeof LEVELS)[number] =>
  LEVELS.find((l) => l === value) ?? 'private';

/**
 * The new-interview form as CreateInterviewInput, minus the title: the form's own submit adds the
 * typed titles, the several-recordings upload one per file. New interviews start private.
 */
export const newInterviewInput = (form: FormData) => ({
  summary: localized(form, 'summary'),
  languages: codes(str(form, 'languages')),
  recordedOn: day(str(form, 'recordedOn')),
  place: str(form, 'place'),
  narratorIds: all(form, 'narratorIds'),
  tagIds: all(form, 'tagIds'),
  accessLevel: 'private' as const,
});
