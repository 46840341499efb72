/**
 * Prefix matching or a light stemmer, and how short a stem may be: precision and recall on a small
 * hand-labelled list of (query, word in a transcript, should it match). Relevant pairs are case
 * endings and inflection, also across scripts; irrelevant ones are words that merely start alike
 * (алма "apple" is not Алматы, жолдас "comrade" is not жол "road", школа is not scholar).
 */
import { foldWord } from '../server/src/search/normalize.js';
import { type Matching, matchesWord, parseQuery } from '../server/src/search/query-parser.js';

type Pair = [query: string, word: string, relevant: boolean];

const yes = (q: string, words: string) => words.split(' ').map((w): Pair => [q, w, true]);
const no = (q: string, words: string) => words.split(' ').map((w): Pair => [q, w, false]);

export const LABELLED: Pair[] = [
  ...yes('Алматы', 'Алматыда Алматыға Алматының Алматыдан Almatyda Almatynyñ Алматылық'),
  ...yes('Қазақстан', 'Қазақстанда Қазақстанның Казахстане Казахстана Qazaqstanğa'),
  ...yes('депортация', 'депортации депортацией депортациям депортациях депортацияға'),
  ...yes('корейцы', 'корейцев корейцам корейцами'),
  ...yes('корейцев', 'корейцы корейцам'),
  ...yes('соғыс', 'соғыста соғыстан соғысқа соғыстың'),
  ...yes('мектеп', 'мектепте мектептің мектепке мектептен'),
  ...yes('жол', 'жолда жолға жолдың'),
  ...yes('тіл', 'тілі тілде тілін'),
  ...yes('голод', 'голода голоду голодом'),
  ...yes('война', 'войны войне войной войну'),
  ...yes('школа', 'школе школы школу'),
  ...yes('город', 'города городе городом'),
  ...yes('deportation', 'deportations'),
  ...yes('village', 'villages'),
  ...yes('эвакуация', 'эвакуации эвакуацией'),
  ...yes('Uyghur', 'Uyghurs Ұйғырлар уйгуров'),
  ...yes('Жетісу', 'Жетісуда Жетісудың Zhetysuda'),
  ...yes('колхоз', 'колхозе колхоза колхозда'),
  ...yes('Алматыда', 'Алматы Алматыға'),
  ...no('алма', 'Алматы Алматыда'),
  ...no('Алматы', 'алма алмас Алмалы'),
  ...no('жол', 'жолдас жолбарыс'),
  ...no('тіл', 'тілек тілші'),
  ...no('ат', 'ата атам атақ'),
  ...no('бар', 'барлық бару'),
  ...no('мать', 'математика'),
  ...no('сын', 'сынақ сыни'),
  ...no('дом', 'домбыра домашний'),
  ...no('стан', 'станция станок'),
  ...no('school', 'scholar'),
  ...no('war', 'warm ward'),
  ...no('Тараз', 'таразы'),
  ...no('семья', 'Семей Семейде'),
  ...no('партия', 'партизан'),
  ...no('мир', 'мирза'),
];

export const STRATEGIES: Array<{ name: string; matching: Matching }> = [
  { name: 'exact key', matching: { inflection: 'exact', minStem: 0 } },
  { name: 'prefix ≥4', matching: { inflection: 'prefix', minStem: 4 } },
  { name: 'prefix ≥5', matching: { inflection: 'prefix', minStem: 5 } },
  { name: 'stem ≥4', matching: { inflection: 'stem', minStem: 4 } },
  { name: 'stem ≥5', matching: { inflection: 'stem', minStem: 5 } },
  { name: 'stem+endings ≥3', matching: { inflection: 'suffix', minStem: 3 } },
  { name: 'stem+endings ≥4', matching: { inflection: 'suffix', minStem: 4 } },
  { name: 'hybrid ≥4', matching: { inflection: 'hybrid', minStem: 4 } },
  { name: 'hybrid ≥5', matching: { inflection: 'hybrid', minStem: 5 } },
];

export interface MatchQuality {
  precision: number;
  recall: number;
  f1: number;
  falsePositives: string[];
  missed: string[];
}

export function matchQuality(matching: Matching): MatchQuality {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const falsePositives: string[] = [];
  const missed: string[] = [];
  for (const [query, word, relevant] of LABELLED) {
    const clause = parseQuery(query, matching).words[0]!;
    const hit = matchesWord(foldWord(word), clause);
    if (hit && relevant) tp++;
    else if (hit) {
      fp++;
      falsePositives.push(`${query}→${word}`);
    } else if (relevant) {
      fn++;
      missed.push(`${query}→${word}`);
    }
  }
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  return { precision, recall, f1: (2 * precision * recall) / Math.max(1e-9, precision + recall), falsePositives, missed };
}
