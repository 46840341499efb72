/**
 * Interview.withheldParts on the real database: where in an interview one may see something is
 * withheld from the viewer (restricted passages and chapters), with a request link only where a grant
 * could open it, and nothing of what is withheld (no text, no title). Visitor, reader before and
 * after a part grant, teacher, researcher, editor.
 */
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLevel, Role } from '../../server/src/access/levels.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { storedInterview } from '../support/factories.js';

let archive: TestArchive;
let reader: { id: string; token: string };
let editor: { token: string };
let interview: string;
const ids = {
  researchChapter: new Types.ObjectId(),
  privateChapter: new Types.ObjectId(),
  openEnded: new Types.ObjectId(),
  researchPassage: new Types.ObjectId(),
  privatePassage: new Types.ObjectId(),
  educationPassage: new Types.ObjectId(),
  draftPassage: new Types.ObjectId(),
};
let transcriptId: string;
const SECRETS = ['The camp (secret title)', 'A family matter (secret title)', 'In the camp we were hungry', 'What my mother never told', 'At school we sang', 'A draft secret'];

const WITHHELD = `query($id: ID!) { interview(id: $id) { withheldParts { partId kind transcriptId start end requestable asked } } }`;
type Part = { partId: string; kind: string; transcriptId: string | null; start: number; end: number; requestable: boolean; asked: boolean };
async function withheld(token?: string): Promise<Part[]> {
  const res = await archive.gql(WITHHELD, { id: interview }, token);
  expect(res.errors).toBeUndefined();
  const text = JSON.stringify(res.data);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
  return res.data!.interview.withheldParts as Part[];
}
const brief = (parts: Part[]) => parts.map((p) => `${p.kind} ${p.start}-${p.end}${p.requestable ? ' ask' : ''}${p.asked ? 'ed' : ''}`);
const DAY = 86_400_000;

beforeAll(async () => {
  archive = await startTestArchive();
  reader = await archive.userWithRoles([Role.reader]);
  editor = await archive.userWithRoles([Role.editor]);
  interview = await storedInterview(archive, { accessLevel: 'public', release: { permits: 'public', withdrawn: false }, durationSeconds: 240 });
  await archive.db.models.Interview.updateOne({ _id: interview }, {
    $set: {
      indexSegments: [
        { _id: new Types.ObjectId(), start: 0, end: 60, title: { en: 'Arrival' } },
        { _id: ids.researchChapter, start: 60, end: 120, title: { en: SECRETS[0] }, accessLevel: AccessLevel.research },
        { _id: ids.privateChapter, start: 120, end: 180, title: { en: SECRETS[1] }, accessLevel: AccessLevel.private },
        // No end: it runs to the end of the recording.
        { _id: ids.openEnded, start: 180, title: { en: 'Later years' }, accessLevel: AccessLevel.research },
      ],
    },
  });
  const transcript = await archive.db.models.Transcript.create({
    status: 'approved',
    interviewId: interview,
    language: 'en',
    segments: [
      { _id: new Types.ObjectId(), start: 0, end: 5, text: 'We came by train.' },
      { _id: ids.researchPassage, start: 60, end: 65, text: SECRETS[2], accessLevel: AccessLevel.research },
      { _id: ids.privatePassage, start: 120, end: 130, text: SECRETS[3], accessLevel: AccessLevel.private },
      { _id: ids.educationPassage, start: 20, end: 25, text: SECRETS[4], accessLevel: AccessLevel.education },
    ],
  });
  transcriptId = transcript._id.toHexString();
  // An unapproved transcript is staff's: its passages are nobody else's business, marked or not.
  await archive.db.models.Transcript.create({
    status: 'corrected',
    interviewId: interview,
    language: 'ru',
    segments: [{ _id: ids.draftPassage, start: 60, end: 65, text: SECRETS[5], accessLevel: AccessLevel.research }],
  });
});
afterAll(async () => {
  await archive?.close();
});

