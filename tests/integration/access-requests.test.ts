/**
 * Access requests on the real database and storage: a teacher asks for a research-only interview, an
 * editor grants it until a date, the teacher then sees it (GraphQL, lists, the research copy of its
 * recording) but may not download its files; ending the grant closes every path again. Bad requests
 * and grants are refused with nothing written; every step is audited.
 */
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLevel, Role } from '../../server/src/access/levels.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { storedAccessCopy, storedInterview } from '../support/factories.js';
import { deliverMail } from '../support/mail.js';

let archive: TestArchive;
let teacher: { id: string; token: string; email: string };
let editor: { id: string; token: string };
let closed: string;

const GET = `query($id: ID!) { interview(id: $id) { id title { en } } }`;
const LIST = `{ interviews(first: 100) { nodes { id } } }`;
const ASK = `mutation($input: RequestAccessInput!) { requestAccess(input: $input) { id state level days } }`;
const GRANT = `mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id state grantedUntil } }`;
const END = `mutation($id: ID!) { endAccess(id: $id, reason: "The course is over") { state reason } }`;
const MINE = `{ myAccessRequests { id state reason grantedUntil } }`;
const ask = (interviewId: string, extra: Record<string, unknown> = {}) =>
  archive.gql(ASK, { input: { interviewId, purpose: 'A lesson on the 1937 deportation', institution: 'School 12', days: 7, ...extra } }, teacher.token);
const codeOf = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;
const DAY = 86_400_000;

