/**
 * The tag vocabulary of the synthetic archive (DOMAIN.md "Starting vocabulary"): 20 ethnic groups,
 * 11 eras, 30 places, 30 topics. Each term carries its labels in Kazakh, Russian and English plus
 * other spellings; `forms` are the words the generator puts into speech when a segment talks about it.
 * Invented data for benchmarks: no real testimony.
 */
export type TermKind = 'ethnic_group' | 'era' | 'place' | 'topic';

export interface SyntheticTerm {
  id: string;
  kind: TermKind;
  /** kk | ru | en labels, then alternative spellings. */
  labels: string[];
  /** Words said in speech, per language (the first is the most common). */
  forms: { kk: string[]; ru: string[]; en: string[] };
}

const split = (s: string) => s.split('|').map((x) => x.trim()).filter(Boolean);

/** id; kk forms; ru forms; en forms; extra alternative labels. */
type Row = [string, string, string, string, string?];

function build(kind: TermKind, rows: Row[]): SyntheticTerm[] {
  return rows.map(([id, kk, ru, en, alt]) => {
    const forms = { kk: split(kk), ru: split(ru), en: split(en) };
    return { id: `${kind}:${id}`, kind, labels: [forms.kk[0]!, forms.ru[0]!, forms.en[0]!, ...split(alt ?? '')], forms };
  });
}

export const ETHNIC_GROUPS = build('ethnic_group', [
  ['kazakhs', 'қазақтар|қазақ', 'казахи|казах|казахов', 'Kazakhs|Kazakh', 'Qazaqtar|Qazaq'],
  ['russians', 'орыстар|орыс', 'русские|русский|русских', 'Russians|Russian', 'Orystar'],
  ['uyghurs', 'ұйғырлар|ұйғыр', 'уйгуры|уйгур|уйгуров', 'Uyghurs|Uyghur', 'Uighurs|Ūiğyrlar'],
  ['koreans', 'корейлер|кәрістер', 'корейцы|корейцев|корейский', 'Koreans|Korean', 'Koryo-saram|корё-сарам'],
  ['tatars', 'татарлар|татар', 'татары|татар', 'Tatars|Tatar'],
  ['ukrainians', 'украиндар|украин', 'украинцы|украинцев', 'Ukrainians|Ukrainian'],
  ['germans', 'немістер|неміс', 'немцы|немцев|немецкий', 'Germans|German', 'Volga Germans|поволжские немцы'],
  ['azerbaijanis', 'әзірбайжандар', 'азербайджанцы', 'Azerbaijanis|Azerbaijani'],
  ['uzbeks', 'өзбектер|өзбек', 'узбеки|узбек', 'Uzbeks|Uzbek'],
  ['dungans', 'дүнгендер|дүнген', 'дунгане|дунганский', 'Dungans|Dungan', 'Hui'],
  ['turks', 'түріктер|месхет түріктері', 'турки|турки-месхетинцы', 'Meskhetian Turks|Turks', 'Ahiska'],
  ['kurds', 'күрдтер|күрд', 'курды|курдов', 'Kurds|Kurdish'],
  ['chechens', 'шешендер|шешен', 'чеченцы|чеченцев', 'Chechens|Chechen', 'Vainakh'],
  ['ingush', 'ингуштар|ингуш', 'ингуши|ингушей', 'Ingush'],
  ['greeks', 'гректер|грек', 'греки|греков', 'Greeks|Greek', 'Pontic Greeks'],
  ['poles', 'поляктар|поляк', 'поляки|поляков', 'Poles|Polish'],
  ['jews', 'еврейлер|еврей', 'евреи|евреев', 'Jews|Jewish'],
  ['belarusians', 'беларустар', 'белорусы|белорусов', 'Belarusians'],
  ['kyrgyz', 'қырғыздар|қырғыз', 'киргизы|кыргызы', 'Kyrgyz', 'Qyrğyzdar'],
  ['armenians', 'армяндар|армян', 'армяне|армянский', 'Armenians|Armenian'],
]);

