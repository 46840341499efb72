/**
 * The writing system of a name, for the narrator's name variants: the import's sheet and the studio's
 * form send names without it, and search and display pick a spelling by it.
 */

/** ISO 15924 code of the script a name is written in, by its first letter (Latin when it has none). */
export function scriptOf(name: string): string {
  const letter = [...name].find((c) => /\p{L}/u.test(c)) ?? '';
  if (/\p{Script=Cyrillic}/u.test(letter)) return 'Cyrl';
  if (/\p{Script=Hangul}/u.test(letter)) return 'Hang';
  if (/\p{Script=Arabic}/u.test(letter)) return 'Arab';
  if (/\p{Script=Han}/u.test(letter)) return 'Hani';
  return 'Latn';
}
