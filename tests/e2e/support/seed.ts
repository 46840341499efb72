import { Types } from 'mongoose';
import { AccessLevel, Role } from '../../../server/src/access/levels.js';
import type { Models } from '../../../server/src/db/models.js';
import type { TermKind } from '../../../server/src/vocabulary/vocabulary.model.js';
import type { Services } from '../../../server/src/services.js';
import { seedSearch } from './seed-search.js';
import type { Storage } from '../../../server/src/storage/storage.js';
import { keys } from '../../../server/src/storage/keys.js';
import { toneWav } from './recording.js';
import {
  EDIT_SEGMENTS,
  FIXITY_CHECKED_AT,
  FLAGSHIP_TITLE,
  IDS,
  LESSON_TITLE,
  PUBLIC_TITLE,
  RECORDED_SEGMENTS,
  RECORDED_SEGMENTS_KK,
  RECORDED_TITLE,
  SEGMENTS,
  SLUGS,
  STAFF,
  STUDIO_IDS,
  STUDIO_TITLES,
  TEACHER,
  TRAVELLING_TEACHER,
} from './seed-data.js';

const id = (hex: string) => new Types.ObjectId(hex);
const L = (kk: string, ru: string, en: string) => ({ kk, ru, en });

/** The eras of DOMAIN.md, with their years. */
const ERAS: [string, [string, string, string], number, number | null][] = [
  ['verny', ['Верный бекінісі мен қаласы', 'Крепость и город Верный', 'The fortress and town of Verny'], 1854, 1921],
  ['alma-ata-capital', ['Алма-Ата – астана', 'Алма-Ата – столица', 'Alma-Ata becomes the capital'], 1921, 1930],
  ['famine', ['Ұжымдастыру және ашаршылық', 'Коллективизация и голод', 'Collectivisation and the famine'], 1929, 1934],
  ['deportations-1930s', ['Поляктар мен корейлерді жер аудару', 'Депортация поляков и корейцев', 'Deportation of Poles and Koreans'], 1936, 1937],
  ['second-world-war', ['Екінші дүниежүзілік соғыс', 'Вторая мировая война', 'The Second World War'], 1941, 1945],
  ['post-war', ['Соғыстан кейінгі жылдар және тың', 'Послевоенные годы и целина', 'Post-war years and the Virgin Lands'], 1946, 1964],
  ['soviet-city', ['Кеңестік қаланың өсуі', 'Рост советского города', 'The growing Soviet city'], 1965, 1985],
  ['jeltoqsan', ['Желтоқсан', 'Желтоксан', 'Jeltoqsan protests'], 1986, 1986],
  ['independence', ['Тәуелсіздік', 'Независимость', 'Independence'], 1991, 1991],
  ['almaty-1990s', ['Алматы атауы, астананың көшуі', 'Алматы, перенос столицы', 'Almaty; the capital moves'], 1992, 1999],
  ['modern-city', ['Қазіргі қала', 'Современный город', 'The modern city'], 2000, null],
];