export const ERAS = build('era', [
  ['verny', 'Верный бекінісі|Верный', 'крепость Верный|Верный', 'Verny fortress|Verny', '1854–1921'],
  ['alma-ata-capital', 'Алматы астана болды', 'Алма-Ата столица|Турксиб', 'Alma-Ata capital|Turksib', '1921–1930|Түрксіб'],
  ['asharshylyk', 'ашаршылық|ұжымдастыру', 'голод|коллективизация', 'famine|collectivisation', 'Asharshylyk|Ашаршылық'],
  ['deportations-1937', 'жер аудару|депортация', 'депортация|переселение', 'deportation|resettlement', '1936–1937'],
  ['war', 'Ұлы Отан соғысы|соғыс', 'Великая Отечественная война|война', 'Second World War|war', 'ВОВ|1941–1945'],
  ['post-war', 'тың игеру|тың', 'освоение целины|целина', 'Virgin Lands|post-war', 'Tyng'],
  ['soviet-city', 'кеңес қаласы|Медеу', 'советский город|Медео', 'Soviet city|Medeu rink'],
  ['jeltoqsan', 'Желтоқсан|Желтоқсан оқиғасы', 'декабрьские события|Желтоксан', 'December 1986|Jeltoqsan', 'Zheltoksan'],
  ['independence', 'Тәуелсіздік|тәуелсіздік', 'независимость', 'independence', 'Täuelsızdık'],
  ['nineties', 'тоқсаныншы жылдар', 'девяностые|девяностых', 'nineties|1990s', 'Akmola|Astana'],
  ['modern', 'қазіргі қала', 'современный город', 'modern city', '2000s'],
]);

export const PLACES = build('place', [
  ['kazakhstan', 'Қазақстан', 'Казахстан', 'Kazakhstan', 'Qazaqstan'],
  ['almaty', 'Алматы', 'Алма-Ата|Алматы', 'Almaty|Alma-Ata', 'Verny|Верный'],
  ['medeu', 'Медеу', 'Медео', 'Medeu', 'Medeo'],
  ['kok-tobe', 'Көктөбе', 'Кок-Тобе', 'Kok-Tobe', 'Kök-Töbe'],
  ['zelyony-bazaar', 'Көк базар', 'Зелёный базар', 'Zelyony Bazaar', 'Green Bazaar'],
  ['panfilov-park', 'Панфилов саябағы', 'парк Панфиловцев', 'Panfilov Park'],
  ['ushtobe', 'Үштөбе', 'Уштобе', 'Ushtobe', 'Üştöbe'],
  ['talgar', 'Талғар', 'Талгар', 'Talgar', 'Talğar'],
  ['kaskelen', 'Қаскелең', 'Каскелен', 'Kaskelen', 'Qaskeleñ'],
  ['zharkent', 'Жаркент', 'Жаркент|Панфилов', 'Zharkent', 'Jarkent'],
  ['primorye', 'Приморье', 'Приморье|Дальний Восток', 'Primorye|Far East', 'Primorsky'],
  ['volga', 'Еділ', 'Поволжье|Волга', 'Volga region|Volga', 'Edil'],
  ['chechnya', 'Шешенстан', 'Чечня', 'Chechnya', 'Şeşenstan'],
  ['ingushetia', 'Ингушетия', 'Ингушетия', 'Ingushetia'],
  ['meskheti', 'Месхетия', 'Месхетия|Месхети', 'Meskheti', 'Samtskhe'],
  ['xinjiang', 'Шыңжаң', 'Синьцзян', 'Xinjiang', 'Şyñjañ|Шинжаң'],
  ['zhetysu', 'Жетісу', 'Семиречье|Жетысу', 'Zhetysu|Semirechye', 'Jetisu'],
  ['astana', 'Астана', 'Астана|Акмола', 'Astana|Akmola', 'Aqmola|Ақмола'],
  ['shymkent', 'Шымкент', 'Шымкент|Чимкент', 'Shymkent', 'Şymkent'],
  ['taraz', 'Тараз', 'Тараз|Джамбул', 'Taraz|Dzhambul', 'Jambyl|Жамбыл'],
  ['karaganda', 'Қарағанды', 'Караганда', 'Karaganda', 'Qarağandy'],
  ['semey', 'Семей', 'Семипалатинск|Семей', 'Semey|Semipalatinsk', 'Semei'],
  ['oskemen', 'Өскемен', 'Усть-Каменогорск', 'Oskemen|Ust-Kamenogorsk', 'Öskemen'],
  ['kyzylorda', 'Қызылорда', 'Кызылорда', 'Kyzylorda', 'Qyzylorda'],
  ['turkestan', 'Түркістан', 'Туркестан', 'Turkestan', 'Türkıstan'],
  ['tashkent', 'Ташкент', 'Ташкент', 'Tashkent', 'Taşkent'],
  ['moscow', 'Мәскеу', 'Москва', 'Moscow', 'Mäskeu'],
  ['issyk', 'Есік', 'Иссык', 'Issyk', 'Esık'],
  ['kapchagay', 'Қапшағай', 'Капчагай|Конаев', 'Kapchagay|Konaev', 'Qapşağai|Қонаев'],
  ['shelek', 'Шелек', 'Чилик|Шелек', 'Shelek|Chilik', 'Şelek'],
]);

