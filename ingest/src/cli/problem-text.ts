/**
 * What the import says about a manifest or a narrators sheet, in the language the researcher chose
 * (`--lang kk|ru|en`, else the environment's LANG, else English). Problems are kept as a key and its
 * values until printed, so one run can be read in any of the three.
 */
export const LANGS = ['kk', 'ru', 'en'] as const;
export type Lang = (typeof LANGS)[number];

type Texts<P> = Record<Lang, (p: P) => string>;
const text = <P = Record<string, never>>(t: Texts<P>) => t;
const q = (v: string) => `«${v}»`;

const TEXTS = {
  csv: text<{ detail: string }>({ en: (p) => p.detail, ru: (p) => p.detail, kk: (p) => p.detail }),
  unknownColumn: text<{ name: string; known: string }>({
    en: (p) => `unknown column "${p.name}"; the columns are: ${p.known}`,
    ru: (p) => `неизвестный столбец ${q(p.name)}; столбцы: ${p.known}`,
    kk: (p) => `белгісіз баған ${q(p.name)}; бағандар: ${p.known}`,
  }),
  manifestEmpty: text({
    en: () => 'the manifest is empty; its first line names the columns (file, title, …)',
    ru: () => 'манифест пуст; его первая строка называет столбцы (file, title, …)',
    kk: () => 'манифест бос; оның бірінші жолы бағандарды атайды (file, title, …)',
  }),
  noFileColumn: text({
    en: () => 'there is no "file" column naming each recording',
    ru: () => 'нет столбца «file», называющего каждую запись',
    kk: () => 'әр жазбаны атайтын «file» бағаны жоқ',
  }),
  tooManyCells: text<{ cells: number; columns: number }>({
    en: (p) => `${p.cells} cells, but the header names ${p.columns} columns`,
    ru: (p) => `ячеек: ${p.cells}, а в заголовке столбцов: ${p.columns}`,
    kk: (p) => `${p.cells} ұяшық, ал тақырып жолында ${p.columns} баған`,
  }),
  fileEmpty: text({ en: () => 'the file cell is empty', ru: () => 'ячейка file пуста', kk: () => 'file ұяшығы бос' }),
  fileWithPath: text<{ file: string }>({
    en: (p) => `"${p.file}": name a file directly in the folder, without a path`,
    ru: (p) => `${q(p.file)}: укажите файл прямо в папке, без пути`,
    kk: (p) => `${q(p.file)}: файлды жолсыз, тікелей қалтадағы атымен жазыңыз`,
  }),
  notInFolder: text<{ file: string }>({
    en: (p) => `"${p.file}" is not in the folder`,
    ru: (p) => `${q(p.file)} нет в папке`,
    kk: (p) => `${q(p.file)} қалтада жоқ`,
  }),
  notRecording: text<{ file: string; types: string }>({
    en: (p) => `"${p.file}" is not a recording the archive takes (${p.types})`,
    ru: (p) => `${q(p.file)} — не запись, которую принимает архив (${p.types})`,
    kk: (p) => `${q(p.file)} мұрағат қабылдайтын жазба емес (${p.types})`,
  }),
  listedTwice: text<{ file: string; line: number }>({
    en: (p) => `"${p.file}" is already listed on line ${p.line}`,
    ru: (p) => `${q(p.file)} уже указан в строке ${p.line}`,
    kk: (p) => `${q(p.file)} ${p.line}-жолда көрсетілген`,
  }),
  badLanguage: text<{ value: string }>({
    en: (p) => `language "${p.value}" is not a code such as kk, ru or en`,
    ru: (p) => `язык ${q(p.value)} — не код вроде kk, ru или en`,
    kk: (p) => `${q(p.value)} тілі kk, ru немесе en сияқты код емес`,
  }),
  badLevel: text<{ column: string; value: string; levels: string }>({
    en: (p) => `${p.column} "${p.value}" is not one of ${p.levels}`,
    ru: (p) => `${p.column} ${q(p.value)}: допустимо одно из ${p.levels}`,
    kk: (p) => `${p.column} ${q(p.value)}: мынаның бірі болуы керек: ${p.levels}`,
  }),
  noRecordings: text({ en: () => 'the manifest lists no recordings', ru: () => 'в манифесте нет записей', kk: () => 'манифестте жазба жоқ' }),
  termsWithoutScan: text({
    en: () => 'the release terms are filled but no release scan is named',
    ru: () => 'условия согласия заполнены, но скан согласия не указан',
    kk: () => 'келісім шарттары толтырылған, бірақ келісімнің сканы көрсетілмеген',
  }),
  notScan: text<{ file: string; types: string }>({
    en: (p) => `"${p.file}" is not a scan the archive takes (${p.types})`,
    ru: (p) => `${q(p.file)} — не скан, который принимает архив (${p.types})`,
    kk: (p) => `${q(p.file)} мұрағат қабылдайтын скан емес (${p.types})`,
  }),
  permitsMissing: text({
    en: () => 'say what the signed release permits: private, research, education or public',
    ru: () => 'укажите, что разрешает подписанное согласие: private, research, education или public',
    kk: () => 'қол қойылған келісім нені рұқсат ететінін жазыңыз: private, research, education немесе public',
  }),
  badDay: text<{ value: string }>({
    en: (p) => `"${p.value}" is not a day written YYYY-MM-DD, or there is no such day`,
    ru: (p) => `${q(p.value)} не записана как ГГГГ-ММ-ДД или такого дня нет`,
    kk: (p) => `${q(p.value)} ЖЖЖЖ-АА-КК түрінде жазылмаған немесе ондай күн жоқ`,
  }),
  sheetEmpty: text({
    en: () => 'the sheet is empty; its first line names the columns (name kk, name ru, name en, …)',
    ru: () => 'таблица пуста; её первая строка называет столбцы (name kk, name ru, name en, …)',
    kk: () => 'кесте бос; оның бірінші жолы бағандарды атайды (name kk, name ru, name en, …)',
  }),
  noNameColumn: text({
    en: () => 'there is no name column (name kk, name ru or name en)',
    ru: () => 'нет столбца с именем (name kk, name ru или name en)',
    kk: () => 'есім бағаны жоқ (name kk, name ru немесе name en)',
  }),
  noName: text({
    en: () => 'the row has no name: fill name kk, name ru or name en',
    ru: () => 'в строке нет имени: заполните name kk, name ru или name en',
    kk: () => 'жолда есім жоқ: name kk, name ru немесе name en толтырыңыз',
  }),
  nameTooLong: text<{ start: string; length: number; max: number }>({
    en: (p) => `"${p.start}…" is ${p.length} characters; a name has at most ${p.max}`,
    ru: (p) => `${q(`${p.start}…`)}: ${p.length} знаков; в имени не больше ${p.max}`,
    kk: (p) => `${q(`${p.start}…`)}: ${p.length} таңба; есімде ең көбі ${p.max}`,
  }),
  badBirthYear: text<{ value: string; max: number }>({
    en: (p) => `"${p.value}" is not a year of birth from 1850 to ${p.max}`,
    ru: (p) => `${q(p.value)} — не год рождения от 1850 до ${p.max}`,
    kk: (p) => `${q(p.value)} 1850 мен ${p.max} аралығындағы туған жыл емес`,
  }),
  badRole: text<{ value: string; roles: string }>({
    en: (p) => `"${p.value}" is not a role; the roles are: ${p.roles}`,
    ru: (p) => `${q(p.value)} — не роль; роли: ${p.roles}`,
    kk: (p) => `${q(p.value)} рөл емес; рөлдер: ${p.roles}`,
  }),
  notYesNo: text<{ value: string }>({
    en: (p) => `"${p.value}" is neither yes nor no`,
    ru: (p) => `${q(p.value)} — ни «да», ни «нет»`,
    kk: (p) => `${q(p.value)} «иә» да, «жоқ» та емес`,
  }),
  textTooLong: text<{ length: number; max: number }>({
    en: (p) => `is ${p.length} characters; the limit is ${p.max}`,
    ru: (p) => `${p.length} знаков; предел ${p.max}`,
    kk: (p) => `${p.length} таңба; шегі ${p.max}`,
  }),
  noTerm: text<{ cell: string }>({
    en: (p) => `no vocabulary term is called "${p.cell}" (by key, label or other spelling)`,
    ru: (p) => `нет термина словаря ${q(p.cell)} (ни по ключу, ни по названию, ни по другому написанию)`,
    kk: (p) => `${q(p.cell)} деп аталатын сөздік термині жоқ (кілті, атауы не басқа жазылуы бойынша)`,
  }),
  wrongKind: text<{ cell: string; names: string; kind: string }>({
    en: (p) => `"${p.cell}" names ${p.names}, not ${/^[ae]/.test(p.kind) ? 'an' : 'a'} ${p.kind} term`,
    ru: (p) => `${q(p.cell)} называет ${p.names}, а не термин вида ${p.kind}`,
    kk: (p) => `${q(p.cell)} ${p.names} дегенді атайды, ${p.kind} түріндегі терминді емес`,
  }),
  ambiguousTerm: text<{ cell: string; names: string }>({
    en: (p) => `"${p.cell}" is ambiguous: it names ${p.names}; write the key of the one you mean`,
    ru: (p) => `${q(p.cell)} неоднозначно: это ${p.names}; напишите ключ нужного`,
    kk: (p) => `${q(p.cell)} екіұшты: ол ${p.names}; керегінің кілтін жазыңыз`,
  }),
  twoInArchive: text<{ count: number; names: string; ids: string }>({
    en: (p) => `the archive has ${p.count} narrators called ${p.names} (${p.ids}); give this one a name that tells them apart, or name the existing one by id in the manifest and leave it out of the sheet`,
    ru: (p) => `в архиве ${p.count} рассказчика с именем ${p.names} (${p.ids}); дайте этому имя, которое их различает, или укажите существующего по id в манифесте и уберите его из таблицы`,
    kk: (p) => `мұрағатта ${p.names} есімді ${p.count} баяндаушы бар (${p.ids}); бұған оларды ажырататын есім беріңіз немесе барын манифестте id арқылы атап, кестеден алып тастаңыз`,
  }),
  noNarratorId: text<{ id: string }>({
    en: (p) => `no narrator has the id ${p.id}`,
    ru: (p) => `нет рассказчика с id ${p.id}`,
    kk: (p) => `${p.id} id-і бар баяндаушы жоқ`,
  }),
  twoInSheet: text<{ name: string; count: number; lines: string }>({
    en: (p) => `"${p.name}" names ${p.count} rows of the narrators sheet (lines ${p.lines}); write a name that only one of them has`,
    ru: (p) => `${q(p.name)} подходит к ${p.count} строкам таблицы рассказчиков (строки ${p.lines}); напишите имя, которое есть только у одного`,
    kk: (p) => `${q(p.name)} баяндаушылар кестесінің ${p.count} жолына сәйкес (${p.lines} жолдар); тек біреуінде бар есімді жазыңыз`,
  }),
  sheetRowBad: text<{ name: string; line: number }>({
    en: (p) => `"${p.name}" is on line ${p.line} of the narrators sheet, which has a problem of its own`,
    ru: (p) => `${q(p.name)} в строке ${p.line} таблицы рассказчиков, в которой своя ошибка`,
    kk: (p) => `${q(p.name)} баяндаушылар кестесінің ${p.line}-жолында, онда өз қатесі бар`,
  }),
  noNarrator: text<{ name: string; sheet: string }>({
    en: (p) => `no narrator is called "${p.name}" (or has that id); add the narrator to ${p.sheet} beside the manifest to bring them in with the recordings`,
    ru: (p) => `нет рассказчика ${q(p.name)} (или с таким id); добавьте его в ${p.sheet} рядом с манифестом, чтобы внести вместе с записями`,
    kk: (p) => `${q(p.name)} есімді (не сондай id-і бар) баяндаушы жоқ; оны жазбалармен бірге енгізу үшін манифест жанындағы ${p.sheet} кестесіне қосыңыз`,
  }),
  ambiguousNarrator: text<{ count: number; name: string; ids: string }>({
    en: (p) => `${p.count} narrators are called "${p.name}"; write the id of the one you mean (${p.ids})`,
    ru: (p) => `${q(p.name)} зовут ${p.count} рассказчиков; напишите id нужного (${p.ids})`,
    kk: (p) => `${q(p.name)} есімді ${p.count} баяндаушы бар; керегінің id-ін жазыңыз (${p.ids})`,
  }),
  detailsNeedEditor: text({
    en: () => 'only an editor may record that the narrator agreed to show these details publicly; leave it "no" and ask an editor to open them in the studio',
    ru: () => 'отметить согласие рассказчика показывать эти сведения всем может только редактор; оставьте «нет» и попросите редактора открыть их в студии',
    kk: () => 'баяндаушының бұл мәліметтерді барлығына көрсетуге келісімін тек редактор белгілей алады; «жоқ» қалдырып, редактордан студияда ашуды сұраңыз',
  }),
  noRecordingsInFolder: text<{ types: string }>({
    en: (p) => `there are no recordings (${p.types})`,
    ru: (p) => `записей нет (${p.types})`,
    kk: (p) => `жазбалар жоқ (${p.types})`,
  }),
};

