/**
 * The recordings of the journeys, uploaded at start-up through the archive's real multipart upload
 * (the ingest client, as `npm run ingest` does) so the stack's worker runs the whole pipeline on
 * them: a short generated tone for the journeys' public interview and for the research interview.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Types } from 'mongoose';
import { AccessLevel } from '../../../server/src/access/levels.js';
import type { Services } from '../../../server/src/services.js';
import type { Models } from '../../../server/src/db/models.js';
import { ArchiveApi } from '../../../ingest/src/cli/api-client.js';
import { uploadRecording } from '../../../ingest/src/cli/uploader.js';
import { sha256OfFile } from '../../../ingest/src/media/object-files.js';
import { IDS, JOURNEY_IDS, JOURNEY_SECONDS, JOURNEY_SEGMENTS, JOURNEY_TITLE, PARTS_IDS, PARTS_TITLE, RESEARCH_SECRET, SILENCE_IDS, SILENCE_TITLE, STAFF, WITHDRAWN_INTERVIEW } from './seed-data.js';

const id = (hex: string) => new Types.ObjectId(hex);
type Text = { kk: string; ru: string; en: string };

/** A mono 16 kHz tone of `seconds`, rising in pitch so each part sounds different. */
export async function toneWav(path: string, seconds: number) {
  await promisify(execFile)('ffmpeg', [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=220:beep_factor=2:duration=${seconds}`,
    '-ar', '16000', '-ac', '1', '-c:a', 'pcm_s16le', path,
  ]);
}

export async function seedJourneys(models: Models, services: Services, apiUrl: string) {
  const editor = await models.User.findOne({ email: STAFF.editor.email });
  if (!editor) throw new Error('seed the staff first');
  // Two published, public interviews of the same courtyard, each with a corrected transcript (so
  // the worker's automatic draft never replaces it): the journeys', and one with restricted parts.
  const courtyard = async (
    ids: { interview: string; transcript: string },
    fields: { title: Text; summary: Text; day: string; restrictions?: string; indexSegments?: object[] },
    restrictSegment = -1,
  ) => {
    const signedOn = new Date(`${fields.day}T00:00:00Z`);
    await models.Interview.create({
      _id: id(ids.interview),
      title: fields.title,
      summary: fields.summary,
      languages: ['ru'],
      recordedOn: signedOn,
      createdBy: editor._id,
      status: 'published',
      accessLevel: AccessLevel.public,
      release: { permits: AccessLevel.public, withdrawn: false, signedOn, restrictions: fields.restrictions ?? null },
      indexSegments: (fields.indexSegments ?? []) as never,
    });
    await models.Transcript.create({
      _id: id(ids.transcript),
      interviewId: id(ids.interview),
      language: 'ru',
      status: 'approved',
      source: 'manual',
      segments: JOURNEY_SEGMENTS.map(([start, end, speaker, text], i) => ({ start, end, speaker, text, ...(i === restrictSegment ? { accessLevel: AccessLevel.research } : {}) })),
    });
  };
  await courtyard(JOURNEY_IDS, {
    title: JOURNEY_TITLE,
    summary: { kk: 'Ойдан құрастырылған демо сұхбат.', ru: 'Вымышленное демо-интервью о соседях по двору.', en: 'An invented demo interview about neighbours in a courtyard.' },
    day: '2025-07-02',
  });
  // The samovar passage (the last segment) for research; the second chapter for education.
  await courtyard(
    SILENCE_IDS,
    {
      title: SILENCE_TITLE,
      summary: { kk: 'Ойдан құрастырылған демо сұхбат.', ru: 'Вымышленное демо-интервью.', en: 'An invented demo interview.' },
      day: '2025-07-03',
      restrictions: 'The samovar passage for research only; the second chapter for education and research.',
      indexSegments: [
        { start: 0, end: 8, title: { en: 'Neighbours (demo)' }, synopsis: {}, keywords: [], subjectIds: [] },
        { start: 8, end: 24, title: { en: 'Summers in the courtyard (demo)' }, synopsis: {}, keywords: [], subjectIds: [], accessLevel: AccessLevel.education },
      ],
    },
    2,
  );
  // The samovar passage for research only, and the chapter over it: the reader asks for the passage.
  await courtyard(
    PARTS_IDS,
    {
      title: PARTS_TITLE,
      summary: { kk: 'Ойдан құрастырылған демо сұхбат.', ru: 'Вымышленное демо-интервью.', en: 'An invented demo interview.' },
      day: '2025-07-04',
      restrictions: 'The samovar passage for research only.',
      indexSegments: [
        { start: 0, end: 16, title: { en: 'Neighbours (demo)' }, synopsis: {}, keywords: [], subjectIds: [] },
        { start: 16, end: 24, title: { en: 'The samovar (demo)' }, synopsis: {}, keywords: [], subjectIds: [], accessLevel: AccessLevel.research },
      ],
    },
    2,
  );
  // The research interview's transcript (the search seed's) also says the secret, so the
  // restricted-URL checks guard words that really exist.
  const research = await models.Transcript.findOne({ interviewId: id(IDS.researchInterview) });
  if (!research) throw new Error('seed the search records first (seedE2e)');
  research.segments.push({ start: JOURNEY_SECONDS, end: JOURNEY_SECONDS + 10, speaker: 'Интервьюер', text: RESEARCH_SECRET } as never);
  await research.save();

  // Withdrawn by its narrator: requests for it are impossible (journey-reader).
  await models.Interview.create({
    _id: id(WITHDRAWN_INTERVIEW),
    title: { kk: 'Кері алынған (демо)', ru: 'Отозванное (демо)', en: 'Withdrawn (demo)' },
    languages: ['ru'],
    createdBy: editor._id,
    status: 'published',
    accessLevel: AccessLevel.research,
    release: { permits: AccessLevel.research, withdrawn: true, withdrawnAt: new Date('2025-08-01T00:00:00Z'), withdrawnReason: 'The narrator withdrew (demo)' },
  });

  const { token } = await services.auth.openSession(editor);
  const dir = await mkdtemp(join(tmpdir(), 'e2e-journey-'));
  try {
    const path = join(dir, 'courtyard.wav');
    await toneWav(path, JOURNEY_SECONDS);
    const api = new ArchiveApi(apiUrl, token);
    const file = { file: 'courtyard.wav', path, size: (await stat(path)).size, sha256: await sha256OfFile(path), contentType: 'audio/wav', parallel: 2 };
    for (const interviewId of [JOURNEY_IDS.interview, IDS.researchInterview, SILENCE_IDS.interview, PARTS_IDS.interview]) {
      const outcome = await uploadRecording({ api, interviewId, ...file });
      if (outcome.status !== 'uploaded') throw new Error(`journey recording was not uploaded: ${outcome.reason}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
