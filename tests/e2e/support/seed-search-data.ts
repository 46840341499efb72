/**
 * What the search tests need beyond the shared seed: a second public interview in Kazakh (another
 * ethnic group, era and language, so facets have something to narrow), and restricted material that
 * shares a word with nothing public. Invented demo data only.
 */

/** Ids in an `a` range of their own, apart from the shared seed's numbered ones. */
export const SEARCH_IDS = {
  narrator: '66e2e00000000000000000a1',
  kazakhInterview: '66e2e00000000000000001a1',
  educationInterview: '66e2e00000000000000001a2',
  kazakhTranscript: '66e2e00000000000000002a1',
  educationTranscript: '66e2e00000000000000002a2',
  researchTranscript: '66e2e00000000000000002a3',
} as const;

export const KAZAKH_TITLE = {
  kk: 'Желтоқсан таңы (демо)',
  ru: 'Декабрьское утро (демо)',
  en: 'A December morning (demo)',
} as const;

export const EDUCATION_TITLE = {
  kk: 'Сарыжаз мектебі (демо)',
  ru: 'Школа в Сарыжазе (демо)',
  en: 'The school at Saryzhaz (demo)',
} as const;

/** Kazakh, as spoken; the third segment is what `Qazaqstan` finds. [start, end, speaker, text] */
export const KAZAKH_SEGMENTS: [number, number, string, string][] = [
  [0, 14, 'Сұхбаткер', 'Ол кезде қайда тұрдыңыз?'],
  [14, 37, 'Асқар Сейітов', 'Мен Алматыда тұрдым, университетте оқыдым.'],
  [37, 63, 'Асқар Сейітов', 'Таңертең алаңға жастар жиналды. Біз Қазақстанның болашағы туралы айттық.'],
  [63, 90, 'Асқар Сейітов', 'Анам маған жылы киін деп айтты, күн өте суық болды.'],
];

/**
 * The word that only restricted material holds: an education interview (teachers may see it), a
 * research transcript and a private passage of the public Kazakh interview (neither may they).
 */
export const RESTRICTED_WORD = { latin: 'Saryzhaz', cyrillic: 'Сарыжаз' } as const;
export const EDUCATION_SEGMENTS: [number, number, string, string][] = [
  [0, 20, 'Учительница', 'В Сарыжазе была одна школа на три аула, и зимой дети жили при школе.'],
];
export const RESEARCH_SEGMENTS: [number, number, string, string][] = [
  [0, 30, 'Мария Ким', 'Про Сарыжаз я расскажу только исследователям: это семейная история.'],
];
/** Appended to the Kazakh transcript with the private level. */
export const PRIVATE_SEGMENT: [number, number, string, string] = [90, 110, 'Асқар Сейітов', 'Сарыжаздағы ағамның аты жазылмасын.'];

/** Transcript text that looks like markup: search must show it as text. Appended to the Kazakh transcript. */
export const MARKUP_SEGMENT: [number, number, string, string] = [
  110, 125, 'Асқар Сейітов', 'Ол <b>кітапты</b> әкелді <img src=x onerror="document.title=\'pwned\'">',
];

/** More moments with one word than a page of results holds (20), so the results have a second page. */
export const DOMBYRA_SEGMENTS: [number, number, string, string][] = Array.from({ length: 21 }, (_, i) => [
  125 + i * 5, 130 + i * 5, 'Асқар Сейітов', `Кешке әкем домбыра тартты, ${i + 1}-күй.`,
]);
