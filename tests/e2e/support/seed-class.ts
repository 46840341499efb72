import { Types } from 'mongoose';
import { AccessLevel } from '../../../server/src/access/levels.js';
import { rangesFingerprint, withheldRanges } from '../../../server/src/access/withheld.js';
import type { InterviewDoc } from '../../../server/src/interviews/interview.model.js';
import { restrictionSource } from '../../../server/src/media/viewer-copy.js';
import { hashToken } from '../../../server/src/auth/tokens.js';
import type { Models } from '../../../server/src/db/models.js';
import type { Storage } from '../../../server/src/storage/storage.js';
import { CLASS_IDS, CLASS_INTERVIEW_TITLE, CLASS_SEGMENTS, CLASS_TOKEN, IDS, TEACHER } from './seed-data.js';
import { silentWav } from './studio.js';

const id = (hex: string) => new Types.ObjectId(hex);
const L = (kk: string, ru: string, en: string) => ({ kk, ru, en });
const SECONDS = 40;

/**
 * For the class-link tests: an education-only interview (teachers yes, the public no) with a silent
 * WAV access copy that Chromium can play, and a teacher's lesson shared through a link with a known token.
 */
async function teacherFingerprint(models: Models): Promise<string> {
  const interview = await models.Interview.findById(CLASS_IDS.interview).lean<InterviewDoc>();
  return rangesFingerprint(withheldRanges(await restrictionSource(models, interview!, { durationSeconds: SECONDS }), AccessLevel.education));
}

export async function seedClassLesson(models: Models, storage: Storage, sessionSecret: string) {
  const teacher = await models.User.findOne({ email: TEACHER.email }).lean();
  if (!teacher) throw new Error('seed the teacher first');
  await models.Interview.create({
    _id: id(CLASS_IDS.interview),
    title: CLASS_INTERVIEW_TITLE,
    summary: L('Ойдан құрастырылған демо сұхбат.', 'Вымышленное демо-интервью об эвакуации 1941 года.', 'An invented demo interview about the 1941 evacuation.'),
    languages: ['ru'],
    durationSeconds: SECONDS,
    createdBy: new Types.ObjectId(),
    status: 'published',
    accessLevel: AccessLevel.education,
    release: { permits: AccessLevel.education, withdrawn: false, signedOn: new Date('2025-05-14T00:00:00Z') },
  });
  await models.Transcript.create({
    interviewId: id(CLASS_IDS.interview),
    language: 'ru',
    status: 'approved',
    source: 'manual',
    segments: CLASS_SEGMENTS.map(([start, end, text, accessLevel]) => ({ start, end, text, speaker: 'Нина (демо)', accessLevel: accessLevel as AccessLevel | null })),
  });
  const key = `access/${CLASS_IDS.interview}/copy.wav`;
  const wav = silentWav(44 + 8000 * 2 * SECONDS);
  await storage.put(key, wav, 'audio/wav');
  await models.MediaAsset.create({
    interviewId: id(CLASS_IDS.interview), kind: 'access_audio', key, fileName: 'copy.wav', contentType: 'audio/wav',
    size: wav.length, status: 'ready', durationSeconds: SECONDS, createdBy: new Types.ObjectId(),
    // Cut for what a teacher may hear (the research passage silenced; the copy is silent anyway).
    audience: AccessLevel.education, restrictionsFingerprint: await teacherFingerprint(models),
  });

  const lesson = (_id: Types.ObjectId, slug: string, title: ReturnType<typeof L>) => models.Collection.create({
    _id,
    slug,
    title,
    intro: L('Эвакуация туралы қысқа сабақ.', 'Короткий урок об эвакуации.', 'A short lesson about the evacuation.'),
    audience: 'school' as const,
    status: 'draft' as const,
    createdBy: teacher._id,
    lesson: {
      learningGoals: [L('Эвакуация не екенін түсіну.', 'Понять, что такое эвакуация.', 'Understand what the evacuation was.')],
      discussionQuestions: [L('Көршілер бір-біріне қалай көмектесті?', 'Как соседи помогали друг другу?', 'How did the neighbours help each other?')],
      ageGuidance: '10+',
      minimumAge: 10,
      contentNotes: [L('Соғыс кезіндегі жоқшылық туралы.', 'Рассказ о лишениях военного времени.', 'Describes hardship in wartime.')],
    },
    blocks: [
      { type: 'text' as const, text: L('Тыңдап, жауап беріңдер.', 'Послушайте и ответьте на вопросы.', 'Listen, then answer the questions.') },
      { type: 'clip' as const, interviewId: id(CLASS_IDS.interview), start: 10, end: 40, caption: L('Көршілер', 'Соседи', 'Neighbours') },
      // Research only: the class sees that a clip is gone, and nothing else about it.
      { type: 'clip' as const, interviewId: id(IDS.researchInterview), start: 0, end: 30, caption: L('Жабық', 'Закрыто', 'Closed') },
    ],
  });
  await lesson(id(CLASS_IDS.lesson), 'a-teachers-lesson-demo', L('Көршілер (демо сабақ)', 'Соседи (демо-урок)', 'Neighbours (a demo lesson)'));
  await lesson(id(CLASS_IDS.removalLesson), 'a-lesson-to-tidy-demo', L('Ретке келтірілетін сабақ (демо)', 'Урок для наведения порядка (демо)', 'A lesson to tidy (demo)'));
  await models.ClassLink.create({
    collectionId: id(CLASS_IDS.lesson),
    tokenHash: hashToken(sessionSecret, CLASS_TOKEN),
    createdBy: teacher._id,
    createdAt: new Date(),
    expiresAt: new Date(Date.now() + 30 * 86_400_000),
  });
}
