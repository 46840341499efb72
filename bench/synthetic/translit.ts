/**
 * Writes Kazakh Cyrillic in the three official Latin alphabets and in the informal English
 * transliteration, so the synthetic archive carries the same words in every script real transcripts
 * mix. Letter tables: Decree 569 (2017, apostrophes), Decree 637 (2018, acute accents) and the
 * January 2021 proposal (ä ğ ı ñ ö ş ū ü; ы = y, і = ı, и/й = i, у = u).
 */
export type Script = 'cyrillic' | 'latin2017' | 'latin2018' | 'latin2021' | 'english';

type Table = Record<string, string>;

const COMMON: Table = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', з: 'z', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o',
  п: 'p', р: 'r', с: 's', т: 't', ф: 'f', ъ: '', ь: '', э: 'e',
};

const TABLES: Record<Exclude<Script, 'cyrillic'>, Table> = {
  latin2017: {
    ...COMMON, ә: "a'", ғ: "g'", ё: 'io', ж: 'j', и: "i'", й: "i'", қ: 'q', ң: "n'", ө: "o'", у: "y'",
    ұ: 'u', ү: "u'", х: 'h', һ: 'h', ц: 'ts', ч: "c'", ш: "s'", щ: "s'", ы: 'y', і: 'i', ю: "i'y'", я: "i'a",
  },
  latin2018: {
    ...COMMON, ә: 'á', ғ: 'ǵ', ё: 'ıo', ж: 'j', и: 'ı', й: 'ı', қ: 'q', ң: 'ń', ө: 'ó', у: 'ý', ұ: 'u',
    ү: 'ú', х: 'h', һ: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sh', ы: 'y', і: 'i', ю: 'ıý', я: 'ıá',
  },
  latin2021: {
    ...COMMON, ә: 'ä', ғ: 'ğ', ё: 'io', ж: 'j', и: 'i', й: 'i', қ: 'q', ң: 'ñ', ө: 'ö', у: 'u', ұ: 'ū',
    ү: 'ü', х: 'h', һ: 'h', ц: 'ts', ч: 'ch', ш: 'ş', щ: 'ş', ы: 'y', і: 'ı', ю: 'iu', я: 'ia',
  },
  // What people type without a Kazakh keyboard (close to BGN/PCGN, simplified).
  english: {
    ...COMMON, ә: 'a', ғ: 'gh', ё: 'yo', ж: 'zh', и: 'i', й: 'y', қ: 'k', ң: 'ng', ө: 'o', у: 'u',
    ұ: 'u', ү: 'u', х: 'kh', һ: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ы: 'y', і: 'i', ю: 'yu', я: 'ya',
  },
};

function matchCase(source: string, latin: string): string {
  if (!latin) return latin;
  return source !== source.toLowerCase() ? latin[0]!.toUpperCase() + latin.slice(1) : latin;
}

/** Transliterates Cyrillic text; characters outside the table pass through. */
export function transliterate(text: string, script: Script): string {
  if (script === 'cyrillic') return text;
  const table = TABLES[script];
  let out = '';
  for (const ch of text) {
    const latin = table[ch.toLowerCase()];
    out += latin === undefined ? ch : matchCase(ch, latin);
  }
  return out;
}
