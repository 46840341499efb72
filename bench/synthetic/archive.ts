/**
 * A synthetic oral-history archive: interviews of 40–150 minutes in Kazakh (mostly Cyrillic, some in
 * the Latin alphabets), Russian and English, cut into ~12-second transcript segments of Zipf-drawn
 * words, with places, peoples and topics named in several scripts and tags spread over the
 * vocabulary. Deterministic for a seed. Invented text: no real testimony.
 */
import { AccessLevel } from '../../server/src/access/levels.js';
import type { GuardedInterview } from '../../server/src/access/policy.js';
import type { FacetValues, SearchDoc, SegmentSearchDoc } from '../../server/src/search/types.js';
import { type Lang, Lexicon } from './lexicon.js';
import { Random, Zipf } from './random.js';
import { type Script, transliterate } from './translit.js';
import { COLLECTIONS, ERAS, ETHNIC_GROUPS, NARRATOR_ROLES, PLACES, type SyntheticTerm, TOPICS } from './vocabulary.js';

export interface SyntheticArchive {
  docs: SearchDoc[];
  segments: SegmentSearchDoc[];
  lexicon: Lexicon;
  /** Surface word (lower case) → its lemma, for collision counts; term words map to the term id. */
  lemmaOf: Map<string, string>;
  /** Token counts per surface word (lower case). */
  wordCounts: Map<string, number>;
  interviews: number;
  hours: number;
}

const NAMES = [
  ['Ерлан', 'Yerlan', 'Erlan'], ['Гүлнар', 'Gülnar', 'Гульнар', 'Gulnar'], ['Айгерім', 'Aigerım', 'Айгерим', 'Aigerim'],
  ['Мұхтар', 'Mūhtar', 'Мухтар', 'Mukhtar'], ['Бауыржан', 'Bauyrjan', 'Бауржан', 'Baurzhan'], ['Нұрлан', 'Nūrlan', 'Нурлан', 'Nurlan'],
  ['Сергей', 'Sergei', 'Sergey'], ['Ольга', 'Olga'], ['Виктор', 'Viktor'], ['Цой', 'Tsoi', 'Choi'], ['Пак', 'Pak', 'Park'],
  ['Ахметов', 'Akhmetov', 'Ahmetov'], ['Шмидт', 'Schmidt', 'Shmidt'], ['Мамедов', 'Mamedov', 'Mammadov'],
  ['Юсупов', 'Yusupov', 'Iusupov'], ['Розенберг', 'Rosenberg', 'Rozenberg'], ['Қалиев', 'Qaliev', 'Калиев', 'Kaliev'],
];

const LANG_SHARE: Array<[Lang, number]> = [['kk', 0.45], ['ru', 0.4], ['en', 0.15]];
const KK_SCRIPTS: Array<[Script, number]> = [['cyrillic', 0.85], ['latin2017', 0.04], ['latin2018', 0.04], ['latin2021', 0.07]];
const LEVELS: Array<[AccessLevel, number]> = [
  [AccessLevel.public, 0.6], [AccessLevel.education, 0.2], [AccessLevel.research, 0.15], [AccessLevel.private, 0.05],
];

function weighted<T>(random: Random, items: Array<[T, number]>): T {
  let u = random.next();
  for (const [item, w] of items) if ((u -= w) < 0) return item;
  return items[items.length - 1]![0];
}

interface InterviewPlan {
  id: string;
  lang: Lang;
  script: Script;
  terms: SyntheticTerm[];
  facets: FacetValues;
  guard: GuardedInterview;
  recordedOn: number;
  narrator: string[];
}

/** Interviews until `hours` of speech, or until `interviews` of them when given (the read bench's archive). */
export function generateArchive(options: { hours: number; seed?: number; interviews?: number }): SyntheticArchive {
  const random = new Random(options.seed ?? 20240601);
  const lexicon = new Lexicon(random, { kk: 14_000, ru: 14_000, en: 8_000 });
  const zipf = { kk: new Zipf(lexicon.ranked.kk.length), ru: new Zipf(lexicon.ranked.ru.length), en: new Zipf(lexicon.ranked.en.length) };
  const lemmaOf = new Map<string, string>();
  const wordCounts = new Map<string, number>();
  const note = (word: string, lemma: string) => {
    const w = word.toLowerCase();
    if (!lemmaOf.has(w)) lemmaOf.set(w, lemma);
    wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
  };
  const docs: SearchDoc[] = [];
  const segments: SegmentSearchDoc[] = [];
  let seconds = 0;
  let n = 0;
  while (seconds < options.hours * 3600 && n < (options.interviews ?? Infinity)) {
    const plan = planInterview(random, n++);
    const duration = random.int(40, 150) * 60;
    let t = 0;
    let s = 0;
    while (t < duration) {
      const words: string[] = [];
      const count = Math.max(5, Math.round(random.normal(30, 10)));
      const lang = random.chance(0.08) ? random.pick(['kk', 'ru', 'en'] as const) : plan.lang;
      const script = lang === 'kk' ? plan.script : 'cyrillic';
      for (let i = 0; i < count; i++) {
        if (random.chance(0.012)) {
          words.push(termWord(random, plan, lang, script, note));
          continue;
        }
        const lemma = lexicon.lemmas[lexicon.ranked[lang][zipf[lang].draw(random)]!]!;
        const word = transliterate(lexicon.surface(lemma, random), script);
        note(word, `${lemma.lang}:${lemma.id}`);
        words.push(word);
      }
      if (random.chance(0.02)) words.splice(random.int(0, words.length), 0, random.pick(plan.narrator));
      const end = t + count / 2.5;
      const restricted = random.chance(0.01);
      segments.push({
        kind: 'segment',
        id: `seg:${plan.id}:${s}`,
        interviewId: plan.id,
        segmentId: `${plan.id}:${s}`,
        start: Math.round(t * 10) / 10,
        end: Math.round(end * 10) / 10,
        text: punctuate(words, random),
        language: lang,
        facets: plan.facets,
        recordedOn: plan.recordedOn,
        access: restricted ? { interview: plan.guard, partLevel: AccessLevel.research } : { interview: plan.guard },
      });
      t = end + 0.3;
      s++;
    }
    seconds += t;
    docs.push(metadataDoc(plan, lexicon, random));
  }
  for (const segment of segments) docs.push(segment);
  return { docs, segments, lexicon, lemmaOf, wordCounts, interviews: n, hours: seconds / 3600 };
}

