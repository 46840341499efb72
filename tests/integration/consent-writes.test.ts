/**
 * Loosening access is an editor's act on every write path: a researcher who uploaded an interview may
 * close it further but never open it (release, access level, chapters, transcript passages), and owns
 * it only while they are staff.
 */
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLevel, Role } from '../../server/src/access/levels.js';
import { startTestArchive, type GraphQLResponse, type TestArchive } from '../support/archive.js';

let archive: TestArchive;
type User = Awaited<ReturnType<TestArchive['userWithRoles']>>;
let editor: User;
let owner: User;

beforeAll(async () => {
  archive = await startTestArchive();
  editor = await archive.userWithRoles([Role.editor]);
  owner = await archive.userWithRoles([Role.researcher]);
});
afterAll(() => archive?.close());

const FIELDS = `id version accessLevel release { permits embargoUntil restrictions signedOn }
  indexSegments { start end accessLevel title { en } }`;
const GET = `query($id: ID!) { interview(id: $id) { ${FIELDS} } }`;
const RELEASE = `mutation($input: SetReleaseInput!) { setInterviewRelease(input: $input) { ${FIELDS} } }`;
const ACCESS = `mutation($input: SetAccessInput!) { setInterviewAccess(input: $input) { ${FIELDS} } }`;
const INDEX = `mutation($input: SetIndexSegmentsInput!) { setIndexSegments(input: $input) { ${FIELDS} } }`;
const T = 'id version segments { id start end text accessLevel }';
const CREATE_T = `mutation($input: CreateTranscriptInput!) { createTranscript(input: $input) { ${T} } }`;
const EDIT_T = `mutation($input: EditTranscriptInput!) { editTranscript(input: $input) { ${T} } }`;

function ok<D = Record<string, any>>(res: GraphQLResponse<D>): D {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!;
}
const refusal = (res: GraphQLResponse) => ({ code: res.errors?.[0]?.extensions?.code, message: res.errors?.[0]?.message ?? '' });

const FUTURE = new Date(Date.now() + 365 * 86_400_000);

/** An interview the owner uploaded, with a recorded release. */
async function makeInterview(extra: Record<string, unknown> = {}) {
  const doc = await archive.db.models.Interview.create({
    title: { en: 'Invented consent test' },
    languages: ['kk'],
    createdBy: new Types.ObjectId(owner.id),
    status: 'draft',
    accessLevel: AccessLevel.research,
    durationSeconds: 600,
    release: { permits: AccessLevel.education, embargoUntil: FUTURE, restrictions: 'No names of relatives', signedOn: new Date('2025-05-01'), withdrawn: false },
    ...extra,
  });
  return doc._id.toHexString();
}
const version = async (id: string) => (await archive.db.models.Interview.findById(id).lean())!.version;

describe('setInterviewRelease: loosening is for editors, partial input changes only what it names', () => {
  it.each([
    ['clearing the embargo', { embargoUntil: null }, 'embargoUntil'],
    ['moving the embargo earlier', { embargoUntil: new Date(Date.now() + 86_400_000).toISOString() }, 'embargoUntil'],
    ['clearing the restrictions', { restrictions: null }, 'restrictions'],
    ['rewording the restrictions away', { restrictions: 'None' }, 'restrictions'],
    ['opening what the release permits', { permits: 'public' }, 'permits'],
  ])('refuses a researcher-owner %s, writes nothing; an editor may', async (_t, change, field) => {
    const id = await makeInterview();
    const before = await archive.db.models.Interview.findById(id).lean();
    const refused = await archive.gql(RELEASE, { input: { id, version: 1, ...change } }, owner.token);
    expect(refusal(refused)).toMatchObject({ code: 'FORBIDDEN' });
    expect(refusal(refused).message).toContain(field);
    const after = await archive.db.models.Interview.findById(id).lean();
    expect(after!.version).toBe(1);
    expect(after!.release).toEqual(before!.release);
    ok(await archive.gql(RELEASE, { input: { id, version: 1, ...change } }, editor.token));
  });

  it('lets a researcher-owner tighten: a later embargo, more restrictions, a narrower release', async () => {
    const id = await makeInterview();
    const later = new Date(FUTURE.getTime() + 86_400_000).toISOString();
    const res = ok(await archive.gql(RELEASE, {
      input: { id, version: 1, embargoUntil: later, restrictions: 'No names of relatives. No place names.', permits: 'research' },
    }, owner.token));
    expect(res.setInterviewRelease.release).toMatchObject({ permits: 'research', embargoUntil: later, restrictions: 'No names of relatives. No place names.' });
  });

  it('a researcher records a first release (opens nothing by itself)', async () => {
    const id = await makeInterview({ release: null, accessLevel: AccessLevel.private });
    const res = ok(await archive.gql(RELEASE, { input: { id, version: 1, permits: 'public' } }, owner.token));
    expect(res.setInterviewRelease.release.permits).toBe('public');
    const missing = await archive.gql(RELEASE, { input: { id: await makeInterview({ release: null }), version: 1, signedOn: '2025-01-01T00:00:00.000Z' } }, owner.token);
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'permits' });
  });

  it('a partial input keeps the restrictions, the signed date and the embargo it leaves out', async () => {
    const id = await makeInterview();
    const res = ok(await archive.gql(RELEASE, { input: { id, version: 1, documentName: 'release-scan.pdf' } }, editor.token));
    expect(res.setInterviewRelease.release).toEqual({
      permits: 'education',
      embargoUntil: FUTURE.toISOString(),
      restrictions: 'No names of relatives',
      signedOn: new Date('2025-05-01').toISOString(),
    });
    const cleared = ok(await archive.gql(RELEASE, { input: { id, version: 2, embargoUntil: null } }, editor.token));
    expect(cleared.setInterviewRelease.release).toMatchObject({ embargoUntil: null, restrictions: 'No names of relatives', permits: 'education' });
  });
});

