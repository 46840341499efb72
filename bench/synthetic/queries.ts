/**
 * The fixed mix of 200 benchmark queries, drawn (with a fixed seed) from the archive it runs on:
 * single words, two or three words, quoted phrases, cross-script names, typos, and facet filters.
 * Every other query also asks for facet counts.
 */
import type { FacetName, SearchFilters } from '../../server/src/search/types.js';
import type { SyntheticArchive } from './archive.js';
import { Random } from './random.js';
import { ERAS, ETHNIC_GROUPS, PLACES, TOPICS } from './vocabulary.js';

export interface BenchQuery {
  kind: 'word' | 'words' | 'phrase' | 'cross-script' | 'typo' | 'filtered';
  q: string;
  filters?: SearchFilters;
  facets?: FacetName[];
}

const FACETS: FacetName[] = ['ethnicGroups', 'eras', 'places', 'topics', 'languages', 'narratorRoles', 'collections'];

/** A content word of middling frequency: what people search for (not "и", not a hapax). */
function contentWord(archive: SyntheticArchive, random: Random): string {
  const lang = random.pick(['kk', 'ru', 'en'] as const);
  const ranked = archive.lexicon.ranked[lang];
  const lemma = archive.lexicon.lemmas[ranked[random.int(60, Math.min(3000, ranked.length - 1))]!]!;
  return lemma.stem;
}

function termLabel(random: Random): string {
  const term = random.pick([...PLACES, ...ETHNIC_GROUPS, ...TOPICS]);
  return random.pick([...term.labels, ...term.forms.kk, ...term.forms.ru, ...term.forms.en]);
}

function typo(word: string, random: Random): string {
  const chars = Array.from(word);
  if (chars.length < 6) return word;
  const i = random.int(1, chars.length - 2);
  if (random.chance(0.5)) chars.splice(i, 1);
  else [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
  return chars.join('');
}

function phrase(archive: SyntheticArchive, random: Random): string {
  for (;;) {
    const segment = random.pick(archive.segments);
    const words = segment.text.replace(/[.,]/g, '').split(' ');
    const len = random.int(2, 3);
    if (words.length < len + 1) continue;
    const at = random.int(0, words.length - len);
    const picked = words.slice(at, at + len);
    // A phrase of only function words is not something people quote.
    if (picked.join('').length < 10) continue;
    return `"${picked.join(' ')}"`;
  }
}

export function benchQueries(archive: SyntheticArchive, seed = 7): BenchQuery[] {
  const random = new Random(seed);
  const out: BenchQuery[] = [];
  const add = (query: BenchQuery) => {
    if (out.length % 2 === 1) query.facets = FACETS;
    out.push(query);
  };
  for (let i = 0; i < 50; i++) add({ kind: 'word', q: contentWord(archive, random) });
  for (let i = 0; i < 30; i++) add({ kind: 'cross-script', q: termLabel(random) });
  for (let i = 0; i < 40; i++) {
    const words = [contentWord(archive, random), random.chance(0.5) ? termLabel(random) : contentWord(archive, random)];
    if (random.chance(0.3)) words.push(contentWord(archive, random));
    add({ kind: 'words', q: words.join(' ') });
  }
  for (let i = 0; i < 30; i++) add({ kind: 'phrase', q: phrase(archive, random) });
  for (let i = 0; i < 10; i++) add({ kind: 'typo', q: typo(random.pick(PLACES).labels[2]!, random) });
  for (let i = 0; i < 40; i++) {
    const filters: SearchFilters = random.chance(0.5)
      ? { ethnicGroups: [random.pick(ETHNIC_GROUPS).id] }
      : { eras: [random.pick(ERAS).id], languages: [random.pick(['kk', 'ru', 'en'])] };
    add({ kind: 'filtered', q: random.chance(0.5) ? termLabel(random) : contentWord(archive, random), filters });
  }
  return out;
}