/** Invented demo archive for the browser tests: a handful of records written straight through the models. */
export async function seedE2e(models: Models, services: Services, storage: Storage) {
  const editorId = new Types.ObjectId();
  const term = async (kind: TermKind, key: string, labels: ReturnType<typeof L>, extra: Record<string, unknown> = {}) =>
    (await models.VocabularyTerm.create({ kind, key, labels, ...extra }))._id;

  const koreans = await term('ethnic_group', 'koreans', L('Корейлер', 'Корейцы', 'Koreans'), { altLabels: ['Koryo-saram', 'Корё-сарам'] });
  await term('ethnic_group', 'kazakhs', L('Қазақтар', 'Казахи', 'Kazakhs'), { altLabels: ['Qazaqtar'] });
  await term('ethnic_group', 'uyghurs', L('Ұйғырлар', 'Уйгуры', 'Uyghurs'));
  await term('ethnic_group', 'germans', L('Немістер', 'Немцы', 'Germans'));
  const eraIds: Record<string, Types.ObjectId> = {};
  for (const [key, [kk, ru, en], startYear, endYear] of ERAS) {
    eraIds[key] = await term('era', key, L(kk, ru, en), { startYear, endYear });
  }
  const almaty = await term('place', 'almaty', L('Алматы', 'Алматы', 'Almaty'), { altLabels: ['Алма-Ата', 'Alma-Ata', 'Verny'], latitude: 43.24, longitude: 76.89 });
  const ushtobe = await term('place', 'ushtobe', L('Үштөбе', 'Уштобе', 'Ushtobe'), { latitude: 45.25, longitude: 77.98 });
  await term('place', 'primorye', L('Приморье', 'Приморье', 'Primorye'));

  await models.Narrator.create({
    _id: id(IDS.narrator),
    names: [
      { value: 'Мария Ким', script: 'Cyrl', lang: 'ru' },
      { value: 'Mariya Kim', script: 'Latn', lang: 'en' },
      { value: '김마리아', script: 'Hang', lang: 'ko' },
    ],
    displayName: L('Мария Ким (демо)', 'Мария Ким (демо)', 'Maria Kim (demo)'),
    birthYear: 1932,
    birthPlace: 'Primorye',
    ethnicIdentity: 'Корё-сарам',
    ethnicGroupIds: [koreans],
    roles: ['labour_veteran', 'witness'],
    biography: L(
      'Ойдан құрастырылған демо баяншы. Мектеп мұғалімі болып, өмір бойы Алматыда тұрған.',
      'Вымышленная демо-рассказчица. Работала школьной учительницей и всю жизнь прожила в Алматы.',
      'An invented demo narrator. She worked as a schoolteacher and lived in Almaty all her life.',
    ),
    contact: { phone: '+7 000 000 00 00' },
    createdBy: editorId,
  });

  const common = { createdBy: editorId, status: 'published' as const, languages: ['ru'], interviewers: [{ name: 'Aigerim Sadykova (demo)' }] };
  await models.Interview.create({
    ...common,
    _id: id(IDS.publicInterview),
    title: PUBLIC_TITLE,
    summary: L(
      'Ойдан құрастырылған демо сұхбат: 1937 жылы Қиыр Шығыстан Үштөбеге жер аударылған отбасы туралы.',
      'Вымышленное демо-интервью о семье, депортированной в 1937 году с Дальнего Востока в Уштобе.',
      'An invented demo interview about a family deported in 1937 from the Far East to Ushtobe.',
    ),
    narratorIds: [id(IDS.narrator)],
    recordedOn: new Date('2025-05-14T00:00:00Z'),
    place: 'Almaty',
    placeTermId: almaty,
    durationSeconds: 240,
    tagIds: [koreans, eraIds['deportations-1930s']!, ushtobe],
    indexSegments: [
      { start: 0, end: 52, title: L('Теңіз жағасындағы үй', 'Дом у моря', 'A home by the sea'), synopsis: L('Отбасы Приморьеде.', 'Семья в Приморье до переселения.', 'The family in Primorye before the deportation.'), keywords: ['Primorye', 'fishing'] },
      { start: 52, end: 129, title: L('Жол', 'Дорога', 'The journey'), synopsis: L('Вагондағы бір ай.', 'Месяц в товарном вагоне.', 'A month in a goods wagon, and the welcome in Ushtobe.'), keywords: ['1937', 'Ushtobe'] },
      { start: 129, end: 240, title: L('Жаңа өмір', 'Новая жизнь', 'A new life'), synopsis: L('Күріш, оқу, Алма-Ата.', 'Рис, учёба, Алма-Ата.', 'Rice by the Karatal, studies, Alma-Ata.'), keywords: ['rice', 'teaching'] },
    ],
    release: { permits: AccessLevel.public, withdrawn: false, signedOn: new Date('2025-05-14T00:00:00Z') },
    accessLevel: AccessLevel.public,
  });
  await models.Transcript.create({
    _id: id(IDS.transcript),
    interviewId: id(IDS.publicInterview),
    language: 'ru',
    status: 'approved',
    source: 'manual',
    segments: SEGMENTS.map(([start, end, speaker, text]) => ({ start, end, speaker, text })),
  });

  // Research only: anonymous visitors and teachers must not learn that it exists.
  await models.Interview.create({
    ...common,
    _id: id(IDS.researchInterview),
    title: L('Жабық дәптер (демо)', 'Закрытая тетрадь (демо)', 'A closed notebook (demo)'),
    summary: L('Тек зерттеушілерге.', 'Только для исследователей.', 'For researchers only.'),
    narratorIds: [id(IDS.narrator)],
    durationSeconds: 600,
    release: { permits: AccessLevel.research, withdrawn: false },
    accessLevel: AccessLevel.research,
  });

  const clip = { type: 'clip' as const, interviewId: id(IDS.publicInterview), start: 101, end: 158 };
  await models.Collection.create({
    _id: id(IDS.flagship),
    slug: SLUGS.flagship,
    title: FLAGSHIP_TITLE,
    intro: L(
      'Верный бекінісінен бүгінгі қалаға дейін: Алматыға әр кезде келген адамдардың дауыстары. Барлық сұхбаттар ойдан құрастырылған демо.',
      'От крепости Верный до сегодняшнего города: голоса людей, приехавших в Алматы в разное время. Все интервью — вымышленное демо.',
      'From the fortress of Verny to today’s city: voices of people who came to Almaty at different times. All interviews are invented demo material.',
    ),
    audience: 'general',
    featured: true,
    status: 'published',
    publishedAt: new Date('2025-06-01T00:00:00Z'),
    createdBy: editorId,
    blocks: [
      { type: 'text', text: L('1937 жылдың күзінде…', 'Осенью 1937 года эшелоны с корейскими семьями шли на запад.', 'In the autumn of 1937, trains carrying Korean families went west.') },
      { ...clip, caption: L('Үштөбеде қарсы алу', 'Встреча в Уштобе', 'The welcome in Ushtobe') },
      { type: 'quote', text: L('Бізді өз адамындай қабылдады.', 'Нас приняли как своих.', 'They took us in as their own.'), attribution: 'Maria Kim (invented narrator, demo)', interviewId: id(IDS.publicInterview), start: 214 },
      { type: 'image', imageKey: 'demo/gradient.png', alt: L('Түсті градиент (демо)', 'Цветной градиент (демо)', 'A colour gradient (demo)'), caption: L('Демо сурет', 'Демо-изображение', 'A demo picture') },
    ],
  });
  await models.Collection.create({
    _id: id(IDS.lesson),
    slug: SLUGS.lesson,
    title: LESSON_TITLE,
    intro: L('Сабаққа арналған қысқа үзінді (демо).', 'Короткий фрагмент для урока (демо).', 'A short clip for a class (demo).'),
    audience: 'school',
    featured: false,
    status: 'published',
    publishedAt: new Date('2025-06-02T00:00:00Z'),
    createdBy: editorId,
    lesson: {
      learningGoals: [L('Жер аударудың себептерін түсіну.', 'Понять причины депортации 1937 года.', 'Understand why Koreans were deported in 1937.')],
      discussionQuestions: [L('Жергілікті тұрғындар қалай көмектесті?', 'Как помогли местные жители?', 'How did the people of Ushtobe help the newcomers?')],
      ageGuidance: '12+',
      minimumAge: 12,
      contentNotes: [L('Жер аудару және жоқшылық туралы.', 'Рассказ о депортации и лишениях.', 'Describes deportation and hardship.')],
    },
    blocks: [{ ...clip, caption: L('Үштөбеде', 'В Уштобе', 'In Ushtobe') }],
  });

  await services.users.createDirectly({ email: TEACHER.email, name: TEACHER.name, password: TEACHER.password, roles: [Role.teacher] });
  await services.users.createDirectly({ ...TRAVELLING_TEACHER, roles: [Role.teacher] });
  await seedRecorded(models, storage, { ...common, tagIds: [koreans, ushtobe], placeTermId: almaty });
  await seedStudio(models, services, almaty);
  await seedSearch(models, editorId);
}