describe('setInterviewAccess: the owner may close, only an editor opens', () => {
  it('research → private by the owner; private → research refused for the owner, allowed for an editor', async () => {
    const id = await makeInterview();
    const closed = ok(await archive.gql(ACCESS, { input: { id, version: 1, accessLevel: 'private' } }, owner.token));
    expect(closed.setInterviewAccess.accessLevel).toBe('private');
    const reopened = await archive.gql(ACCESS, { input: { id, version: 2, accessLevel: 'research' } }, owner.token);
    expect(refusal(reopened)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await version(id)).toBe(2);
    ok(await archive.gql(ACCESS, { input: { id, version: 2, accessLevel: 'research' } }, editor.token));
  });
});

describe('setIndexSegments: restricted chapters stay as closed for a researcher', () => {
  const chapters = [
    { start: 0, end: 60, title: { en: 'Childhood' } },
    { start: 60, end: 120, title: { en: 'The camp' }, keywords: ['camp'], accessLevel: 'private' },
    { start: 120, title: { en: 'Return' } },
  ];
  async function withChapters() {
    const id = await makeInterview();
    ok(await archive.gql(INDEX, { input: { id, version: 1, segments: chapters } }, owner.token));
    return id;
  }
  it.each([
    ['lowering its level', chapters.map((c, i) => (i === 1 ? { ...c, accessLevel: 'research' } : c))],
    ['removing its level', chapters.map((c, i) => (i === 1 ? { ...c, accessLevel: null } : c))],
    ['deleting it and adding it again open', [chapters[0], { ...chapters[1], accessLevel: undefined }, chapters[2]]],
    ['deleting it (the time falls to an open chapter)', [{ ...chapters[0], end: 120 }, chapters[2]]],
    ['shortening it', chapters.map((c, i) => (i === 1 ? { ...c, end: 90 } : c))],
  ])('refuses %s', async (_t, segments) => {
    const id = await withChapters();
    const res = await archive.gql(INDEX, { input: { id, version: 2, segments } }, owner.token);
    expect(refusal(res)).toMatchObject({ code: 'FORBIDDEN' });
    expect(refusal(res).message).toContain('parts[1]');
    const stored = await archive.db.models.Interview.findById(id).lean();
    expect(stored!.version).toBe(2);
    expect(stored!.indexSegments.map((s) => s.accessLevel ?? null)).toEqual([null, 'private', null]);
    ok(await archive.gql(INDEX, { input: { id, version: 2, segments } }, editor.token));
  });
  it('lets the owner restrict a chapter further and retitle a restricted one', async () => {
    const id = await withChapters();
    const segments = chapters.map((c, i) => (i === 0 ? { ...c, accessLevel: 'research' } : i === 1 ? { ...c, title: { en: 'The camp, 1938' } } : c));
    const res = ok(await archive.gql(INDEX, { input: { id, version: 2, segments } }, owner.token));
    expect(res.setIndexSegments.indexSegments.map((s: any) => s.accessLevel)).toEqual(['research', 'private', null]);
  });
});

