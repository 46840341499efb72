/**
 * Finds the vocabulary terms a query names, by any label or alternative spelling in any script
 * ("корейцев", "Koryo-saram", "Qazaqstan"), so documents tagged with them rank above plain text.
 */
import { foldText } from './normalize.js';
import { matchesWord, type WordClause } from './query-parser.js';
import type { VocabularyEntry } from './types.js';

interface Label {
  termId: string;
  keys: string[];
}

export class VocabularyMatcher {
  /** Labels by their first folded word. */
  private readonly byFirstKey = new Map<string, Label[]>();
  private readonly singleWord: Label[] = [];

  constructor(entries: readonly VocabularyEntry[]) {
    for (const entry of entries) {
      for (const label of entry.labels) {
        const keys = foldText(label);
        if (keys.length === 0) continue;
        const item = { termId: entry.id, keys };
        if (keys.length === 1) this.singleWord.push(item);
        const list = this.byFirstKey.get(keys[0]!);
        if (list) list.push(item);
        else this.byFirstKey.set(keys[0]!, [item]);
      }
    }
  }

  /**
   * Term ids named by the query: a multi-word label by its exact word sequence, a one-word label
   * also through inflection either way (query корейцев ~ label корейцы, query Алматыда ~ Алматы).
   */
  match(words: readonly WordClause[]): string[] {
    const found = new Set<string>();
    words.forEach((word, i) => {
      for (const label of this.byFirstKey.get(word.key) ?? []) {
        if (label.keys.every((k, j) => words[i + j]?.key === k)) found.add(label.termId);
      }
      for (const label of this.singleWord) {
        const key = label.keys[0]!;
        if (matchesWord(key, word) || (key.length >= 4 && word.key.startsWith(key) && word.key.length - key.length <= 4)) {
          found.add(label.termId);
        }
      }
    });
    return [...found];
  }
}
