import { commandsDuring, readTwice } from '../support/commands.js';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLevel, Role } from '../../server/src/access/levels.js';
import { startTestArchive, type GraphQLResponse, type TestArchive } from '../support/archive.js';

let archive: TestArchive;
type User = Awaited<ReturnType<TestArchive['userWithRoles']>>;
let editor: User;
let editor2: User;
let owner: User;
let otherResearcher: User;
let teacher: User;

beforeAll(async () => {
  archive = await startTestArchive();
  editor = await archive.userWithRoles([Role.editor], 'Editor Aigul');
  editor2 = await archive.userWithRoles([Role.editor], 'Editor Boris');
  owner = await archive.userWithRoles([Role.researcher], 'Researcher Dana');
  otherResearcher = await archive.userWithRoles([Role.researcher], 'Researcher Erlan');
  teacher = await archive.userWithRoles([Role.teacher], 'Teacher Gulnara');
});
afterAll(() => archive?.close());

const T = `id interviewId language status source version segmentCount approvedAt approvedBy { id name }
  segments { id start end speaker text accessLevel }`;
const GET = `query($id: ID!) { transcript(id: $id) { ${T}
  revisions(first: 10) { totalCount nodes { version at summary by { id name }
    changes { segmentId before { start end text accessLevel } after { start end text accessLevel } } } } } }`;
const CREATE = `mutation($input: CreateTranscriptInput!) { createTranscript(input: $input) { ${T} } }`;
const EDIT = `mutation($input: EditTranscriptInput!) { editTranscript(input: $input) { ${T} } }`;
const SPLIT = `mutation($id: ID!, $version: Int!, $segmentId: ID!, $at: Float!, $textBefore: String!, $textAfter: String!) {
  splitSegment(id: $id, version: $version, segmentId: $segmentId, at: $at, textBefore: $textBefore, textAfter: $textAfter) { ${T} } }`;
const MERGE = `mutation($id: ID!, $version: Int!, $first: ID!, $second: ID!) {
  mergeSegments(id: $id, version: $version, firstSegmentId: $first, secondSegmentId: $second) { ${T} } }`;
const APPROVE = `mutation($id: ID!, $version: Int!) { approveTranscript(id: $id, version: $version) { ${T} } }`;

function ok<T = Record<string, any>>(res: GraphQLResponse<T>): T {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!;
}
const code = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.code;

/** An interview stored directly; `open` makes it published with a release that permits `level`. */
async function makeInterview(opts: { by?: User; open?: AccessLevel; status?: 'draft' | 'published' } = {}) {
  const level = opts.open ?? AccessLevel.research;
  const doc = await archive.db.models.Interview.create({
    title: { en: 'Invented test interview' },
    languages: ['kk', 'ru'],
    createdBy: new Types.ObjectId((opts.by ?? owner).id),
    status: opts.status ?? (opts.open ? 'published' : 'draft'),
    accessLevel: level,
    release: opts.open ? { permits: opts.open, withdrawn: false } : null,
  });
  return doc._id.toHexString();
}

const seg = (start: number, end: number, text: string, extra: Record<string, unknown> = {}) => ({ start, end, text, ...extra });

async function makeTranscript(interviewId: string, segments = [seg(0, 10, 'Біз 1937 жылы келдік.'), seg(10, 20, 'Поезд шёл месяц.')], as = editor, language = 'kk') {
  return ok(await archive.gql(CREATE, { input: { interviewId, language, segments } }, as.token)).createTranscript;
}

const stored = (id: string) => archive.db.models.Transcript.findById(id).lean();
const revisionCount = (id: string) => archive.db.models.TranscriptRevision.countDocuments({ transcriptId: id });