describe('transcript edits: a restricted passage stays as closed for a researcher', () => {
  async function withTranscript() {
    const interviewId = await makeInterview();
    const segments = [
      { start: 0, end: 5, text: 'Open words' },
      { start: 5, end: 10, text: 'STAFF-ONLY words', accessLevel: 'research' },
      { start: 10, end: 15, text: 'More open words' },
    ];
    return ok(await archive.gql(CREATE_T, { input: { interviewId, language: 'kk', segments } }, owner.token)).createTranscript;
  }
  it('refuses deleting a restricted passage and adding it again unrestricted, in one edit or in two', async () => {
    const t = await withTranscript();
    const restricted = t.segments[1];
    const oneEdit = await archive.gql(EDIT_T, {
      input: { id: t.id, version: 1, changes: [{ segmentId: restricted.id, delete: true }, { start: 5, end: 10, text: 'STAFF-ONLY words' }] },
    }, owner.token);
    expect(refusal(oneEdit)).toMatchObject({ code: 'FORBIDDEN' });
    const deleteOnly = await archive.gql(EDIT_T, { input: { id: t.id, version: 1, changes: [{ segmentId: restricted.id, delete: true }] } }, owner.token);
    expect(refusal(deleteOnly)).toMatchObject({ code: 'FORBIDDEN' });
    const stored = await archive.db.models.Transcript.findById(t.id).lean();
    expect(stored!.version).toBe(1);
    expect(stored!.segments.map((s) => s.accessLevel ?? null)).toEqual([null, 'research', null]);
  });
  it('refuses lowering the level or moving the passage; allows tightening and text fixes', async () => {
    const t = await withTranscript();
    const restricted = t.segments[1];
    for (const change of [{ accessLevel: 'education' }, { start: 6 }, { end: 9 }]) {
      const res = await archive.gql(EDIT_T, { input: { id: t.id, version: 1, changes: [{ segmentId: restricted.id, ...change }] } }, owner.token);
      expect(refusal(res), JSON.stringify(change)).toMatchObject({ code: 'FORBIDDEN' });
    }
    const fixed = ok(await archive.gql(EDIT_T, {
      input: { id: t.id, version: 1, changes: [{ segmentId: restricted.id, text: 'STAFF-ONLY words, corrected', accessLevel: 'private' }] },
    }, owner.token));
    expect(fixed.editTranscript.segments[1]).toMatchObject({ accessLevel: 'private', text: 'STAFF-ONLY words, corrected' });
    const opened = ok(await archive.gql(EDIT_T, { input: { id: t.id, version: 2, changes: [{ segmentId: restricted.id, delete: true }] } }, editor.token));
    expect(opened.editTranscript.segments).toHaveLength(2);
  });
});

describe('ownership lasts only while the owner is staff and active', () => {
  it('a researcher whose role is removed, or who is disabled, no longer sees a private interview of theirs', async () => {
    const former = await archive.userWithRoles([Role.researcher, Role.teacher]);
    const doc = await archive.db.models.Interview.create({
      title: { en: 'Private interview of a former researcher' }, languages: ['kk'], createdBy: new Types.ObjectId(former.id),
      status: 'draft', accessLevel: AccessLevel.private, release: null,
    });
    const id = doc._id.toHexString();
    const LIST = '{ interviews(first: 100, filter: { mine: true }) { nodes { id } } }';
    expect(ok(await archive.gql(GET, { id }, former.token)).interview.id).toBe(id);
    expect(ok(await archive.gql(LIST, {}, former.token)).interviews.nodes.map((n: any) => n.id)).toContain(id);

    await archive.db.models.User.updateOne({ _id: former.id }, { $set: { roles: [Role.teacher] } });
    expect(refusal(await archive.gql(GET, { id }, former.token)).code).toBe('NOT_FOUND');
    expect(ok(await archive.gql(LIST, {}, former.token)).interviews.nodes).toEqual([]);

    await archive.db.models.User.updateOne({ _id: former.id }, { $set: { roles: [Role.researcher], status: 'disabled' } });
    expect(refusal(await archive.gql(GET, { id }, former.token)).code).toBe('NOT_FOUND');
  });
});