describe('Interview.withheldParts', () => {
  it('marks, for a visitor, every closed passage and chapter by time alone; only what a grant could open is requestable', async () => {
    const parts = await withheld();
    expect(brief(parts)).toEqual([
      'chapter 60-120 ask',
      'chapter 120-180',
      'chapter 180-240 ask',
      'passage 20-25 ask',
      'passage 60-65 ask',
      'passage 120-130',
    ]);
    expect(parts.find((p) => p.partId === ids.researchPassage.toHexString())).toEqual({
      partId: ids.researchPassage.toHexString(), kind: 'passage', transcriptId, start: 60, end: 65, requestable: true, asked: false,
    });
    expect(parts.filter((p) => p.kind === 'chapter').every((p) => p.transcriptId === null)).toBe(true);
    // The unapproved transcript's passage is not marked: the visitor may not read that transcript at all.
    expect(parts.map((p) => p.partId)).not.toContain(ids.draftPassage.toHexString());
  });

  it('a teacher sees the education passage; a researcher only the private parts withheld, none requestable; an editor nothing', async () => {
    const teacher = await archive.userWithRoles([Role.teacher]);
    expect(brief(await withheld(teacher.token))).toEqual(['chapter 60-120 ask', 'chapter 120-180', 'chapter 180-240 ask', 'passage 60-65 ask', 'passage 120-130']);
    const researcher = await archive.userWithRoles([Role.researcher]);
    expect(brief(await withheld(researcher.token))).toEqual(['chapter 120-180', 'passage 120-130']);
    const res = await archive.gql(WITHHELD, { id: interview }, editor.token);
    expect(res.data!.interview.withheldParts).toEqual([]);
  });

  it('a reader asks through a mark, is granted: its level opens, the private parts stay withheld; ended, closed again', async () => {
    const before = await withheld(reader.token);
    expect(brief(before)).toEqual(brief(await withheld()));
    const mark = before.find((p) => p.partId === ids.researchPassage.toHexString())!;
    const asked = await archive.gql(
      `mutation($input: RequestAccessInput!) { requestAccess(input: $input) { id level partId } }`,
      { input: { interviewId: interview, partId: mark.partId, purpose: 'A paper on the camps', days: 7 } },
      reader.token,
    );
    expect(asked.errors).toBeUndefined();
    expect(asked.data!.requestAccess).toMatchObject({ level: 'research', partId: mark.partId });
    // Asking is not seeing; every part a research grant would open is marked as asked for (a grant is the
    // interview at a level), the private ones are not.
    expect(brief(await withheld(reader.token))).toEqual(brief(before).map((b) => (b.endsWith(' ask') ? `${b}ed` : b)));

    const id = asked.data!.requestAccess.id as string;
    const granted = await archive.gql(`mutation($input: GrantAccessInput!) { grantAccess(input: $input) { state } }`, { input: { id, until: new Date(Date.now() + 7 * DAY) } }, editor.token);
    expect(granted.errors).toBeUndefined();
    expect(brief(await withheld(reader.token))).toEqual(['chapter 120-180', 'passage 120-130']);
    const text = await archive.gql(`query($id: ID!) { interview(id: $id) { transcript { segments { text } } } }`, { id: interview }, reader.token);
    expect(text.data!.interview.transcript.segments.map((s: { text: string }) => s.text)).toContain(SECRETS[2]);
    // Another reader holds no grant.
    const other = await archive.userWithRoles([Role.reader]);
    expect(brief(await withheld(other.token))).toEqual(brief(before));

    expect((await archive.gql(`mutation($id: ID!) { endAccess(id: $id) { state } }`, { id }, editor.token)).errors).toBeUndefined();
    expect(brief(await withheld(reader.token))).toEqual(brief(before));
  });

  it('an interview hidden from the viewer has no field to read at all', async () => {
    const closed = await storedInterview(archive, { accessLevel: 'research', release: { permits: 'research', withdrawn: false } });
    const res = await archive.gql(WITHHELD, { id: closed }, reader.token);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
