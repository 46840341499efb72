/**
 * A signed-in teacher's search costs the same database work for a page of 5 hits as for 50: the
 * viewer's grants and clearance are judged once per request and the hits filtered in memory, and what
 * a results page names beside a hit (interview, narrators, facet labels) is read in one batch per kind.
 * A teacher's grant opens the granted interview's hit, and only for them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { commandsDuring, readTwice } from '../support/commands.js';
import { narrator, storedInterview, term } from '../support/factories.js';

let archive: TestArchive;
let teacher: Awaited<ReturnType<TestArchive['userWithRoles']>>;
let editor: Awaited<ReturnType<TestArchive['userWithRoles']>>;
let closed: string;
const DAY = 86_400_000;

// What the site's search page asks for (web/src/routes/[lang=lang]/(public)/search/+page.server.ts).
const SEARCH = `query($q: String!, $first: Int!) {
  search(q: $q, first: $first) {
    total
    hits {
      kind interviewId segmentId narratorId title snippet
      interview { id title { en } recordedOn narrators { id displayName { en } } indexSegments { id title { en } } }
      narrator { displayName { en } }
      collection { slug title { en } }
    }
    facets { name values { value count label { en } } }
  }
}`;

async function interviews(word: string, n: number, place: string) {
  for (let i = 0; i < n; i++) {
    const teller = await narrator(archive, `${word} teller ${i}`);
    const id = await storedInterview(archive, { title: `${word} interview ${i}`, accessLevel: 'education', release: { permits: 'education', withdrawn: false }, narratorIds: [teller], tagIds: [place] });
    await archive.db.models.Transcript.create({ status: 'approved', interviewId: id, language: 'ru', segments: [{ start: 0, end: 5, text: `Мы жили в ${word} у реки.` }] });
  }
}

const search = (q: string, first: number, token?: string) =>
  commandsDuring(archive, async () => {
    const res = await archive.gql(SEARCH, { q, first }, token);
    expect(res.errors).toBeUndefined();
    return res.data!.search as { total: number; hits: { kind: string; interviewId: string | null; interview: { id: string } | null }[] };
  });

beforeAll(async () => {
  archive = await startTestArchive();
  teacher = await archive.userWithRoles([Role.teacher]);
  editor = await archive.userWithRoles([Role.editor]);
  const place = await term(archive, 'place', 'kaskelen', 'Kaskelen');
  await interviews('Талгарка', 5, place);
  await interviews('Узынагаш', 50, place);
  closed = await storedInterview(archive, { title: 'Shamalgan research interview', accessLevel: 'research', release: { permits: 'research', withdrawn: false } });
  await archive.api.services.search.start();
  await archive.api.services.search.rebuild();
});
afterAll(() => archive?.close());

describe("a teacher's search", () => {
  it('sends the same queries for 50 hits as for 5, and reads each record once', async () => {
    const few = await search('Талгарка', 50, teacher.token);
    const many = await search('Узынагаш', 50, teacher.token);
    console.log(JSON.stringify({ few: few.queries, many: many.queries, fewById: few.byId.length, manyById: many.byId.length, kinds: many.result.hits.map((h) => h.kind), fk: few.result.hits.map((h) => h.kind) }));
    expect(new Set(few.result.hits.map((h) => h.interviewId).filter(Boolean)).size).toBe(5);
    expect(new Set(many.result.hits.map((h) => h.interviewId).filter(Boolean)).size).toBeGreaterThanOrEqual(25);
    expect(many.result.hits.every((h) => !h.interviewId || h.interview?.id === h.interviewId)).toBe(true);
    expect(many.queries.sort()).toEqual(few.queries.sort());
    expect(readTwice(many.byId)).toEqual([]);
  });

  it("shows a granted interview's hit to the teacher holding the grant, not to another teacher", async () => {
    const other = await archive.userWithRoles([Role.teacher]);
    const ids = async (token: string) => (await search('Shamalgan', 50, token)).result.hits.map((h) => h.interviewId);
    expect(await ids(teacher.token)).not.toContain(closed);

    const asked = await archive.gql(`mutation($input: RequestAccessInput!) { requestAccess(input: $input) { id } }`, { input: { interviewId: closed, purpose: 'A lesson on the Turksib', days: 7 } }, teacher.token);
    expect(asked.errors).toBeUndefined();
    const granted = await archive.gql(`mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id } }`, { input: { id: asked.data!.requestAccess.id, until: new Date(Date.now() + 7 * DAY) } }, editor.token);
    expect(granted.errors).toBeUndefined();
    // A session's grants are read when its actor is: sign in again.
    const signedIn = await archive.gql(`mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }`, { e: teacher.email, p: 'correct horse battery staple' });
    const token = signedIn.data!.signIn.token as string;

    expect(await ids(token)).toContain(closed);
    expect(await ids(other.token)).not.toContain(closed);
  });
});
