/**
 * The studio's narrator form. What the form holds (a draft) is read from the stored narrator or from
 * a posted form, so a refused save shows what was typed, with or without JavaScript; the draft
 * becomes the API's narrator input. Name variants are what the narrator is found by: the display
 * names (one per interface language) and the other spellings typed one per line; a spelling already
 * stored keeps its language and script, a new one gets its script from the API (read from its letters).
 */
import { all, str } from '../forms.js';

type Localized = { kk: string | null; ru: string | null; en: string | null };
export interface NameVariant {
  value: string;
  script?: string | null;
  lang?: string | null;
}

const LANGS = ['kk', 'ru', 'en'] as const;
export const ROLES = ['war_veteran', 'labour_veteran', 'diaspora_elder', 'public_figure', 'community_leader', 'witness'] as const;
export type Role = (typeof ROLES)[number];
/** The API refuses longer ones; the form says so first, in the reader's language. */
const MAX_NAME = 200;
const MAX_SPELLINGS = 30;

export interface NarratorDraft {
  name: Localized;
  otherNames: string;
  birthYear: string;
  birthPlace: string;
  birthPlaceTermId: string;
  ethnicIdentity: string;
  detailsPublic: boolean;
  ethnicGroupIds: string[];
  roles: Role[];
  biography: Localized;
  phone: string;
  email: string;
  address: string;
  notes: string;
}

/** The display names as name variants in their language, each spelling once. */
export function displayNames(displayName: Localized): NameVariant[] {
  const names: NameVariant[] = [];
  for (const lang of LANGS) {
    const value = displayName[lang];
    if (value && !names.some((n) => n.value === value)) names.push({ value, lang });
  }
  return names;
}

interface StoredNarrator {
  names: NameVariant[];
  displayName: Localized;
  birthYear?: number | null;
  birthPlace?: string | null;
  birthPlaceTerm?: { id: string } | null;
  ethnicIdentity?: string | null;
  detailsPublic: boolean;
  ethnicGroups: { id: string }[];
  roles: Role[];
  biography: Localized;
  contact?: { phone: string | null; email: string | null; address: string | null } | null;
  notes?: string | null;
}

export function draftOf(n: StoredNarrator): NarratorDraft {
  return {
    name: { kk: n.displayName.kk ?? null, ru: n.displayName.ru ?? null, en: n.displayName.en ?? null },
    otherNames: n.names.filter((v) => !LANGS.some((l) => n.displayName[l] === v.value)).map((v) => v.value).join('\n'),
    birthYear: n.birthYear == null ? '' : String(n.birthYear),
    birthPlace: n.birthPlace ?? '',
    birthPlaceTermId: n.birthPlaceTerm?.id ?? '',
    ethnicIdentity: n.ethnicIdentity ?? '',
    detailsPublic: n.detailsPublic,
    ethnicGroupIds: n.ethnicGroups.map((g) => g.id),
    roles: n.roles,
    biography: { kk: n.biography.kk ?? null, ru: n.biography.ru ?? null, en: n.biography.en ?? null },
    phone: n.contact?.phone ?? '',
    email: n.contact?.email ?? '',
    address: n.contact?.address ?? '',
    notes: n.notes ?? '',
  };
}

const loc = (form: FormData, prefix: string): Localized => ({
  kk: str(form, `${prefix}_kk`) ?? null,
  ru: str(form, `${prefix}_ru`) ?? null,
  en: str(form, `${prefix}_en`) ?? null,
});

export function draftFromForm(form: FormData): NarratorDraft {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  return {
    name: loc(form, 'name'),
    otherNames: text('otherNames'),
    birthYear: text('birthYear'),
    birthPlace: text('birthPlace'),
    birthPlaceTermId: text('birthPlaceTermId'),
    ethnicIdentity: text('ethnicIdentity'),
    detailsPublic: form.get('detailsPublic') === 'on',
    ethnicGroupIds: all(form, 'ethnicGroupIds'),
    roles: all(form, 'roles').filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
    biography: loc(form, 'bio'),
    phone: text('phone'),
    email: text('email'),
    address: text('address'),
    notes: text('notes'),
  };
}

/** What the form says wrong, by field, before anything is sent. */
export type FormProblem = 'name' | 'otherNames' | 'birthYear';

/** The draft as UpdateNarratorInput minus id and version; `stored` are the names the narrator has now. */
export function narratorInput(d: NarratorDraft, stored: readonly NameVariant[]) {
  const lines = d.otherNames.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const problems: FormProblem[] = [];
  if (!displayNames(d.name).length) problems.push('name');
  if (lines.length > MAX_SPELLINGS || lines.some((l) => l.length > MAX_NAME)) problems.push('otherNames');
  if (d.birthYear && !/^\d{4}$/.test(d.birthYear)) problems.push('birthYear');

  const names = displayNames(d.name).map((n) => stored.find((s) => s.value === n.value && s.lang === n.lang) ?? n);
  for (const value of lines) {
    if (!names.some((n) => n.value === value)) names.push(stored.find((s) => s.value === value) ?? { value });
  }
  const orNull = (s: string) => s || null;
  const input = {
    displayName: d.name,
    names: names.map((n) => ({ value: n.value, script: n.script ?? null, lang: n.lang ?? null })),
    birthYear: /^\d{4}$/.test(d.birthYear) ? Number(d.birthYear) : null,
    birthPlace: orNull(d.birthPlace),
    birthPlaceTermId: orNull(d.birthPlaceTermId),
    ethnicIdentity: orNull(d.ethnicIdentity),
    ethnicGroupIds: d.ethnicGroupIds,
    roles: d.roles,
    detailsPublic: d.detailsPublic,
    biography: d.biography,
    contact: { phone: orNull(d.phone), email: orNull(d.email), address: orNull(d.address) },
    notes: orNull(d.notes),
  };
  return { input, problems };
}