export const TOPICS = build('topic', [
  ['deportation', 'жер аудару|депортация', 'депортация|депортации|выселение', 'deportation|deported', 'депортациясы'],
  ['famine', 'ашаршылық|аштық', 'голод|голода|голодомор', 'famine|hunger', 'Asharshylyk'],
  ['evacuation', 'эвакуация|көшіру', 'эвакуация|эвакуации|эвакуированные', 'evacuation|evacuated'],
  ['front', 'майдан|соғыс', 'фронт|фронте|война', 'front|war'],
  ['labour-army', 'еңбек армиясы', 'трудармия|трудармии', 'labour army|Trudarmiya'],
  ['collectivisation', 'ұжымдастыру|колхоз', 'коллективизация|колхоз|колхоза', 'collectivisation|collective farm'],
  ['railway', 'темір жол|Түрксіб', 'железная дорога|Турксиб', 'railway|Turksib', 'Turksib'],
  ['school', 'мектеп|мұғалім', 'школа|школе|учитель', 'school|teacher'],
  ['mosque', 'мешіт|намаз', 'мечеть|мечети', 'mosque|prayer'],
  ['church', 'шіркеу', 'церковь|церкви', 'church'],
  ['wedding', 'той|үйлену', 'свадьба|свадьбе', 'wedding'],
  ['food', 'тамақ|нан|бауырсақ', 'еда|хлеб|лепёшки', 'food|bread', 'baursak|бауырсак'],
  ['music', 'домбыра|ән', 'домбра|песня|песни', 'dombra|song', 'dombyra'],
  ['language', 'ана тілі|тіл', 'родной язык|язык|языке', 'mother tongue|language'],
  ['factory', 'зауыт|фабрика', 'завод|заводе|фабрика', 'factory|plant'],
  ['film-studio', 'киностудия', 'киностудия|Мосфильм', 'film studio|Mosfilm'],
  ['apples', 'апорт|алма', 'апорт|яблоки', 'aport apples|apples'],
  ['virgin-lands', 'тың|тың игеру', 'целина|целину|целинники', 'Virgin Lands|virgin soil', 'Tselina'],
  ['protest', 'Желтоқсан|шеру', 'митинг|демонстрация', 'protest|demonstration'],
  ['independence', 'тәуелсіздік', 'независимость|независимости', 'independence'],
  ['bazaar', 'базар|сауда', 'базар|рынок|рынке', 'bazaar|market'],
  ['hospital', 'аурухана|дәрігер', 'больница|врач|врача', 'hospital|doctor'],
  ['theatre', 'театр', 'театр|театре', 'theatre|theater'],
  ['nauryz', 'Наурыз', 'Наурыз', 'Nauryz', 'Nawryz|Navruz'],
  ['housing', 'барак|үй', 'барак|бараке|землянка', 'barracks|dugout'],
  ['letters', 'хат|хаттар', 'письмо|письма|треугольник', 'letter|letters'],
  ['veterans', 'ардагер|ардагерлер', 'ветеран|ветераны|ветеранов', 'veteran|veterans'],
  ['panfilov-division', 'панфиловшылар|Панфилов', 'панфиловцы|Панфилов|дивизия', "Panfilov's men|Panfilov|division"],
  ['rehabilitation', 'ақталу', 'реабилитация|реабилитации', 'rehabilitation'],
  ['mixed-marriage', 'аралас неке', 'смешанный брак', 'mixed marriage'],
]);

export const ALL_TERMS: SyntheticTerm[] = [...ETHNIC_GROUPS, ...ERAS, ...PLACES, ...TOPICS];

export const NARRATOR_ROLES = ['war-veteran', 'labour-veteran', 'diaspora-leader', 'teacher', 'scholar', 'artist', 'worker', 'student'];
export const COLLECTIONS = ['deportation-voices', 'city-memory', 'school-lessons', 'war-letters', 'diaspora-life', 'jeltoqsan-86'];
