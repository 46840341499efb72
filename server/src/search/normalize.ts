/**
 * Cross-script folding: every spelling of a word in Kazakh Cyrillic, the three Kazakh Latin
 * alphabets (2017 apostrophes, 2018 acute accents, 2021 ä ğ ı ñ ö ş ū ü), Russian and the usual
 * English/Russian transliterations becomes ONE key, a phonetic skeleton in a reduced Latin alphabet.
 *
 *   key letter | from                                              | why
 *   -----------+---------------------------------------------------+---------------------------------
 *   a (low)    | а ә я; a ä á æ                                    | the scripts disagree on vowels
 *   e (mid)    | е ё о ө э є; e o ö ó ø œ                          | mostly within a height: Ұйғыр/
 *   i (high)   | ы і и й у ұ ү ю ў; i ı í u ü ú ū y ý              | Уйгур/Uyghur (ы~у~u), Жетісу/Zhetysu/
 *              | a run of vowels keeps its LAST class (ай → i,     | Jetisu (і~y~i), 2021 ı=і but 2018
 *              | я/ya/ia → a, е/ye → e): glides are spelt anyhow   | ı=и, 2018 ý=у. One class for all
 *              |                                                   | vowels merged 59% of a Kazakh word
 *              |                                                   | list, three classes 28% (measured)
 *   k          | к қ х һ ҳ; k q h x(→ks) c(before a,o,u,consonant) | Қазақстан/Казахстан/Kazakhstan/
 *              | kh                                                | Qazaqstan: қ ~ к ~ х ~ kh ~ q
 *   g          | г ғ ґ; g ğ ǵ g' gh                                | Ұйғыр/Uyghur/Уйгур
 *   j          | ж җ дж; j zh ž dzh dj                             | Жетісу/Zhetysu/Jetisu, Джамбул/Jambyl
 *   s          | с ш щ; s ş š ś s' sh sch c(before e,i,y)          | diacritics fold (Şymkent = Symkent =
 *              |                                                   | Shymkent = Шымкент); costs с/ш pairs
 *   c          | ч; ç č ć c' ch tch                                | ч is rare in Kazakh; kept apart from
 *              |                                                   | с so Russian час ≠ сас
 *   ts         | ц                                                 | as Latin writes it (ts)
 *   n          | н ң; n ñ ń ŋ n'                                   | diacritics fold; English "ng" stays
 *              |                                                   | n+g, and ңғ gives n+g as well
 *   v          | в ў(when consonant) ; v w                         | QazAqparat's w=у is rare; English w
 *   f          | ф; f ph                                           |
 *   t          | т; t th                                           |
 *   b d l m p r z | as written                                      |
 *   (nothing)  | ъ ь, apostrophes after vowels, marks              | signs, not sounds
 * Doubled consonants collapse (Алла = Ala). Digits stay. Letters of other scripts (Hangul, Arabic)
 * stay lower-cased as they are. Hyphenated words join: Алма-Ата = Alma-Ata = almata.
 * Not met by design: vowel changes across a height (Қонаев/Кунаев, Түркістан/Туркестан); typo
 * tolerance and vocabulary alt labels cover those.
 *
 * The cost is collisions (бір/бер/бар are kept apart, but бір/бұр/бүр meet). bench/fold-collisions.ts
 * measures them on the synthetic archive and on hunspell word lists (docs/decisions/search-engine.md).
 */

/** Three vowel classes: low (а ә я a ä), mid (е о ө э e o ö), high (ы і и й у ұ ү ю i ı y u ü ū). */
const LOW = 'a';
const MID = 'e';
const HIGH = 'i';
const VOWELS = new Set([LOW, MID, HIGH]);