function planInterview(random: Random, n: number): InterviewPlan {
  const id = `i${String(n).padStart(4, '0')}`;
  const lang = weighted(random, LANG_SHARE);
  const ethnic = random.sample(ETHNIC_GROUPS, random.int(1, 2));
  const eras = random.sample(ERAS, random.int(1, 3));
  const places = [PLACES[1]!, ...random.sample(PLACES, random.int(1, 3))];
  const topics = random.sample(TOPICS, random.int(2, 4));
  const level = weighted(random, LEVELS);
  const guard: GuardedInterview = {
    accessLevel: level,
    status: random.chance(0.95) ? 'published' : 'draft',
    release: { permits: level, withdrawn: random.chance(0.01) },
  };
  return {
    id,
    lang,
    script: lang === 'kk' ? weighted(random, KK_SCRIPTS) : 'cyrillic',
    terms: [...ethnic, ...eras, ...places, ...topics],
    facets: {
      ethnicGroups: ethnic.map((t) => t.id),
      eras: eras.map((t) => t.id),
      places: places.map((t) => t.id),
      topics: topics.map((t) => t.id),
      languages: [lang],
      narratorRoles: [random.pick(NARRATOR_ROLES)],
      collections: random.chance(0.4) ? [random.pick(COLLECTIONS)] : [],
    },
    guard,
    recordedOn: Date.UTC(random.int(1995, 2024), random.int(0, 11), random.int(1, 28)),
    narrator: [...random.pick(NAMES), ...random.pick(NAMES)],
  };
}

/** A tagged term said in speech: its form in the segment's language, Kazakh with a case ending. */
function termWord(random: Random, plan: InterviewPlan, lang: Lang, script: Script, note: (w: string, l: string) => void): string {
  const term = random.chance(0.9) ? random.pick(plan.terms) : random.pick([...PLACES, ...TOPICS]);
  let word = random.pick(term.forms[lang]);
  if (lang === 'kk' && !word.includes(' ') && random.chance(0.5)) {
    const back = /[аоұы][^аоұыәөүіеэ]*$/i.test(word);
    word += random.pick(back ? ['да', 'ға', 'ның', 'дан', 'мен', 'ды'] : ['де', 'ге', 'нің', 'ден', 'мен', 'ді']);
  }
  word = transliterate(word, script);
  for (const part of word.split(' ')) note(part, term.id);
  return word;
}

function punctuate(words: string[], random: Random): string {
  let text = '';
  let capital = true;
  for (const w of words) {
    text += (text ? ' ' : '') + (capital ? w[0]!.toUpperCase() + w.slice(1) : w);
    capital = false;
    const r = random.next();
    if (r < 0.06) text += ',';
    else if (r < 0.1) {
      text += '.';
      capital = true;
    }
  }
  return text + '.';
}

function metadataDoc(plan: InterviewPlan, lexicon: Lexicon, random: Random): SearchDoc {
  const topic = plan.terms.find((t) => t.kind === 'topic')!;
  const place = plan.terms.find((t) => t.kind === 'place')!;
  const words = Array.from({ length: 30 }, () => lexicon.lemmas[random.pick(lexicon.ranked[plan.lang])]!.stem);
  return {
    kind: 'interview',
    id: `int:${plan.id}`,
    interviewId: plan.id,
    title: `${plan.narrator[0]}: ${topic.forms[plan.lang][0]}, ${place.forms[plan.lang][0]}`,
    summary: words.join(' '),
    names: plan.narrator,
    keywords: plan.terms.flatMap((t) => t.labels),
    facets: plan.facets,
    recordedOn: plan.recordedOn,
    access: { interview: plan.guard },
  };
}