describe('transcripts', () => {
  it('lets the uploader create a transcript, one per interview and language', async () => {
    const interviewId = await makeInterview();
    const t = await makeTranscript(interviewId, undefined, owner);
    expect(t).toMatchObject({ interviewId, language: 'kk', status: 'corrected', source: 'manual', version: 1, segmentCount: 2 });

    const again = await archive.gql(CREATE, { input: { interviewId, language: 'kk', segments: [] } }, editor.token);
    expect(code(again)).toBe('BAD_USER_INPUT');
    expect(again.errors?.[0]?.extensions?.field).toBe('language');
    expect(await archive.db.models.Transcript.countDocuments({ interviewId })).toBe(1);

    // A draft interview is invisible to another researcher: NOT_FOUND, not FORBIDDEN.
    const stranger = await archive.gql(CREATE, { input: { interviewId, language: 'ru', segments: [] } }, otherResearcher.token);
    expect(code(stranger)).toBe('NOT_FOUND');
    const audit = await archive.db.models.AuditEvent.findOne({ action: 'transcript.create', targetId: t.id }).lean();
    expect(audit?.after).toMatchObject({ language: 'kk', segmentCount: 2 });
  });

  it('applies an edit in one step (change, add, delete), makes a draft corrected and records the revision', async () => {
    const interviewId = await makeInterview();
    const draft = await archive.api.services.transcripts.saveAutomaticDraft(interviewId, 'ru', [
      seg(0, 5, 'Мы приехали'), seg(5, 9, 'в Уштобе.'), seg(9, 12, 'Шум.'),
    ]);
    expect(draft.outcome).toBe('created');
    const [s0, , s2] = draft.transcript.segments.map((s) => s._id.toHexString());
    const res = ok(await archive.gql(EDIT, { input: {
      id: draft.transcript._id.toHexString(), version: 1, summary: 'Fixed the place name',
      changes: [{ segmentId: s0, text: 'Мы приехали осенью', speaker: 'Narrator' }, { segmentId: s2, delete: true },
        { start: 20, end: 25, text: 'Потом в Алма-Ату.' }],
    } }, owner.token)).editTranscript;
    expect(res).toMatchObject({ status: 'corrected', version: 2, segmentCount: 3 });
    expect(res.segments.map((s: any) => [s.start, s.end, s.text])).toEqual([
      [0, 5, 'Мы приехали осенью'], [5, 9, 'в Уштобе.'], [20, 25, 'Потом в Алма-Ату.'],
    ]);
    expect(res.segments[0].speaker).toBe('Narrator');

    const history = ok(await archive.gql(GET, { id: res.id }, editor.token)).transcript.revisions;
    expect(history.totalCount).toBe(1);
    const [rev] = history.nodes;
    expect(rev).toMatchObject({ version: 2, summary: 'Fixed the place name', by: { id: owner.id, name: 'Researcher Dana' } });
    expect(Math.abs(Date.parse(rev.at) - Date.now())).toBeLessThan(60_000);
    expect(rev.changes).toEqual([
      { segmentId: s0, before: { start: 0, end: 5, text: 'Мы приехали', accessLevel: null }, after: { start: 0, end: 5, text: 'Мы приехали осенью', accessLevel: null } },
      { segmentId: s2, before: { start: 9, end: 12, text: 'Шум.', accessLevel: null }, after: null },
      { segmentId: res.segments[2].id, before: null, after: { start: 20, end: 25, text: 'Потом в Алма-Ату.', accessLevel: null } },
    ]);
    const audit = await archive.db.models.AuditEvent.findOne({ action: 'transcript.edit', targetId: res.id }).lean();
    expect(JSON.stringify(audit)).not.toContain('Алма-Ату');
  });

  it('refuses a stale edit with CONFLICT and writes nothing; after reloading the second editor re-applies', async () => {
    const t = await makeTranscript(await makeInterview());
    const [a, b] = t.segments.map((s: any) => s.id);
    ok(await archive.gql(EDIT, { input: { id: t.id, version: 1, changes: [{ segmentId: a, text: 'Aigul’s fix' }] } }, editor.token));
    const stale = await archive.gql(EDIT, { input: { id: t.id, version: 1, changes: [{ segmentId: b, text: 'Boris’s fix' }] } }, editor2.token);
    expect(code(stale)).toBe('CONFLICT');
    expect(stale.errors?.[0]?.extensions?.currentVersion).toBe(2);
    const after = await stored(t.id);
    expect(after?.version).toBe(2);
    expect(after?.segments.map((s) => s.text)).toEqual(['Aigul’s fix', 'Поезд шёл месяц.']);
    expect(await revisionCount(t.id)).toBe(2);

    const reloaded = ok(await archive.gql(GET, { id: t.id }, editor2.token)).transcript;
    const saved = ok(await archive.gql(EDIT, { input: { id: t.id, version: reloaded.version, changes: [{ segmentId: b, text: 'Boris’s fix' }] } }, editor2.token));
    expect(saved.editTranscript.segments.map((s: any) => s.text)).toEqual(['Aigul’s fix', 'Boris’s fix']);

    const history = ok(await archive.gql(GET, { id: t.id }, editor.token)).transcript.revisions;
    expect(history.nodes.map((r: any) => [r.version, r.by.name])).toEqual([[3, 'Editor Boris'], [2, 'Editor Aigul'], [1, 'Editor Aigul']]);
  });

  it('pages the history and shows it to staff only', async () => {
    const interviewId = await makeInterview({ open: AccessLevel.public });
    const t = await makeTranscript(interviewId);
    ok(await archive.gql(EDIT, { input: { id: t.id, version: 1, changes: [{ segmentId: t.segments[0].id, text: 'v2' }] } }, editor.token));
    ok(await archive.gql(APPROVE, { id: t.id, version: 2 }, editor.token));
    const PAGE = `query($id: ID!, $after: String) { transcript(id: $id) { revisions(first: 2, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } nodes { version } } } }`;
    const first = ok(await archive.gql(PAGE, { id: t.id }, otherResearcher.token)).transcript.revisions;
    expect(first).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true }, nodes: [{ version: 3 }, { version: 2 }] });
    const second = ok(await archive.gql(PAGE, { id: t.id, after: first.pageInfo.endCursor }, otherResearcher.token)).transcript.revisions;
    expect(second).toMatchObject({ pageInfo: { hasNextPage: false }, nodes: [{ version: 1 }] });
    for (const token of [teacher.token, undefined]) {
      expect(ok(await archive.gql(PAGE, { id: t.id }, token)).transcript.revisions).toMatchObject({ totalCount: 0, nodes: [] });
    }
  });

  it('splits a segment and merges it back through the same change path', async () => {
    const t = await makeTranscript(await makeInterview(), [seg(0, 10, 'Hello world', { speaker: 'N', accessLevel: 'research' }), seg(12, 15, 'Next')]);
    const [s0, s1] = t.segments.map((s: any) => s.id);
    const bad = await archive.gql(SPLIT, { id: t.id, version: 1, segmentId: s0, at: 10, textBefore: 'a', textAfter: 'b' }, editor.token);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'at' });

    const split = ok(await archive.gql(SPLIT, { id: t.id, version: 1, segmentId: s0, at: 4.5, textBefore: 'Hello', textAfter: 'world' }, editor.token)).splitSegment;
    expect(split.version).toBe(2);
    expect(split.segments.map((s: any) => [s.start, s.end, s.text, s.speaker, s.accessLevel])).toEqual([
      [0, 4.5, 'Hello', 'N', 'research'], [4.5, 10, 'world', 'N', 'research'], [12, 15, 'Next', null, null],
    ]);
    const notNext = await archive.gql(MERGE, { id: t.id, version: 2, first: s0, second: s1 }, editor.token);
    expect(notNext.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'secondSegmentId' });

    const merged = ok(await archive.gql(MERGE, { id: t.id, version: 2, first: s0, second: split.segments[1].id }, editor.token)).mergeSegments;
    expect(merged.version).toBe(3);
    expect(merged.segments.map((s: any) => [s.id, s.start, s.end, s.text, s.accessLevel])).toEqual([
      [s0, 0, 10, 'Hello world', 'research'], [s1, 12, 15, 'Next', null],
    ]);
    const history = ok(await archive.gql(GET, { id: t.id }, editor.token)).transcript.revisions.nodes;
    expect(history.map((r: any) => r.summary).slice(0, 2)).toEqual(['Merged two segments', 'Split a segment at 4.5 s']);
  });

  it('lets only editors approve; an edit takes an approved transcript back to corrected', async () => {
    const interviewId = await makeInterview({ by: owner, open: AccessLevel.public });
    const t = await makeTranscript(interviewId, undefined, owner);
    expect(code(await archive.gql(APPROVE, { id: t.id, version: 1 }, owner.token))).toBe('FORBIDDEN');
    expect(code(await archive.gql(APPROVE, { id: t.id, version: 1 }))).toBe('UNAUTHENTICATED');
    const approved = ok(await archive.gql(APPROVE, { id: t.id, version: 1 }, editor.token)).approveTranscript;
    expect(approved).toMatchObject({ status: 'approved', version: 2, approvedBy: { id: editor.id, name: 'Editor Aigul' } });
    expect(approved.approvedAt).toBeTruthy();

    const publicView = ok(await archive.gql(GET, { id: t.id })).transcript;
    expect(publicView).toMatchObject({ status: 'approved', approvedBy: null });
    expect(publicView.approvedAt).toBeTruthy();

    const edited = ok(await archive.gql(EDIT, { input: { id: t.id, version: 2, changes: [{ segmentId: t.segments[1].id, text: 'Поезд шёл месяц!' }] } }, owner.token));
    expect(edited.editTranscript).toMatchObject({ status: 'corrected', approvedAt: null, approvedBy: null, version: 3 });
  });

  it('never shows a restricted passage to a viewer who may not see it, in any field or count', async () => {
    const interviewId = await makeInterview({ open: AccessLevel.public });
    const t = await makeTranscript(interviewId, [
      seg(0, 5, 'Open words.'),
      seg(5, 8, 'CLASSROOM-PASSAGE', { accessLevel: 'education' }),
      seg(8, 12, 'STAFF-ONLY-PASSAGE', { accessLevel: 'research' }),
      seg(12, 14, 'EDITORS-ONLY-PASSAGE', { accessLevel: 'private' }),
    ]);
    ok(await archive.gql(EDIT, { input: { id: t.id, version: 1, changes: [{ segmentId: t.segments[3].id, text: 'EDITORS-ONLY-PASSAGE-2' }] } }, editor.token));
    ok(await archive.gql(APPROVE, { id: t.id, version: 2 }, editor.token));
    const BOTH = `query($id: ID!, $iid: ID!) { transcript(id: $id) { ${T} revisions { totalCount nodes { changes { before { text } after { text } } } } }
      interview(id: $iid) { transcripts { segmentCount segments { text } } } }`;
    const view = async (token?: string) => ok(await archive.gql(BOTH, { id: t.id, iid: interviewId }, token));

    const anonymous = await view();
    expect(JSON.stringify(anonymous)).not.toMatch(/PASSAGE/);
    expect(anonymous.transcript.segmentCount).toBe(1);
    expect(anonymous.interview.transcripts[0].segmentCount).toBe(1);

    const asTeacher = JSON.stringify(await view(teacher.token));
    expect(asTeacher).toContain('CLASSROOM-PASSAGE');
    expect(asTeacher).not.toMatch(/STAFF-ONLY|EDITORS-ONLY/);

    // A researcher who did not upload it: research level yes, private no, not even in the history.
    const asResearcher = await view(otherResearcher.token);
    expect(asResearcher.transcript.segmentCount).toBe(3);
    expect(JSON.stringify(asResearcher)).toContain('STAFF-ONLY-PASSAGE');
    expect(JSON.stringify(asResearcher)).not.toContain('EDITORS-ONLY');
    expect(asResearcher.transcript.revisions.totalCount).toBe(3);

    const asEditor = await view(editor.token);
    expect(asEditor.transcript.segmentCount).toBe(4);
    expect(JSON.stringify(asEditor.transcript.revisions)).toContain('EDITORS-ONLY-PASSAGE-2');
  });

  it('lets only editors open a restricted passage further', async () => {
    const t = await makeTranscript(await makeInterview({ by: owner }), [seg(0, 5, 'x', { accessLevel: 'research' })], owner);
    const loosen = { id: t.id, version: 1, changes: [{ segmentId: t.segments[0].id, accessLevel: null }] };
    const refused = await archive.gql(EDIT, { input: loosen }, owner.token);
    expect(code(refused)).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toContain('the research passage 0–5 s');
    const tighten = ok(await archive.gql(EDIT, { input: { ...loosen, changes: [{ segmentId: t.segments[0].id, accessLevel: 'private' }] } }, owner.token));
    expect(tighten.editTranscript.segments[0].accessLevel).toBe('private');
    const opened = ok(await archive.gql(EDIT, { input: { ...loosen, version: 2 } }, editor.token));
    expect(opened.editTranscript.segments[0].accessLevel).toBeNull();
  });

  it('answers NOT_FOUND for a transcript of an interview the viewer may not see', async () => {
    const draft = await makeTranscript(await makeInterview({ by: owner }));
    const withdrawnId = await makeInterview({ open: AccessLevel.public });
    const withdrawn = await makeTranscript(withdrawnId);
    await archive.db.models.Interview.updateOne({ _id: withdrawnId }, { $set: { 'release.withdrawn': true } });
    for (const id of [draft.id, withdrawn.id]) {
      for (const token of [undefined, teacher.token, otherResearcher.token]) {
        expect(code(await archive.gql(GET, { id }, token))).toBe('NOT_FOUND');
      }
    }
    expect(ok(await archive.gql(GET, { id: draft.id }, owner.token)).transcript.id).toBe(draft.id);
    expect(code(await archive.gql(GET, { id: new Types.ObjectId().toHexString() }, editor.token))).toBe('NOT_FOUND');
    expect(code(await archive.gql(GET, { id: 'nope' }, editor.token))).toBe('BAD_USER_INPUT');
    // Visible but not theirs to edit: FORBIDDEN.
    const open = await makeTranscript(await makeInterview({ open: AccessLevel.public }));
    const edit = await archive.gql(EDIT, { input: { id: open.id, version: 1, changes: [{ segmentId: open.segments[0].id, text: 'x' }] } }, otherResearcher.token);
    expect(code(edit)).toBe('FORBIDDEN');
  });

  it('saveAutomaticDraft replaces an automatic draft but never a corrected transcript', async () => {
    const interviewId = await makeInterview();
    const drafts = archive.api.services.transcripts;
    const first = await drafts.saveAutomaticDraft(interviewId, 'kk', [seg(0, 3, 'бірінші')]);
    const second = await drafts.saveAutomaticDraft(interviewId, 'kk', [seg(0, 3, 'екінші'), seg(3, 6, 'үшінші')]);
    expect([first.outcome, second.outcome]).toEqual(['created', 'replaced']);
    expect(second.transcript).toMatchObject({ status: 'automatic', version: 2, source: 'whisper' });
    const id = second.transcript._id.toHexString();
    ok(await archive.gql(EDIT, { input: { id, version: 2, changes: [{ segmentId: String(second.transcript.segments[0]!._id), text: 'Түзетілген' }] } }, editor.token));

    const third = await drafts.saveAutomaticDraft(interviewId, 'kk', [seg(0, 3, 'машина')]);
    expect(third.outcome).toBe('kept');
    const kept = await stored(id);
    expect(kept).toMatchObject({ status: 'corrected', version: 3 });
    expect(kept?.segments.map((s) => s.text)).toEqual(['Түзетілген', 'үшінші']);
    await expect(drafts.saveAutomaticDraft(interviewId, 'Kazakh', [])).rejects.toMatchObject({ extensions: { field: 'language' } });
    await expect(drafts.saveAutomaticDraft(interviewId, 'ru', [seg(5, 4, 'x')])).rejects.toMatchObject({ extensions: { field: 'segments[0].end' } });
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const interviewId = await makeInterview();
    const t = await makeTranscript(interviewId);
    const [a, b] = t.segments.map((s: any) => s.id);
    const before = await stored(t.id);
    const fine = { segmentId: b, text: 'a valid change that must not be saved' };
    const cases: [unknown[], string][] = [
      [[{ segmentId: a, end: 0 }], 'changes[0].end'],
      [[fine, { start: 30, end: 31, text: 'ok' }, { segmentId: a, start: -1 }], 'changes[2].start'],
      [[{ segmentId: a, end: 15 }], 'changes[0].end'],
      [[{ start: 5, end: 12, text: 'overlaps both' }], 'changes[0].start'],
      [[fine, { segmentId: new Types.ObjectId().toHexString(), text: 'x' }], 'changes[1].segmentId'],
      [[{ segmentId: 'not-an-id', text: 'x' }], 'changes[0].segmentId'],
      [[fine, { segmentId: a, text: 'я'.repeat(10_001) }], 'changes[1].text'],
      [[{ segmentId: a, text: 'x' }, { segmentId: a, delete: true }], 'changes[1].segmentId'],
      [[{ text: 'no times' }], 'changes[0].start'],
    ];
    for (const [changes, field] of cases) {
      const res = await archive.gql(EDIT, { input: { id: t.id, version: 1, changes } }, editor.token);
      expect(res.errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.errors?.[0]?.message).toContain(field);
    }
    const malformed = await archive.gql(EDIT, { input: { id: 'zzz', version: 1, changes: [fine] } }, editor.token);
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const createCases: [Record<string, unknown>, string][] = [
      [{ interviewId, language: 'KK', segments: [] }, 'language'],
      [{ interviewId, language: 'kk-Latn', segments: [] }, 'language'],
      [{ interviewId, language: 'ug', segments: [seg(5, 9, 'b'), seg(0, 4, 'a')] }, 'segments[1].start'],
      [{ interviewId: 'x', language: 'ug', segments: [] }, 'interviewId'],
    ];
    for (const [input, field] of createCases) {
      const res = await archive.gql(CREATE, { input }, editor.token);
      expect(res.errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await stored(t.id)).toEqual(before);
    expect(await revisionCount(t.id)).toBe(1);
    expect(await archive.db.models.Transcript.countDocuments({ interviewId })).toBe(1);
  });

  it('loads the transcripts of a page of interviews with a bounded number of queries', async () => {
    for (let i = 0; i < 8; i++) {
      const id = await makeInterview({ open: AccessLevel.public });
      await makeTranscript(id, [seg(0, 1, `kk ${i}`), seg(1, 2, 'secret', { accessLevel: 'research' })]);
      await makeTranscript(id, [seg(0, 1, `ru ${i}`)], editor, 'ru');
    }
    // Approved, so the teacher below may read them (an unapproved transcript is staff's).
    await archive.db.models.Transcript.updateMany({}, { $set: { status: 'approved' } });
    // The search index re-reads changed interviews in the background; stopped, it cannot add to the count.
    await archive.api.services.search.stop();
    const PAGE = `query($first: Int!) { interviews(first: $first) { nodes { id transcripts { language segmentCount segments { text } } } } }`;
    // Each command as name:collection; finds of one record by _id apart (the read layer reads a set of
    // records that way on FerretDB, one indexed lookup each: server/src/db/id-lookup.ts).
    const countQueries = async (first: number) => {
      const { queries, byId, result: data } = await commandsDuring(archive, async () => ok(await archive.gql(PAGE, { first }, teacher.token)));
      expect(data.interviews.nodes).toHaveLength(first);
      expect(data.interviews.nodes.every((n: any) => n.transcripts.length === 2)).toBe(true);
      expect(JSON.stringify(data)).not.toContain('secret');
      return { queries, byId };
    };
    const small = await countQueries(2);
    const large = await countQueries(8);
    console.log(`queries for a page of 2 interviews: ${small.queries.join(', ')} + ${small.byId.length} by _id; of 8: ${large.queries.length} + ${large.byId.length} by _id`);
    // The filtered queries do not grow with the page; each record is read by _id once.
    expect(large.queries).toEqual(small.queries);
    expect(large.queries.filter((c) => c.endsWith(':transcripts'))).toEqual([]);
    expect(readTwice(large.byId)).toEqual([]);
    expect(large.byId.filter((k) => k.startsWith('transcripts:'))).toHaveLength(16);
    // A teacher who has never held a grant has none read (user.grantsUntil, access-request.service.ts).
    expect(large.queries.filter((c) => c.endsWith(':access_requests'))).toEqual([]);
    expect(large.queries.length).toBeLessThanOrEqual(4);
  });
});