export type ProblemKey = keyof typeof TEXTS;
type ParamsOf<K extends ProblemKey> = Parameters<(typeof TEXTS)[K]['en']>[0];
/** A problem's words, kept until printed. */
export type Said = { [K in ProblemKey]: { key: K; params: ParamsOf<K> } }[ProblemKey];

export const said = <K extends ProblemKey>(key: K, ...params: ParamsOf<K> extends Record<string, never> ? [] : [ParamsOf<K>]): Said =>
  ({ key, params: params[0] ?? {} }) as Said;

/** Lookups answer a record or a problem; a problem is told apart by its words, whatever the record holds. */
export const isSaid = (x: object): x is Said => 'params' in x && 'key' in x && typeof x.key === 'string' && x.key in TEXTS;

export const render = (s: Said, lang: Lang): string => (TEXTS[s.key][lang] as (p: unknown) => string)(s.params);

/** "line 4, column date" in each language. */
export const where = (file: string, line: number, column: string | null | undefined, lang: Lang) =>
  ({
    en: `${file} line ${line}${column ? `, column ${column}` : ''}`,
    ru: `${file}, строка ${line}${column ? `, столбец ${column}` : ''}`,
    kk: `${file}, ${line}-жол${column ? `, ${column} бағаны` : ''}`,
  })[lang];

export const nothingSent = (count: number, lang: Lang) =>
  ({
    en: `Nothing was sent: fix ${count === 1 ? 'this problem' : `these ${count} problems`} and run the import again.`,
    ru: `Ничего не отправлено: исправьте ${count === 1 ? 'эту ошибку' : `эти ошибки (${count})`} и запустите импорт снова.`,
    kk: `Ештеңе жіберілмеді: ${count === 1 ? 'бұл қатені' : `бұл ${count} қатені`} түзетіп, импортты қайта іске қосыңыз.`,
  })[lang];

/** `--lang`, else the environment's LANG / LC_ALL / LC_MESSAGES (kk_KZ.UTF-8 → kk), else English. */
export function chooseLang(flag: string | undefined, env: NodeJS.ProcessEnv): Lang | null {
  if (flag !== undefined) return (LANGS as readonly string[]).includes(flag) ? (flag as Lang) : null;
  const locale = (env.LC_ALL || env.LC_MESSAGES || env.LANG || '').slice(0, 2).toLowerCase();
  return (LANGS as readonly string[]).includes(locale) ? (locale as Lang) : 'en';
}
