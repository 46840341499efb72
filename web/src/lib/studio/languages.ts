/** The three content languages named in their own script: labels of the kk/ru/en fields. */
export const LANGUAGE_NAMES = { kk: 'қазақша', ru: 'русский', en: 'English' } as const;
