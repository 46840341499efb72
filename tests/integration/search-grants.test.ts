/**
 * Grants in search: a reader with an open grant finds the granted interview and, at the grant's
 * level, its passages, by the policy's own clearanceFor (search documents carry the interview's id
 * for it); a private passage stays hidden; when the grant ends or the interview is withdrawn, it is
 * gone from their results again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLevel, Role } from '../../server/src/access/levels.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { storedInterview } from '../support/factories.js';

let archive: TestArchive;
let editor: Awaited<ReturnType<TestArchive['userWithRoles']>>;
let reader: Awaited<ReturnType<TestArchive['userWithRoles']>>;
let closed: string;
const DAY = 86_400_000;

const SEARCH = `query($q: String!) { search(q: $q, first: 50) { hits { kind interviewId segmentId } } }`;
const hits = async (q: string, token?: string) => {
  const res = await archive.gql(SEARCH, { q }, token);
  expect(res.errors).toBeUndefined();
  return res.data!.search.hits as { kind: string; interviewId: string | null }[];
};
const kindsFor = async (q: string, token?: string) => (await hits(q, token)).filter((h) => h.interviewId === closed).map((h) => h.kind).sort();

async function grant(token: string) {
  const asked = await archive.gql(
    `mutation($input: RequestAccessInput!) { requestAccess(input: $input) { id } }`,
    { input: { interviewId: closed, purpose: 'A thesis on the Turksib', days: 7 } },
    token,
  );
  expect(asked.errors).toBeUndefined();
  const id = asked.data!.requestAccess.id as string;
  const res = await archive.gql(`mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id } }`, { input: { id, until: new Date(Date.now() + 7 * DAY) } }, editor.token);
  expect(res.errors).toBeUndefined();
  return id;
}

/** Signs in again: a session's grants are read when its actor is. */
const session = async (user: { email: string }) =>
  (await archive.gql(`mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }`, { e: user.email, p: 'correct horse battery staple' })).data!.signIn.token as string;

beforeAll(async () => {
  archive = await startTestArchive();
  editor = await archive.userWithRoles([Role.editor]);
  reader = await archive.userWithRoles([Role.reader]);
  closed = await storedInterview(archive, { accessLevel: 'research', release: { permits: 'research', withdrawn: false }, title: 'Turksibovka railway memories' });
  await archive.db.models.Transcript.create({
    status: 'approved',
    interviewId: closed,
    language: 'ru',
    segments: [
      { start: 0, end: 5, text: 'Мы строили Турксиб, станция Лепсыевка.' },
      { start: 5, end: 10, text: 'Семейная тайна Жаркентовка.', accessLevel: AccessLevel.private },
    ],
  });
  await archive.api.services.search.start();
  await archive.api.services.search.rebuild();
});
afterAll(() => archive?.close());

describe('grants in search', () => {
  it('finds nothing before the grant, the interview and its research passages during it, never the private passage', async () => {
    expect(await kindsFor('Turksibovka', reader.token)).toEqual([]);
    expect(await kindsFor('Лепсыевка', reader.token)).toEqual([]);

    const id = await grant(reader.token);
    const token = await session(reader);
    expect(await kindsFor('Turksibovka', token)).toEqual(['interview']);
    expect(await kindsFor('Лепсыевка', token)).toEqual(['segment']);
    expect(await kindsFor('Жаркентовка', token)).toEqual([]);
    // The editor sees the private passage; another reader nothing.
    expect(await kindsFor('Жаркентовка', editor.token)).toEqual(['segment']);
    const other = await archive.userWithRoles([Role.reader]);
    expect(await kindsFor('Turksibovka', other.token)).toEqual([]);

    // Ended: gone again, at once.
    const ended = await archive.gql(`mutation($id: ID!) { endAccess(id: $id, reason: null) { state } }`, { id }, editor.token);
    expect(ended.errors).toBeUndefined();
    const after = await session(reader);
    expect(await kindsFor('Turksibovka', after)).toEqual([]);
    expect(await kindsFor('Лепсыевка', after)).toEqual([]);
  });

  it('a grant whose date has passed opens nothing in search, nor one on a withdrawn interview', async () => {
    const teacher = await archive.userWithRoles([Role.teacher]);
    const id = await grant(teacher.token);
    const token = await session(teacher);
    expect(await kindsFor('Лепсыевка', token)).toEqual(['segment']);
    // The session read the grant while it was open; the policy checks its date again on each query.
    await archive.db.models.AccessRequest.updateOne({ _id: id }, { $set: { grantedUntil: new Date(Date.now() - 1000) } });
    expect(await kindsFor('Лепсыевка', await session(teacher))).toEqual([]);
    await archive.db.models.AccessRequest.updateOne({ _id: id }, { $set: { grantedUntil: new Date(Date.now() + DAY) } });
    const fresh = await session(teacher);
    expect(await kindsFor('Лепсыевка', fresh)).toEqual(['segment']);

    const version = (await archive.db.models.Interview.findById(closed).lean())!.version;
    const withdrawn = await archive.gql(
      `mutation($input: WithdrawInput!) { withdrawInterview(input: $input) { id } }`,
      { input: { id: closed, reason: 'The narrator withdrew', version } },
      editor.token,
    );
    expect(withdrawn.errors).toBeUndefined();
    await archive.api.services.search.poll();
    expect(await kindsFor('Turksibovka', fresh)).toEqual([]);
    expect(await kindsFor('Лепсыевка', fresh)).toEqual([]);
  });
});