/** Cyrillic letters, lower case, mapped straight to key letters ('' = silent). */
const CYRILLIC: Record<string, string> = {
  а: LOW, ә: LOW, я: LOW, е: MID, ё: MID, о: MID, ө: MID, э: MID, є: MID, и: HIGH, й: HIGH, ы: HIGH,
  і: HIGH, у: HIGH, ұ: HIGH, ү: HIGH, ю: HIGH, ї: HIGH, ў: HIGH, б: 'b', в: 'v', г: 'g', ғ: 'g', ґ: 'g', д: 'd', ж: 'j', җ: 'j', з: 'z', к: 'k',
  қ: 'k', х: 'k', һ: 'k', ҳ: 'k', л: 'l', м: 'm', н: 'n', ң: 'n', п: 'p', р: 'r', с: 's',
  ш: 's', щ: 's', т: 't', ф: 'f', ц: 'ts', ч: 'c', ъ: '', ь: '',
};

/**
 * Latin letters whose diacritic carries meaning in a Kazakh alphabet; the rest lose their marks
 * through NFD (á → a, ü → u), which lands on the right class anyway.
 */
const LATIN_SPECIAL: Record<string, string> = {
  ı: HIGH, ğ: 'g', ǵ: 'g', ñ: 'n', ń: 'n', ŋ: 'n', ş: 's', š: 's', ś: 's', ș: 's', ç: 'c',
  č: 'c', ć: 'c', ž: 'j', ß: 's', ł: 'l', đ: 'd', ø: MID, æ: LOW, œ: MID,
};

const LATIN_VOWELS: Record<string, string> = { a: LOW, e: MID, o: MID, i: HIGH, u: HIGH, y: HIGH };
const APOSTROPHES = new Set(["'", '’', 'ʼ', '‘', '`', '´', 'ʻ', 'ʹ']);

/** Per-character cache: code point → base Latin/Cyrillic letter after stripping marks. */
const baseCache = new Map<string, string>();

function baseLetter(ch: string): string {
  let base = baseCache.get(ch);
  if (base === undefined) {
    const c = ch.codePointAt(0)!;
    const latin = c < 0x250 || (c >= 0x1e00 && c <= 0x1eff);
    // Strip marks from Latin letters only (NFD would split Hangul into jamo); a lone combining mark
    // (the dot of a lower-cased İ) strips to '' and is skipped by the caller.
    if (LATIN_SPECIAL[ch] !== undefined) base = ch;
    else if (latin) base = ch.normalize('NFD').replace(/\p{M}/gu, '');
    else base = /\p{M}/u.test(ch) ? '' : ch;
    baseCache.set(ch, base);
  }
  return base;
}

/** Maps one lower-cased word to its key. Pure; safe for any input. */
export function foldWord(word: string): string {
  const src = Array.from(word.toLowerCase());
  let out = '';
  const push = (sound: string) => {
    for (const ch of sound) {
      const last = out[out.length - 1];
      // Doubled consonants are one sound in every spelling we meet; a run of vowels keeps its last
      // class, because scripts spell glides differently (Ұй/Uy/Ui, я/ya/ia, Е/Ye, ый/y/yi).
      if (ch === last) continue;
      if (last !== undefined && VOWELS.has(ch) && VOWELS.has(last)) out = out.slice(0, -1);
      out += ch;
    }
  };
  for (let i = 0; i < src.length; i++) {
    const raw = src[i]!;
    if (APOSTROPHES.has(raw) || raw === '-') continue;
    const cyr = CYRILLIC[raw];
    if (cyr !== undefined) {
      // Russian дж is the sound Kazakh writes ж (Джамбул / Жамбыл).
      if (raw === 'д' && src[i + 1] === 'ж') {
        push('j');
        i++;
        continue;
      }
      push(cyr);
      continue;
    }
    const ch = baseLetter(raw);
    if (!ch) continue;
    const special = LATIN_SPECIAL[ch];
    if (special !== undefined) {
      push(special);
      continue;
    }
    if (ch < 'a' || ch > 'z') {
      // Digits and letters of other scripts stay as they are.
      out += ch;
      continue;
    }
    const next = src[i + 1] === undefined ? '' : baseLetter(src[i + 1]!);
    const next2 = src[i + 2] === undefined ? '' : baseLetter(src[i + 2]!);
    const apostropheNext = src[i + 1] !== undefined && APOSTROPHES.has(src[i + 1]!);
    const vowel = LATIN_VOWELS[ch];
    if (vowel) {
      push(vowel);
      continue;
    }
    // 2017 alphabet: g' n' s' c' are ғ ң ш ч; an apostrophe after anything else is dropped.
    if (apostropheNext && (ch === 'g' || ch === 'n' || ch === 's' || ch === 'c')) {
      push(ch === 'g' ? 'g' : ch === 'n' ? 'n' : ch === 's' ? 's' : 'c');
      i++;
      continue;
    }
    if (next === 'h') {
      const digraph = ch === 's' ? 's' : ch === 'c' ? 'c' : ch === 'z' ? 'j' : ch === 'k' ? 'k'
        : ch === 'g' ? 'g' : ch === 't' ? 't' : ch === 'p' ? 'f' : null;
      if (digraph) {
        push(digraph);
        i++;
        continue;
      }
    }
    if (ch === 'd' && (next === 'j' || (next === 'z' && next2 === 'h'))) {
      push('j');
      i += next === 'j' ? 1 : 2;
      continue;
    }
    if (ch === 's' && next === 'c' && next2 === 'h') {
      push('s');
      i += 2;
      continue;
    }
    if (ch === 't' && next === 'c' && next2 === 'h') {
      push('c');
      i += 2;
      continue;
    }
    switch (ch) {
      case 'q':
      case 'h':
        push('k');
        break;
      case 'x':
        push('ks');
        break;
      case 'w':
        push('v');
        break;
      case 'c':
        push(next === 'e' || next === 'i' || next === 'y' ? 's' : 'k');
        break;
      default:
        push(ch);
    }
  }
  return out;
}