/** A public interview with a ready access copy in storage, so the browser has something to play. */
async function seedRecorded(models: Models, storage: Storage, base: { createdBy: Types.ObjectId } & Record<string, unknown>) {
  const key = `access/${IDS.recordedInterview}/${IDS.recordedAudio}.audio.wav`;
  const audio = toneWav(60);
  await storage.put(key, audio, 'audio/wav');
  await models.Interview.create({
    ...base,
    _id: id(IDS.recordedInterview),
    title: RECORDED_TITLE,
    summary: L(
      'Ойдан құрастырылған демо сұхбат: Қаратал бойындағы алғашқы күріш егісі.',
      'Вымышленное демо-интервью о первом рисе у реки Каратал.',
      'An invented demo interview about the first rice by the Karatal river.',
    ),
    narratorIds: [id(IDS.narrator)],
    durationSeconds: 60,
    release: { permits: AccessLevel.public, withdrawn: false, signedOn: new Date('2025-05-14T00:00:00Z') },
    accessLevel: AccessLevel.public,
  });
  await models.MediaAsset.create({
    _id: id(IDS.recordedAudio),
    interviewId: id(IDS.recordedInterview),
    kind: 'access_audio',
    key,
    fileName: 'rice-by-the-karatal.wav',
    contentType: 'audio/wav',
    size: audio.length,
    status: 'ready',
    durationSeconds: 60,
    createdBy: base.createdBy,
  });
  await models.Transcript.create({
    _id: id(IDS.recordedTranscript),
    interviewId: id(IDS.recordedInterview),
    language: 'ru',
    status: 'approved',
    source: 'manual',
    segments: RECORDED_SEGMENTS.map(([start, end, speaker, text]) => ({ start, end, speaker, text })),
  });
  await models.Transcript.create({
    _id: id(IDS.recordedTranscriptKk),
    interviewId: id(IDS.recordedInterview),
    language: 'kk',
    status: 'approved',
    source: 'manual',
    segments: RECORDED_SEGMENTS_KK.map(([start, end, speaker, text]) => ({ start, end, speaker, text })),
  });
}

