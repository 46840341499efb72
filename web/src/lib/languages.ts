/**
 * Languages interviews are recorded in (DOMAIN.md), offered by the browse filter. BCP 47 primary
 * tags, as the API stores them; their names come from Intl.DisplayNames in the reader's language.
 */
export const SPOKEN_LANGUAGES = ['kk', 'ru', 'ug', 'ko', 'de', 'tt', 'uz', 'az', 'ce', 'inh', 'uk', 'pl', 'el', 'tr', 'ku', 'en'] as const;
