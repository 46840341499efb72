/**
 * Bad restricted ranges are refused when saved, with the field named and nothing written: a passage
 * or chapter that runs past the end of the recording, overlaps another, or ends before it starts.
 */
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLevel, Role } from '../../server/src/access/levels.js';
import { startTestArchive, type GraphQLResponse, type TestArchive } from '../support/archive.js';

let archive: TestArchive;
let editor: { id: string; token: string };

beforeAll(async () => {
  archive = await startTestArchive();
  editor = await archive.userWithRoles([Role.editor]);
});
afterAll(() => archive?.close());

const INDEX = `mutation($input: SetIndexSegmentsInput!) { setIndexSegments(input: $input) { version } }`;
const CREATE_T = `mutation($input: CreateTranscriptInput!) { createTranscript(input: $input) { id version segments { id } } }`;
const EDIT_T = `mutation($input: EditTranscriptInput!) { editTranscript(input: $input) { version } }`;

/** The recording is 60 s long. */
async function makeInterview() {
  const doc = await archive.db.models.Interview.create({
    title: { en: 'Invented range test' }, languages: ['kk'], createdBy: new Types.ObjectId(editor.id),
    status: 'draft', accessLevel: AccessLevel.public, durationSeconds: 60,
    release: { permits: AccessLevel.public, withdrawn: false },
  });
  return doc._id.toHexString();
}
const refusal = (res: GraphQLResponse) => ({ code: res.errors?.[0]?.extensions?.code, field: res.errors?.[0]?.extensions?.field, message: res.errors?.[0]?.message });

describe('restricted transcript passages', () => {
  const open = { start: 0, end: 10, text: 'Open' };
  it.each([
    ['runs past the end of the recording', [open, { start: 50, end: 61, text: 'Closed', accessLevel: 'research' }], 'segments[1].end', /past the end of the recording \(60 s\)/],
    ['overlaps the passage before it', [open, { start: 9, end: 20, text: 'Closed', accessLevel: 'education' }], 'segments[1].start', /overlaps/],
    ['ends where it starts', [open, { start: 20, end: 20, text: 'Closed', accessLevel: 'research' }], 'segments[1].end', /must be after the start/],
  ])('a new transcript whose restricted passage %s is refused, and none is stored', async (_what, segments, field, message) => {
    const interviewId = await makeInterview();
    const res = await archive.gql(CREATE_T, { input: { interviewId, language: 'kk', source: 'manual', segments } }, editor.token);
    expect(refusal(res)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(refusal(res).message).toMatch(message);
    expect(await archive.db.models.Transcript.countDocuments({ interviewId })).toBe(0);
  });

  it.each([
    ['restricting a passage that runs past the end', { end: 65, accessLevel: 'research' }, 'changes[0].end', /past the end of the recording/],
    ['moving a restricted passage over the next one', { end: 35, accessLevel: 'research' }, 'changes[0].end', /would overlap/],
    ['giving a restricted passage an end before its start', { end: 15, accessLevel: 'education' }, 'changes[0].end', /must be after the start/],
  ])('an edit %s is refused and the transcript stays as it was', async (_what, change, field, message) => {
    const interviewId = await makeInterview();
    const created = await archive.gql(CREATE_T, {
      input: { interviewId, language: 'kk', source: 'manual', segments: [{ start: 20, end: 30, text: 'A' }, { start: 30, end: 40, text: 'B' }] },
    }, editor.token);
    expect(created.errors).toBeUndefined();
    const t = created.data!.createTranscript;
    const res = await archive.gql(EDIT_T, { input: { id: t.id, version: t.version, changes: [{ segmentId: t.segments[0].id, ...change }] } }, editor.token);
    expect(refusal(res)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(refusal(res).message).toMatch(message);
    const stored = (await archive.db.models.Transcript.findById(t.id).lean())!;
    expect(stored.version).toBe(t.version);
    expect(stored.segments.map((s) => [s.start, s.end, s.accessLevel ?? null])).toEqual([[20, 30, null], [30, 40, null]]);
  });

  it('an open passage may still end past the probe (drafts are timed by ear), and a restricted one ending at the end is fine', async () => {
    const interviewId = await makeInterview();
    const res = await archive.gql(CREATE_T, {
      input: { interviewId, language: 'kk', source: 'manual', segments: [{ start: 0, end: 60, text: 'All', accessLevel: 'research' }, { start: 60, end: 60.4, text: 'Tail' }] },
    }, editor.token);
    expect(res.errors).toBeUndefined();
  });
});

describe('restricted index chapters', () => {
  const first = { start: 0, end: 20, title: { en: 'First' } };
  it.each([
    ['runs past the end of the recording', [first, { start: 20, end: 75, title: { en: 'Closed' }, accessLevel: 'research' }], 'segments[1].end', /past the end of the recording \(60 s\)/],
    ['overlaps the chapter before it', [first, { start: 15, end: 30, title: { en: 'Closed' }, accessLevel: 'education' }], 'segments[1].start', /overlaps segments\[0\] \(0–20 s\)/],
    ['ends before it starts', [first, { start: 30, end: 25, title: { en: 'Closed' }, accessLevel: 'research' }], 'segments[1].end', /must be after start/],
  ])('a chapter that %s is refused and the index stays as it was', async (_what, segments, field, message) => {
    const id = await makeInterview();
    const res = await archive.gql(INDEX, { input: { id, version: 1, segments } }, editor.token);
    expect(refusal(res)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(refusal(res).message).toMatch(message);
    const stored = (await archive.db.models.Interview.findById(id).lean())!;
    expect([stored.version, stored.indexSegments.length]).toEqual([1, 0]);
  });
});
