/**
 * Turns what a person types into clauses of folded words: bare words (all must match, in any order)
 * and quoted phrases (the words adjacent, in order). Each word carries a stem for inflection.
 */
import { foldText } from './normalize.js';

export interface WordClause {
  key: string;
  /** Prefix to match inflected forms (Алматы → Алматыда, Алматыға), or null for short words. */
  stem: string | null;
  /** 'prefix': any word starting with the stem; 'suffix': the stem plus a known ending only. */
  mode: 'prefix' | 'suffix';
}

export interface PhraseClause {
  words: WordClause[];
}

export interface ParsedQuery {
  words: WordClause[];
  phrases: PhraseClause[];
}

export type Inflection = 'exact' | 'prefix' | 'stem' | 'suffix' | 'hybrid';

export interface Matching {
  inflection: Inflection;
  /** Shortest stem used as a prefix: shorter ones reach unrelated words (алма → Алматы). */
  minStem: number;
}

/** The measured choice (bench section "search.matching", docs/decisions/search-engine.md). */
export const DEFAULT_MATCHING: Matching = { inflection: 'hybrid', minStem: 5 };

/**
 * Endings in folded form (vowel classes a/e/i): Kazakh plural лар/лер/дар/тар, genitive ның/дың/тың,
 * ablative дан/тан/нан, instrumental мен/бен/пен, locative (н)да/та, dative ға/қа/на, accusative
 * ны/ды/ты, possessive сы/ым/ың; Russian -ами/-ам/-ах/-ов/-ом (vowel endings go with the final
 * vowel below); English -ing/-ed/-s. Longest first; one is stripped, then a final vowel.
 */
const ENDINGS = [
  'nda', 'nde', 'lar', 'ler', 'dar', 'der', 'tar', 'ter', 'nin', 'din', 'tin', 'dan', 'den', 'tan', 'ten',
  'nan', 'nen', 'men', 'ben', 'pen', 'ami', 'ing', 'am', 'ak', 'ev', 'em', 'im', 'in', 'da', 'de', 'ta',
  'te', 'ga', 'ge', 'ka', 'ke', 'na', 'ne', 'ni', 'di', 'ti', 'si', 'ed', 's',
];

/** How a query word reaches inflected forms: itself as a prefix, or its stem (endings stripped). */
export function stemOf(key: string, matching: Matching = DEFAULT_MATCHING): string | null {
  const { inflection, minStem } = matching;
  if (inflection === 'exact' || /^\d+$/.test(key)) return null;
  if (inflection === 'prefix') return key.length >= minStem ? key : null;
  let stem = key;
  for (const ending of ENDINGS) {
    if (stem.endsWith(ending) && stem.length - ending.length >= minStem + 1) {
      stem = stem.slice(0, -ending.length);
      break;
    }
  }
  if (/[aei]$/.test(stem) && stem.length - 1 >= minStem) stem = stem.slice(0, -1);
  return stem.length >= minStem ? stem : null;
}

/**
 * 'hybrid': a word with a stripped ending of its own (депортация → depertats, корейцев → kerits)
 * reaches every word starting with that stem of at least minStem letters; any other word (short
 * ones like жол, тіл, Uyghur, or ones ending in a consonant like Қазақстан) only itself plus a closed
 * list of endings, so жол finds жолда but not жолдас.
 */
function clause(key: string, matching: Matching): WordClause {
  if (matching.inflection === 'suffix') return { key, stem: stemOf(key, matching), mode: 'suffix' };
  if (matching.inflection !== 'hybrid') return { key, stem: stemOf(key, matching), mode: 'prefix' };
  const stem = stemOf(key, { inflection: 'stem', minStem: matching.minStem });
  if (stem !== null && stem !== key) return { key, stem, mode: 'prefix' };
  if (/^\d+$/.test(key) || key.length < 3) return { key, stem: null, mode: 'suffix' };
  const base = /[aei]$/.test(key) && key.length > 3 ? key.slice(0, -1) : key;
  return { key, stem: base, mode: 'suffix' };
}

const QUOTES = /["«»“”„]/;

export function parseQuery(q: string, matching: Matching = DEFAULT_MATCHING): ParsedQuery {
  const words: WordClause[] = [];
  const phrases: PhraseClause[] = [];
  const word = (key: string): WordClause => clause(key, matching);
  // Split on quote characters: odd parts are inside quotes (an unclosed quote runs to the end).
  const parts = q.split(QUOTES);
  parts.forEach((part, i) => {
    const keys = foldText(part);
    if (i % 2 === 1 && keys.length > 1) phrases.push({ words: keys.map(word) });
    else words.push(...keys.map(word));
  });
  return { words, phrases };
}

/**
 * What may follow a stem in 'suffix' mode: [vowel] [plural] [case or possessive | vowel], or an
 * English -s/-es/-ed/-ing. A closed list, so a short stem (жол, тіл, Uyghur) reaches жолда,
 * тілде, Uyghurs but not жолдас or тілек, and each expansion is an exact look-up, not a prefix scan.
 */
const PLURALS = ['', 'lar', 'ler', 'dar', 'der', 'tar', 'ter'];
const CASES = ['', ...ENDINGS.filter((e) => !PLURALS.includes(e) && !['s', 'ed', 'ing'].includes(e))];
const FINAL = ['', 'a', 'e', 'i'];
// A final vowel only on a bare stem or after a plural (тілі, жолдары): every case ending already
// carries its vowel, and each extra combination is one more look-up per query word.
export const REMAINDERS: ReadonlySet<string> = new Set([
  ...FINAL.flatMap((v1) => PLURALS.flatMap((p) => CASES.map((c) => v1 + p + c))),
  ...FINAL.flatMap((v1) => PLURALS.flatMap((p) => FINAL.map((v2) => v1 + p + v2))),
  's', 'es', 'ed', 'ing', 'ings',
].filter(Boolean));

/** Does an indexed key satisfy a query word (exactly, or as an inflected form)? */
export function matchesWord(key: string, word: WordClause): boolean {
  if (key === word.key) return true;
  if (word.stem === null || !key.startsWith(word.stem)) return false;
  return word.mode === 'prefix' || REMAINDERS.has(key.slice(word.stem.length));
}

/** The keys a 'suffix' word may take (most of them absent from any archive; the caller checks). */
export function suffixForms(stem: string): string[] {
  return [...REMAINDERS].map((r) => stem + r);
}
