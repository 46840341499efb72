/**
 * How many unrelated words the folding merges. On the synthetic archive a "word" is a surface form
 * and its lemma is known, so forms of one lemma meeting (Алматы/Almaty, депортация/депортации) are
 * wanted merges and forms of different lemmas sharing a key are collisions. On a plain word list
 * (hunspell dictionaries, one stem per line) every distinct word is its own lemma.
 *   tsx bench/fold-collisions.ts /usr/share/hunspell/kk_KZ.dic /usr/share/hunspell/ru_RU.dic /usr/share/dict/words
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { foldWord } from '../server/src/search/normalize.js';

export interface Collisions {
  words: number;
  keys: number;
  /** Keys shared by more than one lemma. */
  collidingKeys: number;
  /** Share of distinct words whose key is shared with another lemma. */
  wordsColliding: number;
  /** The same, weighted by how often the words occur (what a searcher meets). */
  tokensColliding: number | null;
  /** Lemmas per key among colliding keys, on average. */
  lemmasPerCollidingKey: number;
  examples: string[][];
}

export function measureCollisions(lemmaOf: Map<string, string>, counts?: Map<string, number>): Collisions {
  const byKey = new Map<string, { lemmas: Set<string>; words: string[] }>();
  for (const [word, lemma] of lemmaOf) {
    const key = foldWord(word);
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { lemmas: new Set(), words: [] }));
    entry.lemmas.add(lemma);
    entry.words.push(word);
  }
  let collidingKeys = 0;
  let wordsColliding = 0;
  let lemmaSum = 0;
  let tokens = 0;
  let tokensColliding = 0;
  const examples: string[][] = [];
  for (const { lemmas, words } of byKey.values()) {
    const weight = (w: string) => counts?.get(w) ?? 0;
    for (const w of words) tokens += weight(w);
    if (lemmas.size < 2) continue;
    collidingKeys++;
    lemmaSum += lemmas.size;
    wordsColliding += words.length;
    for (const w of words) tokensColliding += weight(w);
    if (examples.length < 12 && words.length <= 6) examples.push(words);
  }
  return {
    words: lemmaOf.size,
    keys: byKey.size,
    collidingKeys,
    wordsColliding: wordsColliding / Math.max(1, lemmaOf.size),
    tokensColliding: counts ? tokensColliding / Math.max(1, tokens) : null,
    lemmasPerCollidingKey: collidingKeys ? lemmaSum / collidingKeys : 0,
    examples,
  };
}

/** A hunspell .dic or a plain list: one word per line, flags after a slash. */
export function readWordList(path: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const word = line.split('/')[0]!.trim().toLowerCase();
    if (!word || /^\d+$/.test(word) || word.includes("'s")) continue;
    out.set(word, word);
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const path of process.argv.slice(2)) {
    const result = measureCollisions(readWordList(path));
    console.log(path, JSON.stringify({ ...result, examples: result.examples.slice(0, 6) }, null, 1));
  }
}
