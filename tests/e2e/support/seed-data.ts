/**
 * What the end-to-end seed puts in the archive, shared by the seeding process and the tests.
 * Invented demo data only: no real person's testimony. Fixed ids, so tests can build URLs directly.
 */

export const SITE_PORT = Number(process.env.E2E_SITE_PORT || 3107);
export const API_PORT = Number(process.env.E2E_API_PORT || 4107);
export const SITE_URL = `http://127.0.0.1:${SITE_PORT}`;
/** Where the stack writes its database's address, so a journey can read the outbox (the test mailer's mails). */
export const STACK_INFO = `${process.env.TMPDIR || '/tmp'}/archive-e2e-stack-${SITE_PORT}.json`;
/** Research only, withdrawn by its narrator: nothing may be asked for (journey-reader). */
export const WITHDRAWN_INTERVIEW = '66e2e0000000000000000a01';

export const LANGS = ['kk', 'ru', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export const IDS = {
  narrator: '66e2e0000000000000000001',
  publicInterview: '66e2e0000000000000000101',
  researchInterview: '66e2e0000000000000000102',
  transcript: '66e2e0000000000000000201',
  flagship: '66e2e0000000000000000301',
  lesson: '66e2e0000000000000000302',
  /** Public, with a playable access copy (a generated tone): the embed tests play it. */
  recordedInterview: '66e2e0000000000000000103',
  recordedTranscript: '66e2e0000000000000000203',
  recordedTranscriptKk: '66e2e0000000000000000204',
  recordedAudio: '66e2e0000000000000000801',
  /** Never stored: an address that exists nowhere, to compare with a restricted one. */
  missingInterview: '66e2e00000000000000009ff',
} as const;

export const SLUGS = { flagship: 'history-of-the-ethnic-groups-of-almaty-demo', lesson: 'the-road-to-ushtobe-lesson-demo' } as const;

export const TEACHER = { email: 'teacher.demo@example.org', password: 'invented-demo-password-1', name: 'Demo Teacher' } as const;
/** Signed out everywhere by its own test: no other test may use it. */
export const TRAVELLING_TEACHER = { email: 'teacher2.demo@example.org', password: 'invented-demo-password-8', name: 'Travelling Teacher' } as const;

export const PUBLIC_TITLE = {
  kk: 'Уштөбеге апарар жол (демо)',
  ru: 'Дорога в Уштобе (демо)',
  en: 'The road to Ushtobe (demo)',
} as const;

export const FLAGSHIP_TITLE = {
  kk: 'Алматы қаласының этностарының тарихы (демо)',
  ru: 'История этносов Алматы (демо)',
  en: 'History of the ethnic groups of Almaty (demo)',
} as const;

export const LESSON_TITLE = {
  kk: 'Уштөбеге жол: сабақ (демо)',
  ru: 'Дорога в Уштобе: урок (демо)',
  en: 'The road to Ushtobe: a lesson (demo)',
} as const;

/** The transcript, in Russian as spoken; invented for the demo. [start, end, speaker, text] */
export const SEGMENTS: [number, number, string, string][] = [
  [0, 12, 'Интервьюер', 'Расскажите, пожалуйста, откуда приехала ваша семья.'],
  [12, 31, 'Мария Ким', 'Мои родители жили у моря, под Владивостоком. Отец ловил рыбу, мама держала огород.'],
  [31, 52, 'Мария Ким', 'Осенью нам сказали собираться. Взяли немного вещей, мешок риса и семена.'],
  [52, 78, 'Мария Ким', 'Ехали долго, больше месяца. В вагоне было холодно, старики рассказывали сказки детям.'],
  [78, 101, 'Интервьюер', 'Куда вас привезли?'],
  [101, 129, 'Мария Ким', 'В Уштобе. Местные казахи пустили нас зимовать в свои дома и делились хлебом.'],
  [129, 158, 'Мария Ким', 'Весной мы посадили рис у реки Каратал. Соседи приходили смотреть, как он растёт.'],
  [158, 190, 'Мария Ким', 'Потом я училась в Алма-Ате, стала учительницей и прожила в городе всю жизнь.'],
  [190, 214, 'Интервьюер', 'Что вы хотели бы передать внукам?'],
  [214, 240, 'Мария Ким', 'Помнить, что нас приняли как своих, и самим быть такими же к другим.'],
];

export const RECORDED_TITLE = {
  kk: 'Қаратал бойындағы күріш (демо)',
  ru: 'Рис у Каратала (демо)',
  en: 'Rice by the Karatal (demo)',
} as const;

/** The recorded interview's transcript (60 s of tone behind it); invented. [start, end, speaker, text] */
export const RECORDED_SEGMENTS: [number, number, string, string][] = [
  [0, 15, 'Интервьюер', 'Как вы сажали рис на новом месте?'],
  [15, 30, 'Мария Ким', 'Семена привезли с собой в мешке, берегли их всю дорогу.'],
  [30, 45, 'Мария Ким', 'Весной вода в арыках поднялась, и поле стало зелёным.'],
  [45, 60, 'Мария Ким', 'Осенью весь аул пришёл пробовать первый урожай.'],
];

/** The same recording's Kazakh transcript: a page showing it must caption in Kazakh, not Russian. */
export const RECORDED_SEGMENTS_KK: [number, number, string, string][] = [
  [0, 30, 'Сұхбаттасушы', 'Жаңа жерде күрішті қалай ектіңіздер?'],
  [30, 60, 'Мария Ким', 'Көктемде арықтағы су көтеріліп, егістік жасыл болды.'],
];

/** Staff accounts for the studio tests (invented). Two editors, to make a conflicting edit. */
export const STAFF = {
  researcher: { email: 'researcher.demo@example.org', password: 'invented-demo-password-2', name: 'Demo Researcher' },
  editor: { email: 'editor.demo@example.org', password: 'invented-demo-password-3', name: 'Demo Editor' },
  editor2: { email: 'editor2.demo@example.org', password: 'invented-demo-password-4', name: 'Second Demo Editor' },
  admin: { email: 'admin.demo@example.org', password: 'invented-demo-password-5', name: 'Demo Admin' },
} as const;

/** The researcher's own draft, with a pipeline step that failed (for the dashboard's Retry). */
export const STUDIO_IDS = {
  researcherDraft: '66e2e0000000000000000401',
  failedJob: '66e2e0000000000000000501',
  /** Sent for review by the researcher; the editors' dashboard lists it. */
  inReview: '66e2e0000000000000000402',
  /** Sent for review, indexed, tagged and published by the workflow test. */
  workflow: '66e2e0000000000000000403',
  /** A transcript only the studio tests edit, so the public pages' tests keep theirs. */
  editTranscript: '66e2e0000000000000000202',
  /** The conflict test's own interview in review and transcript, so a retry of either test finds its transcript as seeded. */
  conflictInterview: '66e2e0000000000000000404',
  conflictTranscript: '66e2e0000000000000000205',
  /** Masters of the interview in review whose latest fixity check passed, and found the object gone. */
  intactMaster: '66e2e0000000000000000802',
  missingMaster: '66e2e0000000000000000803',
} as const;

/** When the seeded fixity checks ran (the studio shows it in Almaty time). */
export const FIXITY_CHECKED_AT = '2026-11-30T04:00:00.000Z';

export const STUDIO_TITLES = {
  researcherDraft: { kk: 'Зерттеушінің жобасы (демо)', ru: 'Черновик исследователя (демо)', en: 'A researcher’s draft (demo)' },
  workflow: { kk: 'Жариялау жолы (демо)', ru: 'Путь к публикации (демо)', en: 'The way to publication (demo)' },
  inReview: { kk: 'Тексерудегі сұхбат (демо)', ru: 'Интервью на проверке (демо)', en: 'An interview in review (demo)' },
  conflictInterview: { kk: 'Екі редактордың сұхбаты (демо)', ru: 'Интервью двух редакторов (демо)', en: 'An interview two editors correct (demo)' },
} as const;

/** Segments of the transcripts the editors correct (the single edit and the conflict tests). [start, end, speaker, text] */
export const EDIT_SEGMENTS: [number, number, string, string][] = [
  [0, 10, 'Интервьюер', 'Когда вы приехали в Алма-Ату?'],
  [10, 25, 'Асель Омарова', 'В шестьдесят втором году, на учёбу в университет.'],
  [25, 40, 'Асель Омарова', 'Жили в общежитии на улице Виноградова, нас было шестеро в комнате.'],
];

/** Class links: an education-only interview with a playable (silent) access copy, and a teacher's lesson shared by a link. */
export const CLASS_IDS = {
  interview: '66e2e0000000000000000601',
  lesson: '66e2e0000000000000000602',
  /** The same lesson again, for the spec that removes its closed clip (the class pages keep theirs). */
  removalLesson: '66e2e0000000000000000603',
} as const;
/** A seeded link's token (only its hash is stored), so page checks can open the class page directly. */
export const CLASS_TOKEN = 'demo-class-link-token-for-the-e2e-tests-0001';
export const CLASS_INTERVIEW_TITLE = {
  kk: 'Сыныпқа арналған әңгіме (демо)',
  ru: 'Рассказ для класса (демо)',
  en: 'A story for the classroom (demo)',
} as const;
/** [start, end, text, access level of the passage] */
export const CLASS_SEGMENTS: [number, number, string, 'research' | null][] = [
  [0, 10, 'Мы жили в Алма-Ате на улице Торговой.', null],
  [10, 20, 'Зимой сорок первого к нам подселили эвакуированную семью из Киева.', null],
  [20, 30, 'Закрытый отрывок о соседях, только для исследователей.', 'research'],
  [30, 40, 'Мы делили одну печь и один стол до весны.', null],
];

/**
 * The journeys' interview (journey-editor.spec.ts): published and public, with a corrected transcript
 * and a recording that the stack's worker verifies and turns into an access copy at start-up, so a
 * clip of it plays. The research interview gets the same recording, so the restricted-URL checks
 * guard material that really exists.
 */
export const JOURNEY_IDS = {
  interview: '66e2e0000000000000000701',
  transcript: '66e2e0000000000000000702',
} as const;

export const JOURNEY_TITLE = {
  kk: 'Жетісу көшесіндегі аула (демо)',
  ru: 'Двор на улице Жетысу (демо)',
  en: 'A courtyard on Zhetysu Street (demo)',
} as const;

/** Seconds of the generated recording; the segments below fill it. */
export const JOURNEY_SECONDS = 24;

/**
 * A public interview with a passage for research only (its last segment) and a chapter for
 * education (the second): only the silenced-passages test changes it.
 */
export const SILENCE_IDS = {
  interview: '66e2e0000000000000000711',
  transcript: '66e2e0000000000000000712',
} as const;
export const SILENCE_TITLE = { kk: 'Ауладағы самауыр (демо)', ru: 'Самовар во дворе (демо)', en: 'The courtyard samovar (demo)' };

/**
 * A public interview whose last passage (and the chapter over it) is for research only: the reader's
 * passage journey (journey-reader-passage.spec.ts) asks for that passage through its mark and is granted it.
 */
export const PARTS_IDS = {
  interview: '66e2e0000000000000000721',
  transcript: '66e2e0000000000000000722',
} as const;
export const PARTS_TITLE = { kk: 'Аула әңгімелері (демо)', ru: 'Рассказы двора (демо)', en: 'Stories of the courtyard (demo)' };

export const JOURNEY_SEGMENTS: [number, number, string, string][] = [
  [0, 8, 'Интервьюер', 'Кто жил с вами в одном дворе?'],
  [8, 16, 'Гульнара Ахметова', 'Татары, уйгуры, немцы и мы, казахи, все вместе.'],
  [16, 24, 'Гульнара Ахметова', 'Летом во дворе ставили общий самовар.'],
];

/** Spoken in the research interview: must never appear to anyone outside research. */
export const RESEARCH_SECRET = 'Записи из закрытой тетради (демо)';