/** Staff, a researcher's draft with a failed pipeline step, an interview in review, a transcript to edit. */
async function seedStudio(models: Models, services: Services, almaty: Types.ObjectId) {
  const staff = async (who: (typeof STAFF)[keyof typeof STAFF], roles: Role[]) =>
    (await services.users.createDirectly({ ...who, roles }))._id;
  const researcherId = await staff(STAFF.researcher, [Role.researcher]);
  await staff(STAFF.editor, [Role.editor]);
  await staff(STAFF.editor2, [Role.editor]);
  await staff(STAFF.admin, [Role.admin]);

  await models.Interview.create({
    _id: id(STUDIO_IDS.researcherDraft),
    title: STUDIO_TITLES.researcherDraft,
    summary: L('', 'Вымышленный черновик.', 'An invented draft.'),
    languages: ['ru'],
    placeTermId: almaty,
    createdBy: researcherId,
    status: 'draft',
    accessLevel: AccessLevel.private,
  });
  // A step that gave up, as a worker leaves it: the dashboard shows the error and offers Retry.
  await models.Job.create({
    _id: id(STUDIO_IDS.failedJob),
    type: 'probe-media',
    interviewId: id(STUDIO_IDS.researcherDraft),
    state: 'failed',
    attempts: 3,
    maxAttempts: 3,
    progress: 40,
    lastError: { message: 'The file is not a recording that ffprobe can read', at: new Date(), attempt: 3 },
    finishedAt: new Date(),
  });
  await models.Interview.create({
    _id: id(STUDIO_IDS.workflow),
    title: STUDIO_TITLES.workflow,
    summary: L('', 'Вымышленное интервью для проверки публикации.', 'An invented interview to walk the publishing workflow.'),
    languages: ['ru'],
    durationSeconds: 300,
    createdBy: researcherId,
    status: 'draft',
    accessLevel: AccessLevel.private,
    release: { permits: AccessLevel.research, withdrawn: false, signedOn: new Date('2025-05-14T00:00:00Z') },
  });
  await models.Interview.create({
    _id: id(STUDIO_IDS.inReview),
    title: STUDIO_TITLES.inReview,
    summary: L('', 'Вымышленное интервью о студенческих годах.', 'An invented interview about student years.'),
    languages: ['ru'],
    durationSeconds: 40,
    createdBy: researcherId,
    status: 'in_review',
    accessLevel: AccessLevel.research,
  });
  await models.Interview.create({
    _id: id(STUDIO_IDS.conflictInterview),
    title: STUDIO_TITLES.conflictInterview,
    summary: L('', 'Вымышленное интервью, которое правят два редактора сразу.', 'An invented interview two editors correct at once.'),
    languages: ['ru'],
    durationSeconds: 40,
    createdBy: researcherId,
    status: 'in_review',
    accessLevel: AccessLevel.research,
  });
  for (const [transcript, interview] of [[STUDIO_IDS.editTranscript, STUDIO_IDS.inReview], [STUDIO_IDS.conflictTranscript, STUDIO_IDS.conflictInterview]] as const) {
    await models.Transcript.create({
      _id: id(transcript),
      interviewId: id(interview),
      language: 'ru',
      status: 'automatic',
      source: 'whisper',
      segments: EDIT_SEGMENTS.map(([start, end, speaker, text]) => ({ start, end, speaker, text })),
    });
  }
  // Two masters as the worker's fixity check leaves them (the stack runs no housekeeping): one read
  // back intact, one whose object had vanished from storage. No bytes: nothing here plays them.
  const checkedAt = new Date(FIXITY_CHECKED_AT);
  const master = { interviewId: id(STUDIO_IDS.inReview), kind: 'master' as const, contentType: 'audio/wav', size: 48_000, status: 'ready' as const, createdBy: researcherId };
  await models.MediaAsset.create({
    ...master, _id: id(STUDIO_IDS.intactMaster), key: keys.master(STUDIO_IDS.inReview, STUDIO_IDS.intactMaster, 'student-years-side-a.wav'), fileName: 'student-years-side-a.wav',
    sha256: 'a'.repeat(64), fixity: { checkedAt, status: 'ok', foundSha256: null },
  });
  await models.MediaAsset.create({
    ...master, _id: id(STUDIO_IDS.missingMaster), key: keys.master(STUDIO_IDS.inReview, STUDIO_IDS.missingMaster, 'student-years-side-b.wav'), fileName: 'student-years-side-b.wav',
    sha256: 'b'.repeat(64), fixity: { checkedAt, status: 'missing', foundSha256: null },
  });
}
