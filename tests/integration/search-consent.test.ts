/**
 * Search keeps consent: a restricted chapter's keywords are judged at the chapter's own level, and a
 * narrator taken off an interview is no longer found through it.
 */
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLevel, Role } from '../../server/src/access/levels.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { storedInterview } from '../support/factories.js';

let archive: TestArchive;
let editor: Awaited<ReturnType<TestArchive['userWithRoles']>>;
let chaptered: string;
let withNarrator: string;
let narratorId: string;

const SEARCH = `query($q: String!) { search(q: $q, first: 50) { total hits { kind interviewId narratorId segmentId } } }`;
const hitsFor = async (q: string, token?: string) => {
  const res = await archive.gql(SEARCH, { q }, token);
  expect(res.errors).toBeUndefined();
  return res.data!.search.hits as { kind: string; interviewId: string | null; narratorId: string | null }[];
};

beforeAll(async () => {
  archive = await startTestArchive();
  editor = await archive.userWithRoles([Role.editor]);
  chaptered = await storedInterview(archive, { title: 'Chaptered open interview' });
  await archive.db.models.Interview.updateOne({ _id: chaptered }, {
    $set: {
      indexSegments: [
        { start: 0, end: 60, title: { en: 'Arrival' }, keywords: ['Zharkentovka'] },
        { start: 60, end: 120, title: { en: 'Withheld chapter' }, keywords: ['Qyzylkumovka'], accessLevel: AccessLevel.private },
        { start: 120, end: 180, title: { en: 'Classroom chapter' }, keywords: ['Ushtobovka'], accessLevel: AccessLevel.education },
      ],
    },
  });
  const n = await archive.db.models.Narrator.create({
    names: [{ value: 'Zhanibekova Altyngul', script: 'Latn' }], displayName: { en: 'Zhanibekova Altyngul' }, createdBy: new Types.ObjectId(),
  });
  narratorId = n._id.toHexString();
  withNarrator = await storedInterview(archive, { title: 'Interview with a narrator', narratorIds: [narratorId] });
  await archive.api.services.search.start();
  await archive.api.services.search.rebuild();
});
afterAll(() => archive?.close());

describe('restricted chapters in search', () => {
  it('an open chapter\'s keyword finds the interview for everyone', async () => {
    expect((await hitsFor('Zharkentovka')).map((h) => h.interviewId)).toContain(chaptered);
  });
  it('a private chapter\'s keyword finds nothing for the public, a teacher or a researcher; an editor finds it', async () => {
    const teacher = await archive.userWithRoles([Role.teacher]);
    const researcher = await archive.userWithRoles([Role.researcher]);
    for (const token of [undefined, teacher.token, researcher.token]) expect(await hitsFor('Qyzylkumovka', token)).toEqual([]);
    expect((await hitsFor('Qyzylkumovka', editor.token)).map((h) => h.interviewId)).toContain(chaptered);
  });
  it('an education chapter\'s keyword is for teachers, not the public', async () => {
    const teacher = await archive.userWithRoles([Role.teacher]);
    expect(await hitsFor('Ushtobovka')).toEqual([]);
    expect((await hitsFor('Ushtobovka', teacher.token)).map((h) => h.interviewId)).toContain(chaptered);
  });
});

describe('a narrator taken off an interview', () => {
  it('is no longer found through it, once the change reaches search', async () => {
    const before = await hitsFor('Zhanibekova');
    expect(before.some((h) => h.kind === 'narrator' && h.narratorId === narratorId)).toBe(true);
    expect(before.some((h) => h.kind === 'interview' && h.interviewId === withNarrator)).toBe(true);

    const res = await archive.gql(
      'mutation($input: UpdateInterviewInput!) { updateInterview(input: $input) { id } }',
      { input: { id: withNarrator, version: (await archive.db.models.Interview.findById(withNarrator).lean())!.version, narratorIds: [] } },
      editor.token,
    );
    expect(res.errors).toBeUndefined();
    await archive.api.services.search.poll();
    // The narrator's only interview no longer names them: the public finds neither the interview
    // by the name nor the narrator (narrators are known to the public only through their interviews).
    expect(await hitsFor('Zhanibekova')).toEqual([]);
    expect((await hitsFor('Zhanibekova', editor.token)).map((h) => h.kind)).toEqual(['narrator']);
  });
});