export interface Token {
  /** The key (see foldWord). */
  key: string;
  /** Offsets of the word in the original text, for snippets. */
  start: number;
  end: number;
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
function isWordChar(ch: string): boolean {
  const c = ch.charCodeAt(0);
  // ASCII and Cyrillic first: the regex only for the rest.
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  if (c >= 0x400 && c <= 0x4ff) return true;
  return WORD_CHAR.test(ch);
}

/**
 * Finds the words of a text: a hyphen between two word characters joins (Алма-Ата, Kok-Tobe); an
 * apostrophe inside or at the end of a word is part of it (2017 alphabet: Qazaqstan'ń, n', s').
 */
function scanWords(text: string, onWord: (start: number, end: number) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isWordChar(text[i]!)) i++;
    if (i >= n) break;
    const start = i;
    while (i < n) {
      const ch = text[i]!;
      if (isWordChar(ch)) i++;
      else if ((ch === '-' || APOSTROPHES.has(ch)) && i + 1 < n && isWordChar(text[i + 1]!)) i += 2;
      else if (APOSTROPHES.has(ch) && i > start) i++;
      else break;
    }
    onWord(start, i);
  }
}

/** Words with their keys and offsets, for snippets. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  scanWords(text, (start, end) => {
    const key = cachedFold(text.slice(start, end));
    if (key) tokens.push({ key, start, end });
  });
  return tokens;
}

/** Just the keys, for indexing and queries (no offset objects: indexing folds millions of words). */
export function foldText(text: string): string[] {
  const keys: string[] = [];
  scanWords(text, (start, end) => {
    const key = cachedFold(text.slice(start, end));
    if (key) keys.push(key);
  });
  return keys;
}

/** A whole phrase (a label, a name) as one comparable key: its words' keys joined by spaces. */
export function foldPhrase(text: string): string {
  return foldText(text).join(' ');
}

const FOLD_CACHE_LIMIT = 200_000;
let foldCache = new Map<string, string>();

function cachedFold(word: string): string {
  let key = foldCache.get(word);
  if (key === undefined) {
    key = foldWord(word);
    // A bounded cache: a fresh map when full keeps memory flat without LRU bookkeeping.
    if (foldCache.size >= FOLD_CACHE_LIMIT) foldCache = new Map();
    foldCache.set(word, key);
  }
  return key;
}