async function mediaLocation(id: string, token: string) {
  const res = await fetch(`${archive.url}/api/interviews/${id}/media`, { redirect: 'manual', headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, location: res.headers.get('location') };
}

beforeAll(async () => {
  archive = await startTestArchive({ MAX_GRANT_DAYS: '30' });
  teacher = await archive.userWithRoles([Role.teacher]);
  editor = await archive.userWithRoles([Role.editor]);
  closed = await storedInterview(archive, { accessLevel: 'research', release: { permits: 'research', withdrawn: false }, title: 'Research only' });
  await storedAccessCopy(archive, closed, { audience: 'research' as never, bytes: new TextEncoder().encode('research copy') });
});
afterAll(async () => {
  await archive?.close();
});

describe('access requests', () => {
  it('a teacher asks, an editor grants for a week, the teacher sees and hears it; ending it closes everything again', async () => {
    expect(codeOf(await archive.gql(GET, { id: closed }, teacher.token))).toBe('NOT_FOUND');
    expect((await mediaLocation(closed, teacher.token)).status).toBe(404);

    const asked = await ask(closed);
    expect(asked.errors).toBeUndefined();
    expect(asked.data!.requestAccess).toMatchObject({ state: 'requested', level: 'research', days: 7 });
    const id = asked.data!.requestAccess.id as string;
    // Asking is not seeing.
    expect(codeOf(await archive.gql(GET, { id: closed }, teacher.token))).toBe('NOT_FOUND');
    // A second open request for the same interview is refused.
    expect(codeOf(await ask(closed))).toBe('BAD_USER_INPUT');

    const queue = await archive.gql(`{ accessRequests(state: requested) { id purpose institution } }`, {}, editor.token);
    expect(queue.data!.accessRequests).toEqual([{ id, purpose: 'A lesson on the 1937 deportation', institution: 'School 12' }]);
    expect(codeOf(await archive.gql(`{ accessRequests { id } }`, {}, teacher.token))).toBe('FORBIDDEN');
    // Only editors decide; past the longest grant is refused, nothing written.
    expect(codeOf(await archive.gql(GRANT, { input: { id, until: new Date(Date.now() + 7 * DAY) } }, teacher.token))).toBe('FORBIDDEN');
    expect(codeOf(await archive.gql(GRANT, { input: { id, until: new Date(Date.now() + 31 * DAY) } }, editor.token))).toBe('BAD_USER_INPUT');
    expect((await archive.db.models.AccessRequest.findById(id).lean())!.state).toBe('requested');

    const granted = await archive.gql(GRANT, { input: { id, until: new Date(Date.now() + 7 * DAY) } }, editor.token);
    expect(granted.errors).toBeUndefined();
    expect(granted.data!.grantAccess.state).toBe('granted');

    expect((await archive.gql(GET, { id: closed }, teacher.token)).data!.interview.title.en).toBe('Research only');
    expect((await archive.gql(LIST, {}, teacher.token)).data!.interviews.nodes.map((n: { id: string }) => n.id)).toContain(closed);
    const media = await mediaLocation(closed, teacher.token);
    expect(media.status).toBe(302);
    expect(new TextDecoder().decode(await (await fetch(media.location!)).arrayBuffer())).toBe('research copy');
    // A reading room: the transcript file does not leave without "may download".
    const vtt = await fetch(`${archive.url}/api/interviews/${closed}/transcript.vtt`, { headers: { authorization: `Bearer ${teacher.token}` } });
    expect(vtt.status).toBe(404);
    // Another teacher holds no grant.
    const other = await archive.userWithRoles([Role.teacher]);
    expect(codeOf(await archive.gql(GET, { id: closed }, other.token))).toBe('NOT_FOUND');

    const ended = await archive.gql(END, { id }, editor.token);
    expect(ended.data!.endAccess).toEqual({ state: 'ended', reason: 'The course is over' });
    expect(codeOf(await archive.gql(GET, { id: closed }, teacher.token))).toBe('NOT_FOUND');
    expect((await archive.gql(LIST, {}, teacher.token)).data!.interviews.nodes.map((n: { id: string }) => n.id)).not.toContain(closed);
    expect((await mediaLocation(closed, teacher.token)).status).toBe(404);
    expect((await archive.gql(MINE, {}, teacher.token)).data!.myAccessRequests[0]).toMatchObject({ id, state: 'ended', reason: 'The course is over' });

    const actions = (await archive.db.models.AuditEvent.find({ targetId: id }).lean()).map((e) => e.action).sort();
    expect(actions).toEqual(['access.end', 'access.grant', 'access.request']);
  });

  it('a grant ends at its date without any edit, and at once when the interview is withdrawn', async () => {
    const other = await storedInterview(archive, { accessLevel: 'research', release: { permits: 'research', withdrawn: false } });
    const id = (await ask(other)).data!.requestAccess.id as string;
    await archive.gql(GRANT, { input: { id, until: new Date(Date.now() + 7 * DAY) } }, editor.token);
    expect(codeOf(await archive.gql(GET, { id: other }, teacher.token))).toBeUndefined();
    await archive.db.models.Interview.updateOne({ _id: other }, { $set: { 'release.withdrawn': true, 'release.withdrawnAt': new Date() } });
    expect(codeOf(await archive.gql(GET, { id: other }, teacher.token))).toBe('NOT_FOUND');
    await archive.db.models.Interview.updateOne({ _id: other }, { $set: { 'release.withdrawn': false, 'release.withdrawnAt': null } });
    expect(codeOf(await archive.gql(GET, { id: other }, teacher.token))).toBeUndefined();
    // The date passes (moved back as if a week went by): closed again, the request untouched.
    await archive.db.models.AccessRequest.updateOne({ _id: id }, { $set: { grantedUntil: new Date(Date.now() - 1000) } });
    expect(codeOf(await archive.gql(GET, { id: other }, teacher.token))).toBe('NOT_FOUND');
    expect((await archive.db.models.AccessRequest.findById(id).lean())!.state).toBe('granted');
  });

  it('refuses requests that need none, for hidden interviews, and grants the release forbids; nothing is written', async () => {
    const open = await storedInterview(archive, { accessLevel: 'education', release: { permits: 'education', withdrawn: false } });
    const withdrawn = await storedInterview(archive, { accessLevel: 'research', release: { permits: 'research', withdrawn: true } });
    const embargoed = await storedInterview(archive, { accessLevel: 'research', release: { permits: 'research', withdrawn: false, embargoUntil: new Date(Date.now() + 30 * DAY) } });
    const privateOne = await storedInterview(archive, { accessLevel: 'private', release: { permits: 'private', withdrawn: false } });
    const draft = await storedInterview(archive, { accessLevel: 'research', status: 'draft', release: { permits: 'research', withdrawn: false } });
    const before = await archive.db.models.AccessRequest.countDocuments({});
    // What the site's "withheld" notice asks: only what may be asked for, for anyone (the public is asked to sign in).
    const REQUESTABLE = `query($id: ID!) { requestableAccess(interviewId: $id) { level maxDays } }`;
    expect((await archive.gql(REQUESTABLE, { id: closed }, teacher.token)).data!.requestableAccess).toEqual({ level: 'research', maxDays: 30 });
    expect((await archive.gql(REQUESTABLE, { id: closed })).data!.requestableAccess).toEqual({ level: 'research', maxDays: 30 });
    for (const nothing of [open, withdrawn, embargoed, privateOne, draft]) expect((await archive.gql(REQUESTABLE, { id: nothing }, teacher.token)).data!.requestableAccess).toBeNull();
    expect(codeOf(await ask(open))).toBe('BAD_USER_INPUT');
    for (const hidden of [withdrawn, embargoed, privateOne, draft]) expect(codeOf(await ask(hidden))).toBe('NOT_FOUND');
    expect(codeOf(await ask(closed, { days: 0 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await ask(closed, { purpose: '   ' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await archive.gql(ASK, { input: { interviewId: closed, purpose: 'x', days: 7 } }))).toBe('UNAUTHENTICATED');
    expect(await archive.db.models.AccessRequest.countDocuments({})).toBe(before);

    // The release closes further after the request: the grant is refused.
    const later = await storedInterview(archive, { accessLevel: 'research', release: { permits: 'research', withdrawn: false } });
    const id = (await ask(later)).data!.requestAccess.id as string;
    await archive.db.models.Interview.updateOne({ _id: later }, { $set: { accessLevel: 'private', 'release.permits': 'private' } });
    expect(codeOf(await archive.gql(GRANT, { input: { id, until: new Date(Date.now() + DAY) } }, editor.token))).toBe('BAD_USER_INPUT');
    expect((await archive.db.models.AccessRequest.findById(id).lean())!.state).toBe('requested');
  });

  it('tells the requester by mail of each decision: granted (until when), refused (why), ended (why)', async () => {
    const sent = async () => {
      await deliverMail(archive);
      return archive.db.models.Outbox.find({ to: teacher.email }).sort({ createdAt: 1 }).lean();
    };
    const before = (await sent()).length;
    const first = await storedInterview(archive, { accessLevel: 'research', release: { permits: 'research', withdrawn: false }, title: 'Koryo-saram in Ushtobe' });
    const second = await storedInterview(archive, { accessLevel: 'research', release: { permits: 'research', withdrawn: false }, title: 'Evacuated in 1941' });
    const granted = (await ask(first)).data!.requestAccess.id as string;
    const refused = (await ask(second)).data!.requestAccess.id as string;
    // Asking tells nobody by mail.
    expect((await sent()).length).toBe(before);

    const until = new Date(Date.now() + 7 * DAY);
    expect((await archive.gql(GRANT, { input: { id: granted, until } }, editor.token)).errors).toBeUndefined();
    // Sent before the grant ends (a grant ended before its mail went out is told only as ended).
    await sent();
    const refuse = await archive.gql(`mutation($id: ID!) { refuseAccess(id: $id, reason: "The narrator's family asked us to wait") { state } }`, { id: refused }, editor.token);
    expect(refuse.errors).toBeUndefined();
    expect((await archive.gql(END, { id: granted }, editor.token)).errors).toBeUndefined();

    const mails = (await sent()).slice(before);
    expect(mails.map((m) => m.kind)).toEqual(['access.granted', 'access.refused', 'access.ended']);
    const [grantMail, refuseMail, endMail] = mails;
    // Users made without a language hear in Kazakh, the archive's first language.
    expect(grantMail!.subject).toContain('Koryo-saram in Ushtobe');
    expect(grantMail!.text).toContain(until.toISOString().slice(0, 10));
    expect(grantMail!.text).toContain(`/interviews/${first}`);
    // Refused: they never saw the interview, so its title stays out (its address says which one).
    expect(`${refuseMail!.subject} ${refuseMail!.text}`).not.toContain('Evacuated in 1941');
    expect(refuseMail!.text).toContain(`/interviews/${second}`);
    expect(refuseMail!.text).toContain("The narrator's family asked us to wait");
    expect(endMail!.text).toContain('The course is over');
    expect(endMail!.text).toContain('/my-requests');
  });

  it('asks for one restricted passage or chapter of an interview one sees; the grant opens it at its level, never a private one', async () => {
    const open = await storedInterview(archive, { accessLevel: 'public', release: { permits: 'public', withdrawn: false }, title: 'Open with closed parts' });
    const chapterId = new Types.ObjectId();
    const privateChapterId = new Types.ObjectId();
    await archive.db.models.Interview.updateOne({ _id: open }, {
      $set: {
        indexSegments: [
          { _id: new Types.ObjectId(), start: 0, end: 60, title: { en: 'Arrival' } },
          { _id: chapterId, start: 60, end: 120, title: { en: 'The camp' }, accessLevel: 'research' },
          { _id: privateChapterId, start: 120, end: 180, title: { en: 'Family matter' }, accessLevel: 'private' },
        ],
      },
    });
    const segments = [
      { _id: new Types.ObjectId(), start: 0, end: 5, text: 'We came by train.' },
      { _id: new Types.ObjectId(), start: 60, end: 65, text: 'In the camp we were hungry.', accessLevel: AccessLevel.research },
    ];
    await archive.db.models.Transcript.create({ status: 'approved', interviewId: open, language: 'en', segments });
    const chapters = async () =>
      ((await archive.gql(`query($id: ID!) { interview(id: $id) { indexSegments { id } } }`, { id: open }, teacher.token)).data!.interview.indexSegments as { id: string }[]).map((c) => c.id);
    const before = await archive.db.models.AccessRequest.countDocuments({});

    // Bad inputs: each a clear error, nothing written.
    const privateAsk = await ask(open, { partId: privateChapterId.toHexString() });
    expect(codeOf(privateAsk)).toBe('BAD_USER_INPUT');
    expect(privateAsk.errors![0]!.message).toMatch(/private/);
    expect(codeOf(await ask(open, { partId: String(segments[0]!._id) }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await ask(open, { partId: new Types.ObjectId().toHexString() }))).toBe('NOT_FOUND');
    expect(codeOf(await ask(open, { partId: 'not an id' }))).toBe('BAD_USER_INPUT');
    // A passage of an interview closed to them: ask for the whole interview instead.
    expect(codeOf(await ask(closed, { partId: chapterId.toHexString() }))).toBe('BAD_USER_INPUT');
    expect(await archive.db.models.AccessRequest.countDocuments({})).toBe(before);

    const asked = await archive.gql(
      `mutation($input: RequestAccessInput!) { requestAccess(input: $input) { id level partId partKind partStart } }`,
      { input: { interviewId: open, partId: String(segments[1]!._id), purpose: 'A paper on the camps', days: 7 } },
      teacher.token,
    );
    expect(asked.errors).toBeUndefined();
    expect(asked.data!.requestAccess).toMatchObject({ level: 'research', partId: String(segments[1]!._id), partKind: 'segment', partStart: 60 });
    expect(codeOf(await ask(open, { partId: String(segments[1]!._id) }))).toBe('BAD_USER_INPUT');
    expect(await chapters()).not.toContain(chapterId.toHexString());

    const id = asked.data!.requestAccess.id as string;
    expect((await archive.gql(GRANT, { input: { id, until: new Date(Date.now() + 7 * DAY) } }, editor.token)).errors).toBeUndefined();
    const transcript = await archive.gql(`query($id: ID!) { interview(id: $id) { transcript { segments { text } } } }`, { id: open }, teacher.token);
    expect(transcript.data!.interview.transcript.segments.map((x: { text: string }) => x.text)).toContain('In the camp we were hungry.');
    // The grant is at the passage's level (the recording is cut per level): the research chapter opens too, the private one never.
    expect(await chapters()).toContain(chapterId.toHexString());
    expect(await chapters()).not.toContain(privateChapterId.toHexString());

    // Open to them now through the grant: nothing more to ask for.
    expect(codeOf(await ask(open, { partId: chapterId.toHexString() }))).toBe('BAD_USER_INPUT');

    // A chapter made private after someone asked for it cannot be granted.
    const other = await archive.userWithRoles([Role.reader]);
    const theirs = await archive.gql(ASK, { input: { interviewId: open, partId: chapterId.toHexString(), purpose: 'Family history', days: 3 } }, other.token);
    expect(theirs.errors).toBeUndefined();
    await archive.db.models.Interview.updateOne({ _id: open }, { $set: { 'indexSegments.1.accessLevel': 'private' } });
    const refused = await archive.gql(GRANT, { input: { id: theirs.data!.requestAccess.id, until: new Date(Date.now() + DAY) } }, editor.token);
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect((await archive.db.models.AccessRequest.findById(theirs.data!.requestAccess.id).lean())!.state).toBe('requested');
  });
});
