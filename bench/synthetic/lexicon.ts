/**
 * Words of the synthetic speech, per language, ranked for a Zipf draw: real frequent words first
 * (function words, then everyday content), then a long tail of invented stems built from each
 * language's syllables. Kazakh and Russian stems take case endings, as speech does. Every surface
 * form remembers its lemma so bench/fold-collisions.ts can tell a real merge from a false one.
 */
import { Random } from './random.js';

export type Lang = 'kk' | 'ru' | 'en';

export interface Lemma {
  id: number;
  lang: Lang;
  stem: string;
  /** Stems that take endings (nouns); function words do not. */
  inflects: boolean;
}

const words = (s: string) => s.split(/\s+/).filter(Boolean);

const REAL: Record<Lang, { fixed: string[]; content: string[] }> = {
  kk: {
    fixed: words(`мен сен ол біз сіз олар және бұл сол да де бар жоқ емес еді болды болып бір екі үш деп
      үшін кейін бірақ сонда қазір өте көп аз әр барлық ең тағы енді осы мына кім не қашан қайда неге
      қалай келді кетті барды айтты көрді білді жүрді тұрды оқыды жазды істеді қайтты туды деді екен`),
    content: words(`жыл күн уақыт әке шеше ана бала үй ауыл қала мектеп мұғалім соғыс жұмыс халық жер су
      тамақ ән тіл кітап хат әскер майдан пойыз вокзал зауыт колхоз жаңа ескі үлкен кіші жақсы ата әже
      апа аға іні қыз ұл жігіт келін отбасы көрші дос туыс көше тау бақ алма естелік тарих өмір адам
      ел аудан облыс дала қыс жаз көктем күз таң кеш түн ақша киім етік орамал дастархан қонақ`),
  },
  ru: {
    fixed: words(`и в не на я что он с как а то это все она так его но да ты к у же вы за бы по только ее
      мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был до
      вас опять уж вам ведь там потом себя ничего ей может они тут где есть надо для мы тебя их чем
      была сам без чего раз тоже себе под будет тогда кто этот того потому этого какой совсем здесь
      один почти мой тем чтобы сейчас были куда зачем всех никогда можно при два другой после над
      больше тот через эти нас про много три эту моя хорошо свою этой перед иногда лучше всегда`),
    content: words(`отец мать семья дети учитель работа город деревня село дом земля вода поезд вагон
      станция память история год время жизнь люди народ улица горы письмо книга бабушка дедушка сосед
      друг родители брат сестра мама папа сын дочь муж жена война солдат армия начальник председатель
      степь зима лето весна осень утро вечер ночь деньги одежда сапоги платок стол гость праздник`),
  },
  en: {
    fixed: words(`the of and to a in that it was i he for on his with as you at be this by had not but
      from they my we were there her she all so one an what me them when would out about up then no if
      their been who into could like just him very did how these over our more than some its well back`),
    content: words(`time years family father mother children village house land water train station
      memory history people street mountains book grandmother grandfather neighbour friend parents
      brother sister remember life winter summer spring autumn morning evening night money clothes
      boots table guest holiday son daughter husband wife soldier army road garden apple story`),
  },
};

const SYLLABLES: Record<Lang, { onsets: string[]; vowels: string[]; codas: string[] }> = {
  kk: { onsets: words('б д ғ ж к қ л м н п р с ш т з й т с қ б'), vowels: words('а ә е ы і о ө ұ ү а а е ы'),
    codas: words('н ң р л қ с т з й м ш к _ _ _ _') },
  ru: { onsets: words('б в г д ж з к л м н п р с т ф х ц ч ш пр ст тр кр бр др гр пл'), vowels: words('а е и о у ы я ю о а е'),
    codas: words('н р л к с т в м д _ _ _ _ _') },
  en: { onsets: words('b c d f g h j k l m n p r s t v w y st tr pl br ch sh th'), vowels: words('a e i o u ea oo ai ou'),
    codas: words('n r l t s d m ck ng nd st _ _ _') },
};

/** Nominal endings that speech adds to stems: case and number, harmony ignored on purpose. */
export const ENDINGS: Record<Lang, string[]> = {
  kk: words('да де та те ға ге қа ке ның нің дың тың ны ні ды ты дан ден тан нан мен бен пен лар лер дар тар сы сі ым ың'),
  ru: words('а ы у е ом ой ах ам ами ов ей ям ия ии ию'),
  en: words('s ed ing'),
};

function pseudoStem(lang: Lang, random: Random): string {
  const s = SYLLABLES[lang];
  let out = '';
  // Mostly two syllables: real stems average 5–7 letters, and endings add the rest.
  const n = random.pick([1, 2, 2, 2, 3]);
  for (let i = 0; i < n; i++) {
    const coda = random.pick(s.codas);
    out += random.pick(s.onsets) + random.pick(s.vowels) + (coda === '_' ? '' : coda);
  }
  return out;
}

export class Lexicon {
  readonly lemmas: Lemma[] = [];
  /** Per language, the lemma ids in rank order. */
  readonly ranked: Record<Lang, number[]> = { kk: [], ru: [], en: [] };

  constructor(random: Random, tailSize: Record<Lang, number>) {
    for (const lang of ['kk', 'ru', 'en'] as const) {
      const seen = new Set<string>();
      const add = (stem: string, inflects: boolean) => {
        if (seen.has(stem)) return;
        seen.add(stem);
        const lemma: Lemma = { id: this.lemmas.length, lang, stem, inflects };
        this.lemmas.push(lemma);
        this.ranked[lang].push(lemma.id);
      };
      for (const w of REAL[lang].fixed) add(w, false);
      for (const w of REAL[lang].content) add(w, true);
      while (this.ranked[lang].length < REAL[lang].fixed.length + REAL[lang].content.length + tailSize[lang]) {
        add(pseudoStem(lang, random), true);
      }
    }
  }

  /** A surface form of a lemma: inflected about a third of the time for nouns. */
  surface(lemma: Lemma, random: Random): string {
    if (!lemma.inflects || !random.chance(0.35)) return lemma.stem;
    return lemma.stem + random.pick(ENDINGS[lemma.lang]);
  }
}
