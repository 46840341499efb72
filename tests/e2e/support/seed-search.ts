import { Types } from 'mongoose';
import { AccessLevel } from '../../../server/src/access/levels.js';
import type { Models } from '../../../server/src/db/models.js';
import type { TermKind } from '../../../server/src/vocabulary/vocabulary.model.js';
import { IDS } from './seed-data.js';
import {
  EDUCATION_SEGMENTS,
  EDUCATION_TITLE,
  KAZAKH_SEGMENTS,
  KAZAKH_TITLE,
  DOMBYRA_SEGMENTS,
  MARKUP_SEGMENT,
  PRIVATE_SEGMENT,
  RESEARCH_SEGMENTS,
  SEARCH_IDS,
} from './seed-search-data.js';

const id = (hex: string) => new Types.ObjectId(hex);
const L = (kk: string, ru: string, en: string) => ({ kk, ru, en });
const segments = (rows: [number, number, string, string][], accessLevel: AccessLevel | null = null) =>
  rows.map(([start, end, speaker, text]) => ({ start, end, speaker, text, accessLevel }));

/** Runs after the shared seed: finds its vocabulary by key and adds only new records. */
export async function seedSearch(models: Models, editorId: Types.ObjectId) {
  const termId = async (kind: TermKind, key: string) => {
    const term = await models.VocabularyTerm.findOne({ kind, key }).lean();
    if (!term) throw new Error(`seed-search: the shared seed has no ${kind} ${key}`);
    return term._id;
  };
  const kazakhs = await termId('ethnic_group', 'kazakhs');
  const jeltoqsan = await termId('era', 'jeltoqsan');
  const almaty = await termId('place', 'almaty');

  await models.Narrator.create({
    _id: id(SEARCH_IDS.narrator),
    names: [
      { value: 'Асқар Сейітов', script: 'Cyrl', lang: 'kk' },
      { value: 'Asqar Seiitov', script: 'Latn', lang: 'kk' },
    ],
    displayName: L('Асқар Сейітов (демо)', 'Аскар Сеитов (демо)', 'Askar Seitov (demo)'),
    birthYear: 1966,
    ethnicGroupIds: [kazakhs],
    roles: ['witness'],
    biography: L('Ойдан құрастырылған демо баяншы.', 'Вымышленный демо-рассказчик.', 'An invented demo narrator.'),
    createdBy: editorId,
  });

  const common = { createdBy: editorId, status: 'published' as const, interviewers: [{ name: 'Aigerim Sadykova (demo)' }] };
  await models.Interview.create({
    ...common,
    _id: id(SEARCH_IDS.kazakhInterview),
    title: KAZAKH_TITLE,
    summary: L(
      'Ойдан құрастырылған демо сұхбат: студенттің 1986 жылғы желтоқсандағы бір таңы.',
      'Вымышленное демо-интервью: одно декабрьское утро студента в 1986 году.',
      'An invented demo interview: a student’s December morning in 1986.',
    ),
    languages: ['kk'],
    narratorIds: [id(SEARCH_IDS.narrator)],
    recordedOn: new Date('2024-11-02T00:00:00Z'),
    placeTermId: almaty,
    durationSeconds: 240,
    tagIds: [kazakhs, jeltoqsan],
    release: { permits: AccessLevel.public, withdrawn: false, signedOn: new Date('2024-11-02T00:00:00Z') },
    accessLevel: AccessLevel.public,
  });
  await models.Transcript.create({
    _id: id(SEARCH_IDS.kazakhTranscript),
    interviewId: id(SEARCH_IDS.kazakhInterview),
    language: 'kk',
    status: 'approved',
    source: 'manual',
    segments: [
      ...segments(KAZAKH_SEGMENTS),
      ...segments([PRIVATE_SEGMENT], AccessLevel.private),
      ...segments([MARKUP_SEGMENT, ...DOMBYRA_SEGMENTS]),
    ],
  });

  // For teachers and staff: published, released for education only.
  await models.Interview.create({
    ...common,
    _id: id(SEARCH_IDS.educationInterview),
    title: EDUCATION_TITLE,
    summary: L('Тек мұғалімдерге (демо).', 'Только для учителей (демо).', 'For teachers only (demo).'),
    languages: ['ru'],
    narratorIds: [id(IDS.narrator)],
    recordedOn: new Date('2023-03-01T00:00:00Z'),
    durationSeconds: 20,
    tagIds: [kazakhs],
    release: { permits: AccessLevel.education, withdrawn: false, signedOn: new Date('2023-03-01T00:00:00Z') },
    accessLevel: AccessLevel.education,
  });
  await models.Transcript.create({
    _id: id(SEARCH_IDS.educationTranscript),
    interviewId: id(SEARCH_IDS.educationInterview),
    language: 'ru',
    status: 'approved',
    source: 'manual',
    segments: segments(EDUCATION_SEGMENTS),
  });

  // The shared seed's research interview gets words too, so leaking it would show.
  await models.Transcript.create({
    _id: id(SEARCH_IDS.researchTranscript),
    interviewId: id(IDS.researchInterview),
    language: 'ru',
    status: 'approved',
    source: 'manual',
    segments: segments(RESEARCH_SEGMENTS),
  });
}
